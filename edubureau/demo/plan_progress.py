"""The demo's monthly progress reports (March–October 2024) and their reviews, generated set-wise.

Every responsible unit of every task reports each month, following the task's Course
(plan_catalog): percents rise month by month (rounded to 5, at most 95 until done), a few
reports are nil, a DONE task reaches 100 % in its month, a LAGGING task stalls with its
unit and lead reporting 滞后, a SKIP unit misses the last month(s), a RETURNED unit's October
report is sent back. Reports up to September are approved by the lead section's user a few
days after submission; in October some still wait (待审核). Reports are checked against the
same rules as plans.services.progress.report_submit before the bulk write.
"""
import datetime
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from edubureau.core.exceptions import ApplicationError
from edubureau.demo import plan_prose
from edubureau.demo.plan_breakdown import TaskRow
from edubureau.demo.plan_catalog import (
    DONE, LAGGING, NORMAL, PLAN_YEAR, REPORT_MONTHS, RETURNED, SKIP, UNIT_KEYS,
)
from edubureau.orgs.models import OrgUnit
from edubureau.plans.models import ProgressReport, ProgressStatus, ReviewStatus
from edubureau.plans.services.progress import REPORT_DONE_NOT_100, REPORT_NARRATIVE_REQUIRED, REPORT_PERCENT_RANGE

TZ = ZoneInfo("Asia/Shanghai")
STALLED = "stalled"  # the other units of a lagging task: still 推进中, but hardly moving
PENDING_SHARE = 0.3  # share of October reports not reviewed yet
NIL_SHARE = 0.06  # share of a cooperating unit's mid-year reports that are nil
_LAST = REPORT_MONTHS[-1]


@dataclass(frozen=True)
class Actors:
    """Who reports for each unit (by unit pk); a task's reports are reviewed by its lead's reporter."""

    reporters: dict[int, object]
    fallback: object  # admin: reports for units without a demo user

    def reporter(self, unit: OrgUnit):
        return self.reporters.get(unit.pk, self.fallback)


def aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def twist_unit(rng: random.Random, row: TaskRow, units: dict[str, OrgUnit]) -> OrgUnit | None:
    """The unit a task's twist happens to: the preferred one if responsible, else a seeded pick."""
    course = row.plan.course
    if course.kind in (NORMAL, DONE):
        return None
    preferred = units.get(UNIT_KEYS[course.prefer]) if course.prefer else None
    if preferred is not None and preferred in row.units:
        return preferred
    return rng.choice(row.cooperating or [row.lead])


def _kind(row: TaskRow, unit: OrgUnit, twisted: OrgUnit | None) -> str:
    kind = row.plan.course.kind
    if kind == LAGGING:
        return LAGGING if unit in (twisted, row.lead) else STALLED
    return DONE if kind == DONE else NORMAL


def _round5(value: float) -> int:
    return int(5 * round(value / 5))


def trajectory(rng: random.Random, *, pace: str, month: int, deadline: datetime.date) -> list[tuple[str, int]]:
    """(status, percent) for each report month at `pace` (NORMAL, DONE in `month`, or STALLED from `month`).

    Percents rise towards the deadline (rounded to 5, at most 95 until done); 0 is 未启动.
    """
    end = month if pace == DONE else deadline.month
    percent = 0 if pace != DONE and rng.random() < 0.12 else _round5(rng.randint(5, 15))
    out = []
    for m in REPORT_MONTHS:
        if pace == DONE and m >= month:
            out.append((ProgressStatus.DONE, 100))
            continue
        if pace == STALLED and m >= month:
            percent += rng.choice((0, 0, 5))
        elif m > REPORT_MONTHS[0]:
            percent = max(percent, _round5(100 * (m - 2) / (end - 1.5) + rng.randint(-6, 6)))
        percent = min(percent, 95)
        out.append((ProgressStatus.NOT_STARTED if percent == 0 else ProgressStatus.IN_PROGRESS, percent))
    return out


def _narrative(rng: random.Random, row: TaskRow, unit: OrgUnit, month: int, status: str, percent: int) -> str:
    course = row.plan.course
    prose = plan_prose.Prose(unit.name, row.item.title, row.plan.measure, month, percent, row.events, row.plan.project)
    if status == ProgressStatus.DONE:
        if month > course.month:
            return plan_prose.kept_done(prose, done_month=course.month)
        return plan_prose.done(prose, lead=unit is row.lead, summary=course.text)
    if status == ProgressStatus.LAGGING:
        return plan_prose.lagging(prose, reason=course.text, remedy=course.remedy)
    if status == ProgressStatus.NOT_STARTED:
        return plan_prose.not_started(prose)
    return plan_prose.in_progress(rng, prose) + (_milestones_met(row, month) if unit == row.lead else "")


def _milestones_met(row: TaskRow, month: int) -> str:
    """Sentences on the milestones completed since the last report (reports go in from the 18th)."""
    since, until = datetime.date(PLAN_YEAR, month - 1, 18), datetime.date(PLAN_YEAR, month, 18)
    met = [m for m in row.plan.milestones if m.done_on and since < m.done_on <= until]
    return "".join(plan_prose.milestone_done(m.title, m.done_on) for m in met)


