"""The demo city's 2024 work plan: the seed document imported, published, broken down and reported on.

`build_demo_plan(seed=…, units=…, users=…)` loads the Qianjiang plan shipped with the plans
app (data/qianjiang-2024-work-plan.txt) through plans.services.importing.plan_import and
publishes it with plan_publish, as the 系统管理员 (admin) would. It then writes the
任务分解表 of plan_catalog.BREAKDOWN (plan_breakdown), the monthly reports of March–October
2024 with their reviews (plan_progress) and two 督办单, all set-wise. The plan's history is
dated in 2024 (imported and published on 2024-03-11, broken down on 2024-03-15, reports
created when submitted), so the lights of plans.lights read as they did in the autumn of 2024.

Idempotent: if the city already has a plan for 2024 (this demo's or anyone's), nothing is
written. Deterministic: every random choice comes from two random.Random streams seeded with
`seed` (plan_progress.Dice).
"""
import datetime
from dataclasses import dataclass
from importlib import resources

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce

from edubureau.accounts.models import Membership, User
from edubureau.accounts.roles import Role
from edubureau.demo.catalog import CITY_CODE
from edubureau.demo.plan_breakdown import TaskRow, breakdown_write, plan_rows
from edubureau.demo.plan_catalog import BROKEN_DOWN_AT, IMPORTED_AT, NOTICES, PLAN_YEAR, PUBLISHED_AT
from edubureau.demo.plan_progress import Actors, Dice, aware, progress_reports, twist_unit
from edubureau.orgs.models import OrgUnit
from edubureau.plans.models import (
    Milestone, NoticeStatus, PlanItem, ProgressReport, SupervisionNotice, Task, TaskUnit, WorkPlan,
)
from edubureau.plans.parsing import read_document
from edubureau.plans.services.importing import plan_import
from edubureau.plans.services.publishing import plan_publish

PLAN_FILENAME = "市教育局2024年工作要点.txt"
SEED_RESOURCE = ("data", "qianjiang-2024-work-plan.txt")  # inside the edubureau.plans package
# Roles whose member reports for (and, at a section, reviews for) their unit.
REPORTING_ROLES = (Role.SECTION_STAFF, Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN)


@dataclass
class PlanDemoResult:
    """What the demo plan holds; `created` is False when a 2024 plan already existed (nothing written)."""

    created: bool
    title: str = ""
    items: int = 0
    tasks: int = 0
    task_units: int = 0
    milestones: int = 0
    reports: int = 0
    notices: int = 0


def seed_plan_bytes() -> bytes:
    return resources.files("edubureau.plans").joinpath(*SEED_RESOURCE).read_bytes()


@transaction.atomic
def build_demo_plan(*, seed: int, units: dict[str, OrgUnit], users: dict[str, User]) -> PlanDemoResult:
    """Import, publish, break down and report on the 2024 plan of the demo city (units by code, users by name)."""
    city, admin = units[CITY_CODE], users["admin"]
    existing = WorkPlan.objects.filter(owner=city, year=PLAN_YEAR).order_by("-version").first()
    if existing is not None:
        return _existing_result(existing)
    source = read_document(seed_plan_bytes(), PLAN_FILENAME)
    plan = plan_import(source=source, filename=PLAN_FILENAME, owner=city, imported_by=admin)
    plan_publish(plan=plan, published_by=admin)
    _backdate_plan(plan)
    items = list(
        PlanItem.objects.filter(section__plan=plan).select_related("section__plan__owner")
        .prefetch_related("targets", "mentions", "tasks").order_by("section__seq", "seq")
    )
    rows = plan_rows(items, units)
    actors = Actors(reporters=_reporters(users), fallback=admin)
    breakdown_write(rows, owners=actors.reporters, fallback_owner=admin)
    dice = Dice.for_seed(seed)
    twisted = {row.task.pk: twist_unit(dice.course, row, units) for row in rows}
    reports = ProgressReport.objects.bulk_create(progress_reports(dice, rows, twisted, actors=actors))
    notices = _issue_notices(rows, twisted, actors)
    _backdate_work(plan)
    return PlanDemoResult(
        created=True, title=plan.title, items=len(items), tasks=len(rows),
        task_units=sum(len(r.units) for r in rows), milestones=sum(len(r.plan.milestones) for r in rows),
        reports=len(reports), notices=len(notices),
    )


