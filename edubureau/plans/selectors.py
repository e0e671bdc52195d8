"""Reads of the plans app. Everything goes through the scoping choke point in accounts.scoping.

A plan is visible to users whose view scope contains its owner (the city's staff) and, for
published plans, to units that share in at least one of its tasks; such a unit sees only
the items it shares in. Drafts are visible to plan managers only.
"""
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from edubureau.accounts.models import Membership
from edubureau.accounts.roles import CAPTURE_ROLES, PLAN_MANAGER_ROLES
from edubureau.accounts.scoping import can_manage_plans, captured, in_scope, scoped
from edubureau.orgs.models import OrgKind, OrgUnit
from edubureau.plans.models import (
    PlanItem, PlanStatus, ProgressReport, ReviewStatus, SupervisionNotice, Task, TaskUnit, TaskUnitRole, WorkPlan,
)


def _shared_task_units(user) -> QuerySet[TaskUnit]:
    return scoped(TaskUnit.objects.all(), user, path_field="org_unit__path")


def _drafts_hidden(user) -> Q:
    """Drafts are listed only to those who manage their city's plans (科室人员, 系统管理员, superusers)."""
    if user.is_superuser:
        return Q()
    paths = user.memberships.filter(role__in=PLAN_MANAGER_ROLES).values_list("org_unit__path", flat=True)
    managed = [Q(owner__path__startswith=f"/{path.strip('/').split('/')[0]}/") for path in paths]
    return reduce(or_, managed, ~Q(status=PlanStatus.DRAFT))


def plan_list(*, fetched_by) -> QuerySet[WorkPlan]:
    """Plans the user may open, newest first (drafts only for their managers)."""
    owned = scoped(WorkPlan.objects.all(), fetched_by, path_field="owner__path").filter(_drafts_hidden(fetched_by))
    shares = _shared_task_units(fetched_by).filter(task__item__section__plan=OuterRef("pk"))
    # Units keep seeing superseded versions they shared in, with their own past reports.
    shared = WorkPlan.objects.filter(Exists(shares), status__in=[PlanStatus.PUBLISHED, PlanStatus.SUPERSEDED])
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
    tasks = Task.objects.select_related("owner").prefetch_related(
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


def reporting_task_units(*, fetched_by, plan: WorkPlan | None = None, task_id: int | None = None) -> QuerySet[TaskUnit]:
    """The (task, unit) pairs of published plans the user reports for: units in their capture scope."""
    qs = TaskUnit.objects.filter(task__item__section__plan__status=PlanStatus.PUBLISHED)
    qs = qs.filter(task__item__section__plan=plan) if plan is not None else qs
    qs = qs.filter(task_id=task_id) if task_id is not None else qs
    qs = qs.select_related("task__item__section__plan__owner", "org_unit")
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


def managed_city(user) -> OrgUnit | None:
    """The city whose plans `user` manages (科室人员/系统管理员), or None."""
    if not user.is_authenticated:
        return None
    memberships = user.memberships.filter(role__in=PLAN_MANAGER_ROLES).select_related("org_unit")
    paths = [m.org_unit.path for m in memberships]
    if not paths and user.is_superuser:
        return OrgUnit.objects.filter(kind=OrgKind.CITY).order_by("path").first()
    codes = {p.strip("/").split("/")[0] for p in paths}
    return OrgUnit.objects.filter(code__in=codes, kind=OrgKind.CITY).order_by("path").first()


def latest_report_month(plan: WorkPlan):
    """The most recent month anyone reported on, to open the dashboard on."""
    row = ProgressReport.objects.filter(task__item__section__plan=plan).order_by("-month").values("month").first()
    return row["month"] if row else None


def item_reports(*, fetched_by, item: PlanItem) -> QuerySet[ProgressReport]:
    """Reports on the item's tasks from units in the user's scope, newest month first."""
    qs = ProgressReport.objects.filter(task__item=item).select_related("task", "org_unit", "submitted_by", "reviewed_by")
    return scoped(qs, fetched_by, path_field="org_unit__path").prefetch_related("evidence").order_by(
        "-month", "task__seq", "org_unit__path",
    )


def report_get(*, fetched_by, pk: int) -> ProgressReport:
    """A report the user may see (its unit in scope and its item visible), or Http404."""
    qs = ProgressReport.objects.select_related("task__item__section__plan__owner", "org_unit")
    report = scoped(qs, fetched_by, path_field="org_unit__path").filter(pk=pk).first()
    if report is None:
        raise Http404("未找到该报送")
    item_get(fetched_by=fetched_by, pk=report.task.item_id)
    return report


def notice_get(*, fetched_by, pk: int) -> SupervisionNotice:
    qs = SupervisionNotice.objects.select_related("task__item__section__plan__owner", "org_unit", "issued_by")
    notice = scoped(qs, fetched_by, path_field="org_unit__path").filter(pk=pk).first()
    if notice is None:
        raise Http404("未找到该督办单")
    return notice


def captured_memberships(city: OrgUnit) -> QuerySet:
    """Memberships in roles that enter data, at units of `city`: the people a task can be given to."""
    return Membership.objects.filter(org_unit__path__startswith=city.path, role__in=CAPTURE_ROLES,
                                     user__is_active=True).order_by("org_unit__path")
