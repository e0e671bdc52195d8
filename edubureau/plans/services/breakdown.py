"""The 任务分解表: tasks of an item with their lead and cooperating units, deadline and milestones."""
import datetime
from dataclasses import dataclass, field

from django.db import transaction

from edubureau.accounts.scoping import can_manage_plans
from edubureau.core.exceptions import ApplicationError
from edubureau.orgs.models import OrgUnit
from edubureau.plans.models import Milestone, PlanItem, PlanStatus, Task, TaskUnit, TaskUnitRole

BREAKDOWN_NOT_ALLOWED = "只有科室人员或系统管理员可以分解任务"
BREAKDOWN_PLAN_NOT_PUBLISHED = "请先发布工作要点,再进行任务分解"
BREAKDOWN_LEAD_REQUIRED = "每项任务至少要有一个牵头单位"
BREAKDOWN_UNIT_OUTSIDE = "责任单位“{name}”不属于本市"
BREAKDOWN_DEADLINE_YEAR = "完成时限应在 {year} 年内"


KEEP = object()  # TaskInput.owner default: leave the task's current owner as it is


@dataclass
class TaskInput:
    """One row of the breakdown as a person or a spreadsheet states it."""

    measure: str = ""
    target: str = ""
    deadline: datetime.date | None = None
    lead_units: list[OrgUnit] = field(default_factory=list)
    cooperating_units: list[OrgUnit] = field(default_factory=list)
    owner: object | None = KEEP
    milestones: list[tuple[str, datetime.date]] = field(default_factory=list)


def _check_row(item: PlanItem, row: TaskInput) -> None:
    plan = item.section.plan
    if not row.lead_units:
        raise ApplicationError(BREAKDOWN_LEAD_REQUIRED)
    for unit in [*row.lead_units, *row.cooperating_units]:
        if not unit.path.startswith(plan.owner.path):
            raise ApplicationError(BREAKDOWN_UNIT_OUTSIDE.format(name=unit.name))
    if row.deadline and row.deadline.year != plan.year:
        raise ApplicationError(BREAKDOWN_DEADLINE_YEAR.format(year=plan.year))


@transaction.atomic
def item_breakdown_save(*, item: PlanItem, rows: list[TaskInput], saved_by) -> list[Task]:
    """Replace the item's tasks by `rows`, keeping task ids (and their reports) where the row exists.

    Row i becomes task seq i+1; tasks beyond len(rows) are deleted only if nothing was reported on them.
    """
    plan = item.section.plan
    if not can_manage_plans(saved_by, plan.owner):
        raise ApplicationError(BREAKDOWN_NOT_ALLOWED)
    if plan.status != PlanStatus.PUBLISHED:
        raise ApplicationError(BREAKDOWN_PLAN_NOT_PUBLISHED)
    for row in rows:
        _check_row(item, row)
    existing = {t.seq: t for t in item.tasks.all()}
    tasks = [_save_task(item, seq, row, existing.get(seq)) for seq, row in enumerate(rows, 1)]
    item.tasks.filter(seq__gt=len(rows), reports__isnull=True).delete()
    return tasks


def _save_task(item: PlanItem, seq: int, row: TaskInput, task: Task | None) -> Task:
    task = task or Task(item=item, seq=seq)
    task.measure, task.target, task.deadline = row.measure.strip(), row.target.strip(), row.deadline
    if row.owner is not KEEP:
        task.owner = row.owner
    task.full_clean(validate_unique=False)
    task.save()
    task.task_units.all().delete()
    lead_ids = {u.pk for u in row.lead_units}
    TaskUnit.objects.bulk_create(
        [TaskUnit(task=task, org_unit=u, role=TaskUnitRole.LEAD) for u in row.lead_units]
        + [TaskUnit(task=task, org_unit=u, role=TaskUnitRole.COOPERATE) for u in row.cooperating_units
           if u.pk not in lead_ids]
    )
    task.milestones.all().delete()
    Milestone.objects.bulk_create(Milestone(task=task, title=t[:200], due_on=d) for t, d in row.milestones)
    return task
