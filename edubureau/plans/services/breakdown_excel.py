"""The 任务分解表 as an Excel file: export it in the layout bureaus print, and import it back.

Export: a title row, a header row (序号, 重点任务, 具体措施, 牵头单位, 责任单位, 完成时限, 目标)
and one row per task. The same plan and breakdown always give the same bytes.

Import (.xlsx, .xls, .ods): every row is validated first and nothing is written unless the whole
file is valid. An item's rows, in file order, become its tasks 1..n; items absent from the file,
and items whose rows equal their current tasks, are not written at all, so importing an exported
file changes nothing. Owners and milestones of existing tasks are kept; a column missing from
the file keeps the current value of that field.
"""
import calendar
import datetime
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace

from django.db import transaction
from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

from edubureau.accounts.scoping import can_manage_plans
from edubureau.core.exceptions import ApplicationError
from edubureau.orgs.models import OrgUnit
from edubureau.plans.models import PlanItem, PlanStatus, Task, TaskUnit, TaskUnitRole, WorkPlan
from edubureau.plans.services.breakdown import (
    BREAKDOWN_DEADLINE_YEAR, BREAKDOWN_LEAD_REQUIRED, BREAKDOWN_NOT_ALLOWED, BREAKDOWN_PLAN_NOT_PUBLISHED,
    TaskInput, item_breakdown_save,
)
from edubureau.plans.services.units import UnitNames

BREAKDOWN_FILE_EMPTY = "文件为空,请选择填写好的任务分解表"
BREAKDOWN_FILE_NOT_SPREADSHEET = "“{filename}”不是 Excel 表格,请上传 .xlsx、.xls 或 .ods 格式的任务分解表"
BREAKDOWN_FILE_NO_HEADER = "未找到表头行:任务分解表应有“序号”和“牵头单位”等列,标题行之下即为表头"
BREAKDOWN_FILE_NO_ROWS = "任务分解表中没有填写任何任务"
BREAKDOWN_IMPORT_INVALID = "任务分解表中有 {count} 处错误,未导入任何内容;请修改后重新导入"
BREAKDOWN_IMPORT_NUMBER_MISSING = "序号不能为空"
BREAKDOWN_IMPORT_NUMBER_UNKNOWN = "工作要点中没有序号为“{value}”的任务"
BREAKDOWN_IMPORT_NUMBER_AMBIGUOUS = "序号“{value}”在工作要点中不唯一,请按导出表的写法填写(如“{example}”)"
BREAKDOWN_IMPORT_UNIT_UNKNOWN = "未找到单位“{name}”,请使用组织机构中的单位全称"
BREAKDOWN_IMPORT_BAD_DATE = "无法识别的完成时限,请填写日期,如“{year}年6月30日”“6月底”或“年底”"
BREAKDOWN_IMPORT_TARGET_TOO_LONG = "目标不能超过 {limit} 字"

NUMBER, TITLE, MEASURE, LEAD, COOPERATING, DEADLINE, TARGET = HEADERS = (
    "序号", "重点任务", "具体措施", "牵头单位", "责任单位", "完成时限", "目标",
)
# Header words other bureaus use for the same columns.
HEADER_SYNONYMS = {
    NUMBER: ("序号", "编号"),
    TITLE: ("重点任务", "工作任务", "任务"),
    MEASURE: ("具体措施", "工作措施"),
    LEAD: ("牵头单位", "牵头科室"),
    COOPERATING: ("责任单位", "配合单位", "协办单位"),
    DEADLINE: ("完成时限", "完成时间", "时间节点"),
    TARGET: ("目标", "工作目标"),
}
_HEADER_WORDS = {word: name for name, words in HEADER_SYNONYMS.items() for word in words}
_REQUIRED_COLUMNS = (NUMBER, LEAD)
_CONTENT_COLUMNS = (MEASURE, LEAD, COOPERATING, DEADLINE, TARGET)  # a row without any of these is not a task
HEADER_SEARCH_ROWS = 20  # the header row may sit under this many title or note rows

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
_WIDTHS = {NUMBER: 8, TITLE: 24, MEASURE: 46, LEAD: 16, COOPERATING: 24, DEADLINE: 16, TARGET: 30}
_CENTERED = (NUMBER, DEADLINE)
_FONT = "宋体"
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BODY_FONT = Font(name=_FONT, size=11)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class BreakdownRowError:
    row: int  # as Excel numbers it
    column: str  # the header as written in the file
    value: str
    reason: str


