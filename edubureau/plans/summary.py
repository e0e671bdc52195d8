"""What happened in a plan in a given month: the figures behind the plan dashboard and the 通报."""
import datetime
from dataclasses import dataclass, field

from edubureau.orgs.models import OrgKind, OrgUnit
from edubureau.plans.lights import DONE, GREEN, GREY, RED, YELLOW, Light, combine, light_book
from edubureau.orgs.models import KIND_DISPLAY_ORDER
from edubureau.plans.models import PlanItem, ProgressReport, ReviewStatus, Task, TaskUnitRole, WorkPlan


@dataclass
class UnitTally:
    """Counts of tasks by light for one unit (a lead section, or any responsible unit)."""

    unit: OrgUnit
    total: int = 0
    lights: dict[str, int] = field(default_factory=lambda: {DONE: 0, GREEN: 0, YELLOW: 0, RED: 0, GREY: 0})
    reported: int = 0  # tasks this unit reported on for the month

    @property
    def done_rate(self) -> float:
        return round(100 * self.lights[DONE] / self.total, 1) if self.total else 0.0

    @property
    def missing(self) -> int:
        return self.total - self.reported


@dataclass
class MonthSummary:
    plan: WorkPlan
    month: datetime.date
    as_of: datetime.date
    item_lights: dict[int, Light]
    task_lights: dict[int, Light]
    by_section: list[UnitTally]
    by_unit: list[UnitTally]
    lagging_items: list[tuple[PlanItem, Light]]

    @property
    def non_reporting(self) -> list[UnitTally]:
        return [t for t in self.by_unit if t.missing]

    @property
    def light_totals(self) -> dict[str, int]:
        totals = {DONE: 0, GREEN: 0, YELLOW: 0, RED: 0, GREY: 0}
        for light in self.item_lights.values():
            totals[light.colour] += 1
        return totals


def next_month_start(month: datetime.date) -> datetime.date:
    """The day after `month` ends: the date a month's lights are judged on."""
    return datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def plan_month_summary(*, plan: WorkPlan, items: list[PlanItem], month: datetime.date,
                       today: datetime.date) -> MonthSummary:
    """Summarise `items` (already scoped, with tasks and task units prefetched) for `month`."""
    as_of = min(today, next_month_start(month))
    tasks = [task for item in items for task in item.tasks.all()]
    lights, unit_lights = light_book(plan, tasks, as_of)
    item_lights = {item.pk: combine([lights[t.pk] for t in item.tasks.all()]) for item in items}
    reported = set(  # a returned report has to be submitted again, so it does not count
        ProgressReport.objects.filter(task__in=tasks, month=month).exclude(review_status=ReviewStatus.RETURNED)
        .values_list("task_id", "org_unit_id")
    )
    by_section, by_unit = _tallies(tasks, lights, unit_lights, reported)
    lagging = [(item, item_lights[item.pk]) for item in items if item_lights[item.pk].colour == RED]
    return MonthSummary(plan, month, as_of, item_lights, lights, by_section, by_unit, lagging)


def _tallies(tasks: list[Task], lights: dict[int, Light], unit_lights: dict, reported: set):
    """Sections are judged by the tasks they lead; every unit by its own reports on its tasks."""
    sections: dict[int, UnitTally] = {}
    units: dict[int, UnitTally] = {}
    for task in tasks:
        colour = lights[task.pk].colour
        for tu in task.task_units.all():
            tally = units.setdefault(tu.org_unit_id, UnitTally(tu.org_unit))
            tally.total += 1
            tally.lights[unit_lights[(task.pk, tu.org_unit_id)].colour] += 1
            tally.reported += (task.pk, tu.org_unit_id) in reported
            if tu.role == TaskUnitRole.LEAD and tu.org_unit.kind == OrgKind.SECTION:
                lead = sections.setdefault(tu.org_unit_id, UnitTally(tu.org_unit))
                lead.total += 1
                lead.lights[colour] += 1
    return sorted(sections.values(), key=_display_order), sorted(units.values(), key=_display_order)


def _display_order(tally: UnitTally) -> tuple:
    """In the tree's display order: 分局, 学区 (by their sort order), 科室, 局直单位, schools."""
    unit = tally.unit
    return KIND_DISPLAY_ORDER.index(unit.kind), unit.sort_order, unit.path

