"""Write the demo's 任务分解表 (plan_catalog.BREAKDOWN) set-wise onto a freshly published plan.

Publishing made one empty task per item (seq 1, the item's extracted targets, 12-31); this
fills those in and adds the extra tasks of items 10–12, with their lead and cooperating
units and milestones, in a handful of bulk writes. Every row is first checked exactly as
plans.services.breakdown.item_breakdown_save checks it (lead unit present, units inside the
plan's city, deadline in the plan year) and the instances are full_clean()ed, leaving foreign
keys and uniqueness to the database as demo.writer does.

Units the city lacks (the small scale has 2 sections, 3 areas and 7 named schools) are left
out; a task whose lead section is missing is led by FALLBACK_LEAD (基础教育科).
"""
from dataclasses import dataclass, field

from edubureau.core.exceptions import ApplicationError
from edubureau.demo.plan_catalog import ALL_AREAS, BREAKDOWN, FALLBACK_LEAD, UNIT_KEYS, TaskPlan
from edubureau.orgs.models import OrgKind, OrgUnit
from edubureau.plans.models import Milestone, PlanItem, Task, TaskUnit, TaskUnitRole
from edubureau.plans.services.breakdown import TaskInput, _check_row

PLAN_DEMO_ITEMS_MISMATCH = "示范任务分解需要第1至{count}项重点任务，但导入的工作要点为：{numbers}"
_TASK_FIELDS = ["measure", "target", "deadline", "owner"]


@dataclass
class TaskRow:
    """One task of the breakdown with its resolved units (lead first) and, once written, its Task."""

    item: PlanItem
    seq: int
    plan: TaskPlan
    lead: OrgUnit
    cooperating: list[OrgUnit]
    task: Task | None = None
    events: tuple[str, ...] = field(default=())

    @property
    def units(self) -> list[OrgUnit]:
        return [self.lead, *self.cooperating]


def _areas(units: dict[str, OrgUnit]) -> list[OrgUnit]:
    return [u for u in units.values() if u.kind in (OrgKind.SUB_BUREAU, OrgKind.DISTRICT)]


def resolve_units(task_plan: TaskPlan, units: dict[str, OrgUnit]) -> tuple[OrgUnit, list[OrgUnit]]:
    """The lead unit (or the fallback) and the cooperating units that exist in `units` (by code)."""
    lead = units.get(UNIT_KEYS[task_plan.lead]) or units[UNIT_KEYS[FALLBACK_LEAD]]
    cooperating: list[OrgUnit] = []
    for key in task_plan.cooperating:
        found = _areas(units) if key == ALL_AREAS else [units.get(UNIT_KEYS[key])]
        cooperating += [u for u in found if u is not None and u.code != lead.code and u not in cooperating]
    return lead, cooperating


def _check_items(items: list[PlanItem]) -> None:
    numbers = [item.number for item in items]
    if numbers != [str(n) for n in sorted(BREAKDOWN)]:
        raise ApplicationError(PLAN_DEMO_ITEMS_MISMATCH.format(count=len(BREAKDOWN), numbers="、".join(numbers)))


def plan_rows(items: list[PlanItem], units: dict[str, OrgUnit]) -> list[TaskRow]:
    """Every task of the breakdown, items in order; `items` need their section's plan and owner loaded."""
    _check_items(items)
    rows = []
    for item in items:
        for seq, task_plan in enumerate(BREAKDOWN[int(item.number)], 1):
            lead, cooperating = resolve_units(task_plan, units)
            rows.append(TaskRow(item, seq, task_plan, lead, cooperating, events=_events(item, task_plan)))
    return rows


def _events(item: PlanItem, task_plan: TaskPlan) -> tuple[str, ...]:
    """The item's events a narrative may name at any time: not those a dated milestone is about."""
    dated = " ".join(m.title for m in task_plan.milestones)
    return tuple(m.text for m in item.mentions.all() if m.kind == "event" and len(m.text) >= 4 and m.text not in dated)


def item_targets(item: PlanItem) -> str:
    """The item's extracted targets, keeping only those with a comparator when there are any."""
    targets = list(item.targets.all())
    compared = [t for t in targets if t.comparator]
    return "；".join(t.text for t in compared or targets)


def task_input(row: TaskRow, owner) -> TaskInput:
    """The row as item_breakdown_save takes it (milestones without their completion dates)."""
    targets = item_targets(row.item)
    return TaskInput(
        measure=row.plan.measure, target=row.plan.target or targets, deadline=row.plan.deadline,
        lead_units=[row.lead], cooperating_units=row.cooperating, owner=owner,
        milestones=[(m.title, m.due_on) for m in row.plan.milestones],
    )


def _task(row: TaskRow, data: TaskInput, existing: dict) -> Task:
    task = existing.get((row.item.pk, row.seq)) or Task(item=row.item, seq=row.seq)
    task.measure, task.target, task.deadline, task.owner = data.measure, data.target, data.deadline, data.owner
    task.full_clean(exclude=["item", "owner"], validate_unique=False, validate_constraints=False)
    return task


def breakdown_write(rows: list[TaskRow], *, owners: dict[int, object], fallback_owner) -> None:
    """Write tasks, task units and milestones for `rows` (sets row.task); the owner is the lead's user.

    Like item_breakdown_save, the tasks publishing made are kept (and filled in) and their units
    replaced; the caller dates the rows (plan_demo backdates them to the breakdown).
    """
    existing = {(t.item_id, t.seq): t for row in rows if row.seq == 1 for t in row.item.tasks.all()}
    for row in rows:
        data = task_input(row, owners.get(row.lead.pk, fallback_owner))
        _check_row(row.item, data)
        row.task = _task(row, data, existing)
    Task.objects.bulk_update([r.task for r in rows if r.task.pk], _TASK_FIELDS)
    Task.objects.bulk_create([r.task for r in rows if not r.task.pk])
    TaskUnit.objects.filter(task__in=list(existing.values())).delete()  # what annotations pre-filled, if any
    TaskUnit.objects.bulk_create(_validated(
        TaskUnit(task=row.task, org_unit=unit, role=TaskUnitRole.LEAD if unit == row.lead else TaskUnitRole.COOPERATE)
        for row in rows for unit in row.units
    ))
    Milestone.objects.bulk_create(_validated(
        Milestone(task=row.task, title=m.title, due_on=m.due_on, done_on=m.done_on)
        for row in rows for m in row.plan.milestones
    ))


def _validated(objs):
    objs = list(objs)
    for obj in objs:
        obj.full_clean(exclude=["task", "org_unit"], validate_unique=False, validate_constraints=False)
    return objs