def check_report(report: ProgressReport) -> ProgressReport:
    """The rules report_submit enforces on a report's content, then full_clean without queries."""
    if not 0 <= report.percent <= 100:
        raise ApplicationError(REPORT_PERCENT_RANGE)
    if report.status == ProgressStatus.DONE and report.percent != 100:
        raise ApplicationError(REPORT_DONE_NOT_100)
    if not report.is_nil and not report.narrative.strip():
        raise ApplicationError(REPORT_NARRATIVE_REQUIRED)
    report.full_clean(exclude=["task", "org_unit", "submitted_by", "reviewed_by"], validate_unique=False,
                      validate_constraints=False)
    return report


def _review(rng: random.Random, report: ProgressReport, *, reviewer, returned: str, keep_pending: bool) -> None:
    """Approve (a few days after submission), return with `returned` as the reason, or leave pending."""
    if keep_pending:
        return
    day = report.submitted_at.date() + datetime.timedelta(days=rng.randint(1, 4))
    report.reviewed_by, report.reviewed_at = reviewer, aware(day, rng.randint(9, 17), rng.randrange(0, 60, 5))
    report.review_status = ReviewStatus.RETURNED if returned else ReviewStatus.APPROVED
    report.review_comment = returned


@dataclass(frozen=True)
class Dice:
    """Two seeded streams: `course` decides the figures and reviews, `prose` only the wording, so
    the counts do not move when the parser finds more or fewer events to mention."""

    course: random.Random
    prose: random.Random

    @classmethod
    def for_seed(cls, seed: int) -> "Dice":
        return cls(random.Random(f"edubureau-demo:plan:{seed}"), random.Random(f"edubureau-demo:plan-prose:{seed}"))


def _report(dice: Dice, row: TaskRow, unit: OrgUnit, month: int, step: tuple[str, int], *, nil: bool,
            returned: str, submitted_by) -> ProgressReport:
    status, percent = step
    report = ProgressReport(
        task=row.task, org_unit=unit, month=datetime.date(PLAN_YEAR, month, 1), status=status, percent=percent,
        is_nil=nil, submitted_by=submitted_by,
        submitted_at=aware(datetime.date(PLAN_YEAR, month, dice.course.randint(18, 25)), dice.course.randint(8, 17),
                           dice.course.randrange(0, 60, 5)),
    )
    if returned:
        prose = plan_prose.Prose(unit.name, row.item.title, row.plan.measure, month, percent)
        report.narrative = plan_prose.vague(prose)
    elif not nil:
        report.narrative = _narrative(dice.prose, row, unit, month, status, percent)
    return report


def unit_reports(dice: Dice, row: TaskRow, unit: OrgUnit, twisted: OrgUnit | None, *, steps, actors: Actors,
                 reviewer) -> list[ProgressReport]:
    """One unit's reports on one task along `steps` (see trajectory), minus the months it skipped."""
    course, kind, rng = row.plan.course, _kind(row, unit, twisted), dice.course
    skipped = course.month if course.kind == SKIP and unit == twisted else 0
    reports: list[ProgressReport] = []
    for month, step in list(zip(REPORT_MONTHS, steps))[:len(REPORT_MONTHS) - skipped]:
        returned = course.text if course.kind == RETURNED and unit == twisted and month == _LAST else ""
        # A cooperating unit now and then has nothing new to say (a nil report).
        nil = (kind == NORMAL and unit != row.lead and bool(reports) and month < _LAST and not returned
               and step[0] == ProgressStatus.IN_PROGRESS and rng.random() < NIL_SHARE)
        step = (reports[-1].status, reports[-1].percent) if nil else step
        report = _report(dice, row, unit, month, step, nil=nil, returned=returned, submitted_by=actors.reporter(unit))
        pending = month == _LAST and not returned and kind != DONE and rng.random() < PENDING_SHARE
        _review(rng, report, reviewer=reviewer, returned=returned, keep_pending=pending)
        reports.append(check_report(report))
    return reports


def progress_reports(dice: Dice, rows: list[TaskRow], twisted: dict[int, OrgUnit | None], *,
                     actors: Actors) -> list[ProgressReport]:
    """Every unit's reports on every task, in task order, lead first; the lead's user reviews.

    Each unit reports its own share of the work, except on a building project, where every unit
    reports the same 形象进度 (one trajectory per task).
    """
    reports = []
    for row in rows:
        reviewer, month, shared = actors.reporter(row.lead), row.plan.course.month, None
        for unit in row.units:
            kind = _kind(row, unit, twisted[row.task.pk])
            if shared is None or not row.plan.project:
                pace = STALLED if kind == LAGGING else kind
                shared = trajectory(dice.course, pace=pace, month=month, deadline=row.plan.deadline)
            steps = _as_lagging(shared, month) if kind == LAGGING else shared
            reports += unit_reports(dice, row, unit, twisted[row.task.pk], steps=steps, actors=actors,
                                    reviewer=reviewer)
    return reports


def _as_lagging(steps: list[tuple[str, int]], month: int) -> list[tuple[str, int]]:
    """The same percents, reported as 滞后 from `month` on."""
    return [(ProgressStatus.LAGGING if m >= month and status == ProgressStatus.IN_PROGRESS else status, percent)
            for m, (status, percent) in zip(REPORT_MONTHS, steps)]