class BreakdownImportError(ApplicationError):
    """The file has errors; `errors` lists every one of them, in row order. Nothing was written."""

    def __init__(self, errors: list[BreakdownRowError]):
        super().__init__(BREAKDOWN_IMPORT_INVALID.format(count=len(errors)),
                         extra={"errors": [asdict(e) for e in errors]})
        self.errors = errors


@dataclass(frozen=True)
class BreakdownImportResult:
    rows: int  # task rows read from the file
    updated: list[str] = field(default_factory=list)  # 序号 of the items whose breakdown was replaced
    unchanged: int = 0  # items in the file whose breakdown was already as stated


# ---- shared: the plan's items and their 序号 ---------------------------------------------------

def _items_with_tasks(plan: WorkPlan) -> list[PlanItem]:
    units = TaskUnit.objects.select_related("org_unit").order_by("pk")
    tasks = Task.objects.select_related("owner").prefetch_related(Prefetch("task_units", queryset=units), "milestones")
    return list(
        PlanItem.objects.filter(section__plan=plan).select_related("section__plan__owner")
        .prefetch_related(Prefetch("tasks", queryset=tasks)).order_by("section__seq", "seq")
    )


def _group_number(group: str) -> str:
    match = re.match(r"[(（]([一二三四五六七八九十]+)[)）]", group)
    return match.group(1) if match else ""


_KEY_SCHEMES = (
    lambda item, position: item.number,
    # item numbers restart in each section (or group): "二.1"
    lambda item, position: ".".join(p for p in (item.section.number, _group_number(item.group), item.number) if p),
    lambda item, position: str(position),
)


def _normalise_key(value: str) -> str:
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).rstrip(".、")
    return re.sub(r"[—–]", "-", key.replace("、", "."))


def item_keys(items: list[PlanItem]) -> dict[int, str]:
    """The 序号 of each item (by pk) in the 任务分解表: its number, qualified where numbers repeat.

    `items` are all items of one plan in plan order, with their sections.
    """
    for scheme in _KEY_SCHEMES:
        keys = {item.pk: scheme(item, position) for position, item in enumerate(items, 1)}
        if len({_normalise_key(k) for k in keys.values()}) == len(keys):
            return keys
    raise AssertionError("positions are unique")


# ---- export ------------------------------------------------------------------------------------

def breakdown_export(*, plan: WorkPlan, items: Iterable[PlanItem] | None = None) -> bytes:
    """The 任务分解表 of `plan` as .xlsx bytes: one row per task of `items` (all items by default).

    `items` must come with tasks__task_units__org_unit prefetched (selectors.plan_items does);
    the export then runs one query. Identical input gives identical bytes.
    """
    if items is None:
        items = _items_with_tasks(plan)
        keys = item_keys(items)
    else:
        keys = item_keys(list(PlanItem.objects.filter(section__plan=plan).select_related("section")
                              .order_by("section__seq", "seq")))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "任务分解表"
    _write_heading(sheet, f"{plan.title}任务分解表")
    line = 3
    for item in items:
        line = _write_item(sheet, line, item, keys[item.pk])
    _set_up_page(sheet)
    return _workbook_bytes(workbook, plan)


def _write_heading(sheet, title: str) -> None:
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    cell = sheet.cell(row=1, column=1, value=_clean(title))
    cell.font, cell.alignment = Font(name="黑体", size=16, bold=True), _CENTER
    sheet.row_dimensions[1].height = 36
    for column, name in enumerate(HEADERS, 1):
        cell = sheet.cell(row=2, column=column, value=name)
        cell.font, cell.alignment, cell.border = Font(name=_FONT, size=11, bold=True), _CENTER, _BORDER
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[name]
    sheet.row_dimensions[2].height = 24


def _item_rows(item: PlanItem, key: str) -> list[dict]:
    tasks = sorted(item.tasks.all(), key=lambda t: t.seq)
    if not tasks:
        return [{NUMBER: key, TITLE: item.title}]
    rows = []
    for task in tasks:
        units = sorted(task.task_units.all(), key=lambda tu: tu.pk)  # the order they were named in
        rows.append({
            NUMBER: key if len(tasks) == 1 else f"{key}-{task.seq}", TITLE: item.title, MEASURE: task.measure,
            LEAD: "、".join(tu.org_unit.name for tu in units if tu.role == TaskUnitRole.LEAD),
            COOPERATING: "、".join(tu.org_unit.name for tu in units if tu.role == TaskUnitRole.COOPERATE),
            DEADLINE: task.deadline, TARGET: task.target,
        })
    return rows


