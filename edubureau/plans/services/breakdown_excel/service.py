"""Import a 任务分解表: validate every row, then write in one transaction."""
from dataclasses import replace

from django.db import transaction

from edubureau.accounts.scoping import can_manage_plans
from edubureau.core.exceptions import ApplicationError
from edubureau.plans.models import PlanItem, PlanStatus, Task, TaskUnitRole, WorkPlan
from edubureau.plans.services.breakdown import (
    BREAKDOWN_LEAD_REQUIRED,
    BREAKDOWN_NOT_ALLOWED,
    BREAKDOWN_PLAN_NOT_PUBLISHED,
    TaskInput,
    item_breakdown_save,
)
from edubureau.plans.services.breakdown_excel.common import (
    BREAKDOWN_FILE_NO_ROWS,
    COOPERATING,
    DEADLINE,
    LEAD,
    MEASURE,
    TARGET,
    BreakdownImportError,
    BreakdownImportResult,
    items_with_tasks,
)
from edubureau.plans.services.breakdown_excel.reading import read_table
from edubureau.plans.services.breakdown_excel.rows import RowReader, SheetRow


def _current_input(task: Task | None) -> TaskInput:
    if task is None:
        return TaskInput()
    units = sorted(task.task_units.all(), key=lambda tu: tu.pk)
    return TaskInput(
        measure=task.measure, target=task.target, deadline=task.deadline,
        lead_units=[tu.org_unit for tu in units if tu.role == TaskUnitRole.LEAD],
        cooperating_units=[tu.org_unit for tu in units if tu.role == TaskUnitRole.COOPERATE],
        owner=task.owner, milestones=[(m.title, m.due_on) for m in task.milestones.all()],
    )


def _state(row: TaskInput) -> tuple:
    """What item_breakdown_save would store for `row`, to tell a changed row from an unchanged one."""
    lead = [unit.pk for unit in row.lead_units]
    cooperating = [unit.pk for unit in row.cooperating_units if unit.pk not in lead]
    return row.measure.strip(), row.target.strip(), row.deadline, lead, cooperating


def _task_input(row: SheetRow, task: Task | None, columns: dict) -> TaskInput:
    """The row as a TaskInput; owner, milestones and columns absent from the file stay as they are."""
    read = {MEASURE: ("measure", row.measure), TARGET: ("target", row.target),
            DEADLINE: ("deadline", row.deadline), COOPERATING: ("cooperating_units", row.cooperating)}
    given = {attr: value for name, (attr, value) in read.items() if name in columns}
    return replace(_current_input(task), lead_units=row.lead, **given)


def _changes(rows: list[SheetRow], reader: RowReader) -> tuple[list[tuple[PlanItem, list[TaskInput]]], int]:
    """The items whose rows differ from their tasks, with the rows to save; and how many do not differ."""
    by_item: dict[int, list[SheetRow]] = {}
    for row in rows:
        by_item.setdefault(row.item.pk, []).append(row)
    changes, unchanged = [], 0
    for item_rows in by_item.values():
        if all(row.seq for row in item_rows):  # a sorted sheet must not move content between tasks
            item_rows.sort(key=lambda row: row.seq)
        item = item_rows[0].item
        tasks = sorted(item.tasks.all(), key=lambda t: t.seq)
        by_seq = {task.seq: task for task in tasks}
        inputs = [_task_input(row, by_seq.get(seq), reader.table.columns) for seq, row in enumerate(item_rows, 1)]
        if [_state(i) for i in inputs] == [_state(_current_input(t)) for t in tasks]:
            unchanged += 1
            continue
        for row, task_input in zip(item_rows, inputs):
            if not task_input.lead_units and not row.lead_text:  # unknown names were reported already
                reader.error(row.line, LEAD, "", BREAKDOWN_LEAD_REQUIRED)
        changes.append((item, inputs))
    return changes, unchanged


def breakdown_import(*, plan: WorkPlan, data: bytes, filename: str, imported_by) -> BreakdownImportResult:
    """Apply a filled-in 任务分解表 to a published plan, all or nothing.

    Raises ApplicationError for a file that cannot be read (empty, not a spreadsheet, no header
    row, no task rows) and BreakdownImportError, listing every bad cell, when any row is invalid;
    in both cases nothing is written. Otherwise each item named in the file whose rows differ
    from its tasks is saved with item_breakdown_save, in one transaction.
    """
    if not can_manage_plans(imported_by, plan.owner):
        raise ApplicationError(BREAKDOWN_NOT_ALLOWED)
    if plan.status != PlanStatus.PUBLISHED:
        raise ApplicationError(BREAKDOWN_PLAN_NOT_PUBLISHED)
    table = read_table(data, filename)
    reader = RowReader(plan, table, items_with_tasks(plan))
    rows = reader.rows()
    if not rows and not reader.errors:
        raise ApplicationError(BREAKDOWN_FILE_NO_ROWS)
    changes, unchanged = _changes(rows, reader)
    if reader.errors:
        raise BreakdownImportError(reader.errors)
    with transaction.atomic():
        for item, inputs in changes:
            item_breakdown_save(item=item, rows=inputs, saved_by=imported_by)
    return BreakdownImportResult(
        rows=len(rows), updated=[reader.keys[item.pk] for item, _ in changes], unchanged=unchanged,
    )
