"""Validate the rows of an uploaded 任务分解表."""
import datetime
import re
from collections import Counter
from dataclasses import dataclass

from edubureau.orgs.models import OrgUnit
from edubureau.plans.models import PlanItem, Task, WorkPlan
from edubureau.plans.services.breakdown import BREAKDOWN_DEADLINE_YEAR
from edubureau.plans.services.breakdown_excel.common import (
    BREAKDOWN_IMPORT_BAD_DATE,
    BREAKDOWN_IMPORT_NUMBER_AMBIGUOUS,
    BREAKDOWN_IMPORT_NUMBER_MISSING,
    BREAKDOWN_IMPORT_NUMBER_UNKNOWN,
    BREAKDOWN_IMPORT_TARGET_TOO_LONG,
    BREAKDOWN_IMPORT_UNIT_UNKNOWN,
    CONTENT_COLUMNS,
    COOPERATING,
    DEADLINE,
    LEAD,
    MEASURE,
    NUMBER,
    TARGET,
    BreakdownRowError,
    item_keys,
    normalise_key,
)
from edubureau.plans.services.breakdown_excel.deadlines import parse_deadline
from edubureau.plans.services.breakdown_excel.reading import SheetTable, cell_text
from edubureau.plans.services.units import UnitNames


_UNIT_SEPARATOR = re.compile(r"[、，,；;\s]+")


@dataclass
class SheetRow:
    line: int
    item: PlanItem
    seq: int | None  # the n of "13-n", if the row has it
    measure: str
    target: str
    deadline: datetime.date | None
    lead: list[OrgUnit]
    lead_text: str
    cooperating: list[OrgUnit]


class RowReader:
    """Reads the task rows of a table, collecting every error instead of stopping at the first."""

    def __init__(self, plan: WorkPlan, table: SheetTable, items: list[PlanItem]):
        self.plan, self.table, self.keys = plan, table, item_keys(items)
        self.lookup = {normalise_key(self.keys[item.pk]): item for item in items}
        self.hints: dict[str, str] = {}  # a number that repeats → the 序号 the export gives its first item
        counts = Counter(normalise_key(item.number) for item in items)
        for item in items:
            number = normalise_key(item.number)
            if counts[number] == 1:
                self.lookup.setdefault(number, item)
            else:
                self.hints.setdefault(number, self.keys[item.pk])
        self._errors: list[tuple[int, int, BreakdownRowError]] = []
        self._unit_names = UnitNames(plan.owner)  # one query for every unit name in the file
        self._previous: PlanItem | None = None
        self._numbered = False

    @property
    def errors(self) -> list[BreakdownRowError]:
        return [error for _, _, error in sorted(self._errors, key=lambda e: e[:2])]

    def error(self, line: int, name: str, value: str, reason: str) -> None:
        index, label = self.table.columns[name]
        self._errors.append((line, index, BreakdownRowError(line, label, value, reason)))

    def rows(self) -> list[SheetRow]:
        read = (self._read(line, cells) for line, cells in self.table.rows)
        return [row for row in read if row is not None]

    def _value(self, cells: list, name: str):
        index = self.table.columns.get(name, (len(cells),))[0]
        return cells[index] if index < len(cells) else ""

    def _text(self, cells: list, name: str) -> str:
        return cell_text(self._value(cells, name))

    def _read(self, line: int, cells: list) -> SheetRow | None:
        if not any(self._text(cells, name) for name in CONTENT_COLUMNS):
            return None  # an empty row, a note, or an item listed without a breakdown
        item, seq = self._item(line, cells)
        row = SheetRow(
            line=line, item=item, seq=seq, measure=self._text(cells, MEASURE), target=self._target(line, cells),
            deadline=self._deadline(line, cells), lead=self._units(line, cells, LEAD),
            lead_text=self._text(cells, LEAD), cooperating=self._units(line, cells, COOPERATING),
        )
        return row if item is not None else None

    def _item(self, line: int, cells: list) -> tuple[PlanItem | None, int | None]:
        """The row's item, and its task number when the 序号 says it ("13-2": task 2 of item 13)."""
        value = self._text(cells, NUMBER)
        if not value:  # a merged 序号 cell: the row is another task of the item above
            if not self._numbered:
                self.error(line, NUMBER, value, BREAKDOWN_IMPORT_NUMBER_MISSING)
            return self._previous, None
        self._numbered = True
        key = normalise_key(value)
        if item := self.lookup.get(key):
            self._previous = item
            return item, None
        number, dash, seq = key.rpartition("-")
        if not (dash and number and seq.isdigit()):
            number, seq = key, ""
        self._previous = self.lookup.get(number) if seq else None
        if self._previous is None:
            hint = self.hints.get(number)
            message = (BREAKDOWN_IMPORT_NUMBER_AMBIGUOUS.format(value=value, example=hint) if hint
                       else BREAKDOWN_IMPORT_NUMBER_UNKNOWN.format(value=value))
            self.error(line, NUMBER, value, message)
        return self._previous, int(seq) if self._previous else None

    def _target(self, line: int, cells: list) -> str:
        text, limit = self._text(cells, TARGET), Task._meta.get_field("target").max_length
        if len(text) > limit:
            self.error(line, TARGET, text, BREAKDOWN_IMPORT_TARGET_TOO_LONG.format(limit=limit))
        return text

    def _deadline(self, line: int, cells: list) -> datetime.date | None:
        value, year = self._value(cells, DEADLINE), self.plan.year
        try:
            deadline = parse_deadline(value, year=year)
        except ValueError:
            self.error(line, DEADLINE, cell_text(value), BREAKDOWN_IMPORT_BAD_DATE.format(year=year))
            return None
        if deadline and deadline.year != year:
            self.error(line, DEADLINE, cell_text(value), BREAKDOWN_DEADLINE_YEAR.format(year=year))
            return None
        return deadline

    def _units(self, line: int, cells: list, name: str) -> list[OrgUnit]:
        text = self._text(cells, name)
        found: list[OrgUnit] = []
        for unit_name in filter(None, _UNIT_SEPARATOR.split(text)):
            units, ambiguous = self._unit_names.lookup(unit_name)
            if not units:
                self.error(line, name, text, ambiguous or BREAKDOWN_IMPORT_UNIT_UNKNOWN.format(name=unit_name))
            found += [unit for unit in units if unit not in found]
        return found