def _write_item(sheet, first: int, item: PlanItem, key: str) -> int:
    """Write the item's rows from line `first`; the 重点任务 cell spans all of them. Returns the next line."""
    rows = _item_rows(item, key)
    for line, row in enumerate(rows, first):
        for column, name in enumerate(HEADERS, 1):
            _write_cell(sheet.cell(row=line, column=column), name, row.get(name))
    last = first + len(rows) - 1
    if last > first:
        sheet.merge_cells(start_row=first, start_column=2, end_row=last, end_column=2)
    return last + 1


def _write_cell(cell, name: str, value) -> None:
    if isinstance(value, datetime.date):
        cell.value, cell.number_format = value, DATE_FORMAT
    elif name == NUMBER and re.fullmatch(r"[1-9]\d{0,5}", value):
        cell.value = int(value)  # a plain number, not "number stored as text"
    elif value:
        cell.value = _clean(value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
    cell.font, cell.border = _BODY_FONT, _BORDER
    cell.alignment = _CENTER if name in _CENTERED else _LEFT


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _set_up_page(sheet) -> None:
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.oddFooter.center.text = "第 &P 页 共 &N 页"


def _workbook_bytes(workbook: Workbook, plan: WorkPlan) -> bytes:
    """Save with fixed document and zip timestamps, so the same content always gives the same bytes."""
    stamp = plan.created_at.astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0)
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = plan.owner.name
    workbook.properties.title = f"{plan.title}任务分解表"
    raw = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, _ZIP_TIME), source.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()


# ---- import: reading the file ------------------------------------------------------------------

@dataclass(frozen=True)
class _Table:
    columns: dict[str, tuple[int, str]]  # column name → (index, header as written)
    rows: list[tuple[int, list]]  # (row number as Excel shows it, cells) below the header


def _header_label(cell) -> str:
    text = re.sub(r"\s+", "", str(cell))
    return re.sub(r"[(（][^)）]*[)）]|[*＊]", "", text)


def _header_columns(row: list) -> dict[str, tuple[int, str]] | None:
    columns: dict[str, tuple[int, str]] = {}
    for index, cell in enumerate(row):
        name = _HEADER_WORDS.get(_header_label(cell))
        if name and name not in columns:
            columns[name] = (index, re.sub(r"\s+", "", str(cell)))
    return columns if all(name in columns for name in _REQUIRED_COLUMNS) else None


def _find_table(rows: list[list]) -> _Table | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if columns := _header_columns(row):
            return _Table(columns, list(enumerate(rows, 1))[index + 1:])
    return None


def _read_table(data: bytes, filename: str) -> _Table:
    """The first worksheet's table under its header row (which may sit under title rows)."""
    if not data:
        raise ApplicationError(BREAKDOWN_FILE_EMPTY)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for meta in workbook.sheets_metadata:
            sheet = workbook.get_sheet_by_name(meta.name) if meta.typ == SheetTypeEnum.WorkSheet else None
            if sheet and (table := _find_table(sheet.to_python(skip_empty_area=False))):
                return table
    except CalamineError as exc:
        raise ApplicationError(BREAKDOWN_FILE_NOT_SPREADSHEET.format(filename=filename)) from exc
    raise ApplicationError(BREAKDOWN_FILE_NO_HEADER)


