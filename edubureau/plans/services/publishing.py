"""Review corrections on a draft plan, and publishing it into tracked work."""
import datetime

from django.db import transaction
from django.utils import timezone

from edubureau.core.exceptions import ApplicationError
from edubureau.plans.models import (
    PlanItem, PlanMention, PlanSection, PlanStatus, PlanTarget, Task, TaskUnit, TaskUnitRole, WorkPlan,
)
from edubureau.plans.services.units import UnitNames

PLAN_NOT_DRAFT = "该工作要点已发布,不能再修改;如需调整,请导入新版本"
ITEM_TITLE_REQUIRED = "重点任务名称不能为空"
ITEM_NUMBER_TAKEN = "本工作要点中已有序号为“{number}”的任务"


def _ensure_draft(plan: WorkPlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ApplicationError(PLAN_NOT_DRAFT)


def plan_item_correct(*, item: PlanItem, number: str, title: str, group: str = "") -> PlanItem:
    """Correct what the parser read for one item of a draft plan."""
    plan = item.section.plan
    _ensure_draft(plan)
    number, title = number.strip(), title.strip()
    if not title:
        raise ApplicationError(ITEM_TITLE_REQUIRED)
    clash = PlanItem.objects.filter(section__plan=plan, number=number).exclude(pk=item.pk)
    if number and clash.exists():
        raise ApplicationError(ITEM_NUMBER_TAKEN.format(number=number))
    item.number, item.title, item.group = number, title, group.strip()
    item.full_clean()
    item.save(update_fields=["number", "title", "group"])
    return item


def plan_section_correct(*, section: PlanSection, number: str, title: str) -> PlanSection:
    _ensure_draft(section.plan)
    section.number, section.title = number.strip(), title.strip()
    section.full_clean()
    section.save(update_fields=["number", "title"])
    return section


def plan_extraction_delete(*, obj: PlanTarget | PlanMention) -> None:
    """Drop a target or mention the parser found by mistake (draft plans only)."""
    _ensure_draft(obj.item.section.plan)
    obj.delete()


@transaction.atomic
def plan_publish(*, plan: WorkPlan, published_by) -> WorkPlan:
    """Publish a draft: one task per item, pre-filled from the responsibility annotations.

    Earlier published versions of the same plan year are superseded.
    """
    _ensure_draft(plan)
    WorkPlan.objects.filter(owner=plan.owner, year=plan.year, status=PlanStatus.PUBLISHED).update(
        status=PlanStatus.SUPERSEDED,
    )
    plan.status, plan.published_at, plan.published_by = PlanStatus.PUBLISHED, timezone.now(), published_by
    plan.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    _create_default_tasks(plan)
    return plan


def _create_default_tasks(plan: WorkPlan) -> None:
    items = list(PlanItem.objects.filter(section__plan=plan).prefetch_related("targets"))
    deadline = datetime.date(plan.year, 12, 31)
    tasks = Task.objects.bulk_create(
        Task(item=item, seq=1, target="；".join(t.text for t in item.targets.all()), deadline=deadline)
        for item in items
    )
    rows, names = [], UnitNames(plan.owner)
    for task, item in zip(tasks, items):
        lead, _ = names.match(item.lead_names)
        coop, _ = names.match(item.cooperating_names)
        rows += [TaskUnit(task=task, org_unit=u, role=TaskUnitRole.LEAD) for u in lead]
        rows += [TaskUnit(task=task, org_unit=u, role=TaskUnitRole.COOPERATE) for u in coop if u not in lead]
    TaskUnit.objects.bulk_create(rows)
