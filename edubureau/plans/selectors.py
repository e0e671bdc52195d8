"""Reads of the plans app. Everything goes through the scoping choke point in accounts.scoping.

A plan is visible to users whose view scope contains its owner (the city's staff) and, for
published plans, to units that share in at least one of its tasks; such a unit sees only
the items it shares in. Drafts are visible to plan managers only.
"""
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from edubureau.accounts.scoping import can_manage_plans, captured, in_scope, scoped
from edubureau.plans.models import (
    PlanItem, PlanStatus, ProgressReport, ReviewStatus, SupervisionNotice, Task, TaskUnit, TaskUnitRole, WorkPlan,
)


def _shared_task_units(user) -> QuerySet[TaskUnit]:
    return scoped(TaskUnit.objects.all(), user, path_field="org_unit__path")


def plan_list(*, fetched_by) -> QuerySet[WorkPlan]:
    """Plans the user may open, newest first."""
    owned = scoped(WorkPlan.objects.all(), fetched_by, path_field="owner__path")
    shares = _shared_task_units(fetched_by).filter(task__item__section__plan=OuterRef("pk"))
    shared = WorkPlan.objects.filter(Exists(shares), status=PlanStatus.PUBLISHED)
    visible = (owned | shared).distinct().select_related("owner")
    return visible.order_by("-year", "-version")


def plan_get(*, fetched_by, pk: int) -> WorkPlan:
    """One plan, or Http404 (also for a draft seen by someone who does not manage plans)."""
    plan = plan_list(fetched_by=fetched_by).filter(pk=pk).first()
    if plan is None or (plan.status == PlanStatus.DRAFT and not can_manage_plans(fetched_by, plan.owner)):
        raise Http404("未找到该工作要点")
    return plan


def sees_whole_plan(user, plan: WorkPlan) -> bool:
    return in_scope(user, plan.owner)


def plan_items(*, fetched_by, plan: WorkPlan) -> QuerySet[PlanItem]:
    """Items of `plan` the user may see, with sections, targets, mentions and tasks prefetched."""
    items = PlanItem.objects.filter(section__plan=plan).select_related("section")
    if not sees_whole_plan(fetched_by, plan):
        shares = _shared_task_units(fetched_by).filter(task__item=OuterRef("pk"))
        items = items.filter(Exists(shares))
    tasks = Task.objects.prefetch_related(
        Prefetch("task_units", queryset=TaskUnit.objects.select_related("org_unit").order_by("role", "org_unit__path")),
        "milestones",
    )
    return items.prefetch_related("targets", "mentions", Prefetch("tasks", queryset=tasks)).order_by(
        "section__seq", "seq",
    )


def item_get(*, fetched_by, pk: int) -> PlanItem:
    item = PlanItem.objects.select_related("section__plan__owner").filter(pk=pk).first()
    if item is None:
        raise Http404("未找到该任务")
    plan_get(fetched_by=fetched_by, pk=item.section.plan_id)
    if not plan_items(fetched_by=fetched_by, plan=item.section.plan).filter(pk=pk).exists():
        raise Http404("未找到该任务")
    return item


def reporting_task_units(*, fetched_by, plan: WorkPlan) -> QuerySet[TaskUnit]:
    """The (task, unit) pairs the user reports for: units in their capture scope."""
    qs = TaskUnit.objects.filter(task__item__section__plan=plan).select_related("task__item", "org_unit")
    return captured(qs, fetched_by, path_field="org_unit__path").order_by(
        "task__item__section__seq", "task__item__seq", "task__seq", "org_unit__path",
    )


def review_queue(*, fetched_by, plan: WorkPlan) -> QuerySet[ProgressReport]:
    """Submitted reports on tasks whose lead unit the user may capture for."""
    leads = captured(TaskUnit.objects.filter(task=OuterRef("task"), role=TaskUnitRole.LEAD), fetched_by,
                     path_field="org_unit__path")
    return (
        ProgressReport.objects.filter(task__item__section__plan=plan, review_status=ReviewStatus.SUBMITTED)
        .filter(Exists(leads)).select_related("task__item", "org_unit", "submitted_by")
        .order_by("month", "task__item__seq", "org_unit__path")
    )


def notice_list(*, fetched_by, plan: WorkPlan) -> QuerySet[SupervisionNotice]:
    qs = SupervisionNotice.objects.filter(task__item__section__plan=plan).select_related("task__item", "org_unit")
    return scoped(qs, fetched_by, path_field="org_unit__path")