def _cell_text(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# ---- import: deadlines -------------------------------------------------------------------------

def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _in_month(year: int, month: int, part: str | None) -> datetime.date:
    day = {"上旬": 10, "中旬": 20}.get(part or "")
    return datetime.date(year, month, day) if day else _month_end(year, month)


_QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_MONTH_PART = r"(底|末|份|上旬|中旬|下旬)?"
# (pattern matched against the whole text, date built from the match and the plan year)
_DATE_PATTERNS = (
    (r"(\d{4})[年./-](\d{1,2})[月./-](\d{1,2})日?", lambda m, y: datetime.date(*map(int, m.groups()))),
    (r"(\d{4})(\d{2})(\d{2})", lambda m, y: datetime.date(*map(int, m.groups()))),
    (r"(\d{4})[年./-](\d{1,2})月?" + _MONTH_PART, lambda m, y: _in_month(int(m[1]), int(m[2]), m[3])),
    (r"(\d{1,2})月(\d{1,2})日", lambda m, y: datetime.date(y, int(m[1]), int(m[2]))),
    (r"(\d{1,2})月" + _MONTH_PART, lambda m, y: _in_month(y, int(m[1]), m[2])),
    (r"(?:(\d{4})年?)?(?:年底|年末|年内|全年|底|末)", lambda m, y: datetime.date(int(m[1] or y), 12, 31)),
    (r"(?:(\d{4})年)?上半年", lambda m, y: datetime.date(int(m[1] or y), 6, 30)),
    (r"(?:(\d{4})年)?下半年", lambda m, y: datetime.date(int(m[1] or y), 12, 31)),
    (r"(?:(\d{4})年)?第?([一二三四1-4])季度(?:末|底)?", lambda m, y: _month_end(int(m[1] or y), _QUARTERS[m[2]])),
)
_DATE_RULES = tuple((re.compile(pattern), build) for pattern, build in _DATE_PATTERNS)
_RANGE_SEPARATOR = re.compile(r"至|到|~|—|–|(?<=[月日])-")  # "3月-6月": the deadline is the end
_DEADLINE_WORDS = re.compile(r"^(截至|截止|于)|(之前|以前|前)?(完成)?$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_deadline(value, *, year: int) -> datetime.date | None:
    """A 完成时限 cell as a date; None when empty. Raises ValueError for anything unrecognised.

    Reads Excel dates and serial numbers, and text such as 2024年6月30日, 2024-06-30, 2024.6.30,
    6月30日, 6月底 (the last day of that month in `year`), 年底 (31 December), 上半年, 第三季度,
    and ranges such as 3月-6月 (their end).
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if not 1 <= value < 2958466:  # Excel's serial numbers run to 9999-12-31
            raise ValueError(value)
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    if not text:
        return None
    parts = [part for part in _RANGE_SEPARATOR.split(text) if part]
    text = _DEADLINE_WORDS.sub("", parts[-1] if parts else text)
    for pattern, build in _DATE_RULES:
        if match := pattern.fullmatch(text):
            return build(match, year)
    raise ValueError(text)


# ---- import: rows ------------------------------------------------------------------------------

_UNIT_SEPARATOR = re.compile(r"[、，,；;\s]+")


@dataclass
class _Row:
    line: int
    item: PlanItem
    seq: int | None  # the n of "13-n", if the row has it
    measure: str
    target: str
    deadline: datetime.date | None
    lead: list[OrgUnit]
    lead_text: str
    cooperating: list[OrgUnit]


class _RowReader:
    """Reads the task rows of a table, collecting every error instead of stopping at the first."""

    def __init__(self, plan: WorkPlan, table: _Table, items: list[PlanItem]):
        self.plan, self.table, self.keys = plan, table, item_keys(items)
        self.lookup = {_normalise_key(self.keys[item.pk]): item for item in items}
        self.hints: dict[str, str] = {}  # a number that repeats → the 序号 the export gives its first item
        counts = Counter(_normalise_key(item.number) for item in items)
        for item in items:
            number = _normalise_key(item.number)
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

    def rows(self) -> list[_Row]:
        read = (self._read(line, cells) for line, cells in self.table.rows)
        return [row for row in read if row is not None]

    def _value(self, cells: list, name: str):
        index = self.table.columns.get(name, (len(cells),))[0]
        return cells[index] if index < len(cells) else ""

    def _text(self, cells: list, name: str) -> str:
        return _cell_text(self._value(cells, name))

    def _read(self, line: int, cells: list) -> _Row | None:
        if not any(self._text(cells, name) for name in _CONTENT_COLUMNS):
            return None  # an empty row, a note, or an item listed without a breakdown
        item, seq = self._item(line, cells)
        row = _Row(
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
        key = _normalise_key(value)
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
            self.error(line, DEADLINE, _cell_text(value), BREAKDOWN_IMPORT_BAD_DATE.format(year=year))
            return None
        if deadline and deadline.year != year:
            self.error(line, DEADLINE, _cell_text(value), BREAKDOWN_DEADLINE_YEAR.format(year=year))
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


# ---- import: the service -----------------------------------------------------------------------

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


def _task_input(row: _Row, task: Task | None, columns: dict) -> TaskInput:
    """The row as a TaskInput; owner, milestones and columns absent from the file stay as they are."""
    read = {MEASURE: ("measure", row.measure), TARGET: ("target", row.target),
            DEADLINE: ("deadline", row.deadline), COOPERATING: ("cooperating_units", row.cooperating)}
    given = {attr: value for name, (attr, value) in read.items() if name in columns}
    return replace(_current_input(task), lead_units=row.lead, **given)


def _changes(rows: list[_Row], reader: _RowReader) -> tuple[list[tuple[PlanItem, list[TaskInput]]], int]:
    """The items whose rows differ from their tasks, with the rows to save; and how many do not differ."""
    by_item: dict[int, list[_Row]] = {}
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
    table = _read_table(data, filename)
    reader = _RowReader(plan, table, _items_with_tasks(plan))
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
