"""factory_boy factories for plans, for tests that build tasks, reports and milestones by hand.

Tests of the services go through plan_import/plan_publish instead; these factories are for
exact situations (a light rule, a tally) that would take many service calls to reach.
A chain stays inside one city: an item's plan is owned by a city, and a TaskUnitFactory or
ProgressReportFactory without an org unit uses a unit of that city.
"""
import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from edubureau.orgs.models import OrgKind
from edubureau.orgs.tests.factories import CityFactory, OrgUnitFactory
from edubureau.plans.models import (
    Milestone, PlanItem, PlanSection, PlanStatus, ProgressReport, ProgressStatus, ReviewStatus, Task, TaskUnit,
    TaskUnitRole, WorkPlan,
)

PLAN_YEAR = 2024


class WorkPlanFactory(DjangoModelFactory):
    """A published plan of PLAN_YEAR, issued on 8 March (so reports are due from March)."""

    class Meta:
        model = WorkPlan

    owner = factory.SubFactory(CityFactory)
    year = PLAN_YEAR
    version = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttributeSequence(lambda o, n: f"{o.year}年测试工作要点{n:04d}")
    issued_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 3, 8))
    source_text = "测试原文"
    source_sha256 = "0" * 64
    status = PlanStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class PlanSectionFactory(DjangoModelFactory):
    class Meta:
        model = PlanSection

    plan = factory.SubFactory(WorkPlanFactory)
    seq = factory.Sequence(lambda n: n + 1)
    number = "一"
    title = factory.Sequence(lambda n: f"测试部分{n:04d}")


class PlanItemFactory(DjangoModelFactory):
    class Meta:
        model = PlanItem

    section = factory.SubFactory(PlanSectionFactory)
    seq = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: str(o.seq))
    title = factory.Sequence(lambda n: f"测试任务{n:04d}")
    start = 0
    end = 0


class TaskFactory(DjangoModelFactory):
    """A task due at the end of its plan's year."""

    class Meta:
        model = Task

    item = factory.SubFactory(PlanItemFactory)
    seq = 1
    deadline = factory.LazyAttribute(lambda o: datetime.date(o.item.section.plan.year, 12, 31))


def _section_of(task: Task):
    return OrgUnitFactory(kind=OrgKind.SECTION, parent=task.item.section.plan.owner)


class TaskUnitFactory(DjangoModelFactory):
    """A responsible unit; by default a new section of the task's city, leading."""

    class Meta:
        model = TaskUnit

    task = factory.SubFactory(TaskFactory)
    org_unit = factory.LazyAttribute(lambda o: _section_of(o.task))
    role = TaskUnitRole.LEAD


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    task = factory.SubFactory(TaskFactory)
    title = factory.Sequence(lambda n: f"节点{n:04d}")
    due_on = datetime.date(PLAN_YEAR, 6, 30)
    done_on = None


class ProgressReportFactory(DjangoModelFactory):
    """A submitted 推进中 report; by default from the task's first responsible unit."""

    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory)
    org_unit = factory.LazyAttribute(lambda o: o.task.task_units.order_by("pk").first().org_unit)
    month = datetime.date(PLAN_YEAR, 5, 1)
    status = ProgressStatus.IN_PROGRESS
    percent = 50
    narrative = "按计划推进"
    submitted_at = factory.LazyFunction(timezone.now)
    review_status = ReviewStatus.SUBMITTED
