"""Traffic lights of tasks and items, computed from reports and milestones fetched set-wise.

The rules, shown on the plan pages as LIGHT_RULES, are:
- red (滞后): the deadline has passed and the task is not done; or a milestone is overdue;
  or the latest report says 滞后 or 无法完成; or a unit has missed the last two monthly reports;
- yellow (预警): a unit has missed the last monthly report; or a report was returned and not
  resubmitted; or a milestone falls due within 14 days;
- done (已完成): every responsible unit's latest approved report says 已完成;
- green (正常): otherwise. A task with no responsible unit yet is grey (待分解).
Monthly reports are due on day REPORT_DUE_DAY of the month they report on.
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from edubureau.plans.models import Milestone, PlanStatus, ProgressReport, ProgressStatus, ReviewStatus, Task, WorkPlan

REPORT_DUE_DAY = 25
MILESTONE_WARNING_DAYS = 14

RED, YELLOW, GREEN, DONE, GREY = "red", "yellow", "green", "done", "grey"
LIGHT_LABELS = {RED: "滞后", YELLOW: "预警", GREEN: "正常", DONE: "已完成", GREY: "待分解"}
LIGHT_RULES = [
    ("滞后(红灯)", "超过完成时限仍未完成；或有时间节点逾期未完成；或最近一次报送为“滞后”“无法完成”；或责任单位连续两个月未报送。"),
    ("预警(黄灯)", "责任单位上月未按时报送；或报送被退回尚未重新报送；或有时间节点将在14天内到期。"),
    ("已完成", "全部责任单位最近一次经审核通过的报送均为“已完成”。"),
    ("正常(绿灯)", "不属于以上情形。尚未分解到责任单位的任务显示为“待分解”；一项重点任务取其各分解任务中最差的状态。"),
    ("报送时间", f"每月{REPORT_DUE_DAY}日前报送当月进展，自工作要点印发当月起；审核通过后不能再修改。"),
]
# Worst first when combining tasks into an item: a task not yet broken down outweighs a green one.
_RANK = {DONE: 0, GREEN: 1, GREY: 2, YELLOW: 3, RED: 4}


@dataclass(frozen=True)
class Light:
    colour: str
    reasons: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return LIGHT_LABELS[self.colour]


def due_months(plan: WorkPlan, today: datetime.date) -> list[datetime.date]:
    """First days of the months of the plan year whose report is already due, oldest first.

    Reporting starts in the month the plan was issued (or published, if no date was read).
    """
    months, month = [], datetime.date(plan.year, 1, 1)
    issued = plan.issued_on or (plan.published_at and timezone.localtime(plan.published_at).date())
    start = issued.replace(day=1) if issued else month
    while month.year == plan.year and datetime.date(month.year, month.month, REPORT_DUE_DAY) < today:
        if month >= start:
            months.append(month)
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def light_book(plan: WorkPlan, tasks: list[Task], today: datetime.date) -> tuple[dict, dict]:
    """Lights as they stood on `today`: {task id: Light} and {(task id, unit id): Light}.

    Two queries whatever the number of tasks. Reports on months after `today` and milestones
    completed after it are ignored, so a past month's lights (and its bulletin) do not change
    when later months are reported. A unit's light judges only its own reports; a task's adds
    its deadline and milestones.
    """
    task_ids = [t.pk for t in tasks]
    reports = defaultdict(list)
    for r in ProgressReport.objects.filter(task_id__in=task_ids, month__lt=today).order_by("month"):
        reports[(r.task_id, r.org_unit_id)].append(r)
    milestones = defaultdict(list)
    for m in Milestone.objects.filter(task_id__in=task_ids):
        if m.done_on and m.done_on >= today:
            m.done_on = None  # not yet done on that day
        milestones[m.task_id].append(m)
    months = due_months(plan, today) if plan.status == PlanStatus.PUBLISHED else []
    units = {
        (t.pk, tu.org_unit_id): _unit_light(reports.get((t.pk, tu.org_unit_id), []), months)
        for t in tasks for tu in t.task_units.all()
    }
    return {t.pk: _task_light(t, reports, milestones[t.pk], months, today) for t in tasks}, units


def task_lights(plan: WorkPlan, tasks: list[Task], today: datetime.date) -> dict[int, Light]:
    """Light of each task as it stood on `today` (see light_book)."""
    return light_book(plan, tasks, today)[0]


def _unit_light(rows, months) -> Light:
    """One responsible unit's light on one task, from its own reports only."""
    if _all_done({0: rows}):
        return Light(DONE)
    red, yellow = [], []
    _report_reasons(rows, months, red, yellow)
    if red:
        return Light(RED, tuple(red))
    return Light(YELLOW, tuple(yellow)) if yellow else Light(GREEN)


def _task_light(task, reports, milestones, months, today) -> Light:
    unit_ids = [tu.org_unit_id for tu in task.task_units.all()]
    if not unit_ids:
        return Light(GREY)
    unit_reports = {u: reports.get((task.pk, u), []) for u in unit_ids}
    if _all_done(unit_reports):
        return Light(DONE)
    red, yellow = _milestone_reasons(milestones, today)
    if task.deadline and task.deadline < today:
        red.append("已超过完成时限")
    for rows in unit_reports.values():
        _report_reasons(rows, months, red, yellow)
    if red:
        return Light(RED, tuple(dict.fromkeys(red)))
    return Light(YELLOW, tuple(dict.fromkeys(yellow))) if yellow else Light(GREEN)


def _all_done(unit_reports) -> bool:
    def done(rows):
        approved = [r for r in rows if r.review_status == ReviewStatus.APPROVED]
        return bool(approved) and approved[-1].status == ProgressStatus.DONE
    return all(done(rows) for rows in unit_reports.values())


def _milestone_reasons(milestones, today) -> tuple[list[str], list[str]]:
    open_ones = [m for m in milestones if m.done_on is None]
    red = [f"时间节点“{m.title}”已逾期" for m in open_ones if m.due_on < today]
    soon = today + datetime.timedelta(days=MILESTONE_WARNING_DAYS)
    yellow = [f"时间节点“{m.title}”即将到期" for m in open_ones if today <= m.due_on <= soon]
    return red, yellow


def _report_reasons(rows, months, red, yellow) -> None:
    if rows and rows[-1].status in (ProgressStatus.LAGGING, ProgressStatus.BLOCKED):
        red.append(f"最近一次报送为“{rows[-1].get_status_display()}”")
    if any(r.review_status == ReviewStatus.RETURNED for r in rows):
        yellow.append("有报送被退回，尚未重新报送")
    reported = {r.month for r in rows}
    missed = [m for m in months[-2:] if m not in reported]
    if len(missed) == 2:
        red.append("连续两个月未报送")
    elif months and months[-1] in missed:
        yellow.append("上月未按时报送")


def combine(lights: list[Light]) -> Light:
    """An item's light: its worst task's, with the reasons of the tasks that share that colour."""
    if not lights:
        return Light(GREY)
    colour = max((light.colour for light in lights), key=_RANK.__getitem__)
    reasons = (r for light in lights if light.colour == colour for r in light.reasons)
    return Light(colour, tuple(dict.fromkeys(reasons)))