def _reporters(users: dict[str, User]) -> dict[int, User]:
    """unit pk -> the demo user who reports for it (the first by username when several do)."""
    by_pk = {u.pk: u for u in users.values()}
    rows = (Membership.objects.filter(user__in=list(by_pk), role__in=REPORTING_ROLES)
            .order_by("user__username").values_list("org_unit_id", "user_id"))
    reporters: dict[int, User] = {}
    for unit_id, user_id in rows:
        reporters.setdefault(unit_id, by_pk[user_id])
    return reporters


def _date_text(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _issue_notices(rows: list[TaskRow], twisted: dict, actors: Actors) -> list[SupervisionNotice]:
    """The 督办单 of plan_catalog.NOTICES, numbered on from the city's 督办〔2024〕 count as notice_issue does."""
    by_key = {(int(r.item.number), r.seq): r for r in rows}
    prefix = f"督办〔{PLAN_YEAR}〕"
    first = SupervisionNotice.objects.filter(number__startswith=prefix).count() + 1
    notices = []
    for number, spec in enumerate(NOTICES, first):
        row = by_key[(spec.item, spec.seq)]
        unit = twisted[row.task.pk]
        notice = SupervisionNotice(
            task=row.task, org_unit=unit, number=f"{prefix}{number}号", reply_due=spec.reply_due,
            reason=spec.reason.format(unit=unit.name, measure=row.plan.measure, reply_due=_date_text(spec.reply_due)),
            issued_by=actors.reporter(row.lead), reply=spec.reply,
            status=NoticeStatus.REPLIED if spec.reply else NoticeStatus.OPEN,
            replied_at=_aware(spec.replied_at) if spec.reply else None,
            replied_by=actors.reporter(unit) if spec.reply else None,
        )
        notice.full_clean(exclude=["task", "org_unit", "issued_by", "replied_by"], validate_unique=False,
                          validate_constraints=False)
        notices.append(notice)
    notices = SupervisionNotice.objects.bulk_create(notices)
    for notice, spec in zip(notices, NOTICES):
        issued = _aware(spec.issued_at)
        SupervisionNotice.objects.filter(pk=notice.pk).update(created_at=issued, updated_at=notice.replied_at or issued)
    return notices


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return aware(moment.date(), moment.hour, moment.minute)


def _backdate_plan(plan: WorkPlan) -> None:
    """Date the import and publication in March 2024: the lights count due reports from publication."""
    plan.created_at, plan.published_at = _aware(IMPORTED_AT), _aware(PUBLISHED_AT)
    WorkPlan.objects.filter(pk=plan.pk).update(
        created_at=plan.created_at, updated_at=plan.published_at, published_at=plan.published_at,
    )


def _backdate_work(plan: WorkPlan) -> None:
    """Tasks date from the breakdown, reports from their submission (last change: the review)."""
    Task.objects.filter(item__section__plan=plan).update(
        created_at=_aware(PUBLISHED_AT), updated_at=_aware(BROKEN_DOWN_AT),
    )
    ProgressReport.objects.filter(task__item__section__plan=plan).update(
        created_at=F("submitted_at"), updated_at=Coalesce(F("reviewed_at"), F("submitted_at")),
    )


def _existing_result(plan: WorkPlan) -> PlanDemoResult:
    tasks = Task.objects.filter(item__section__plan=plan)
    return PlanDemoResult(
        created=False, title=plan.title, items=PlanItem.objects.filter(section__plan=plan).count(),
        tasks=tasks.count(), task_units=TaskUnit.objects.filter(task__in=tasks).count(),
        milestones=Milestone.objects.filter(task__in=tasks).count(),
        reports=ProgressReport.objects.filter(task__in=tasks).count(),
        notices=SupervisionNotice.objects.filter(task__in=tasks).count(),
    )
