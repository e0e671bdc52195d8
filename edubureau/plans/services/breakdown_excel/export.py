"""Export the 任务分解表 in the layout bureaus print."""
import datetime
import io
import re
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from edubureau.plans.models import PlanItem, TaskUnitRole, WorkPlan
from edubureau.plans.services.breakdown_excel.common import (
    COOPERATING,
    DEADLINE,
    HEADERS,
    LEAD,
    MEASURE,
    NUMBER,
    TARGET,
    TITLE,
    item_keys,
    items_with_tasks,
)

# Layout of the printed table.
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
WIDTHS = {NUMBER: 8, TITLE: 24, MEASURE: 46, LEAD: 16, COOPERATING: 24, DEADLINE: 16, TARGET: 30}
CENTERED = (NUMBER, DEADLINE)
FONT = "宋体"
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BODY_FONT = Font(name=FONT, size=11)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)



def breakdown_export(*, plan: WorkPlan, items: Iterable[PlanItem] | None = None) -> bytes:
    """The 任务分解表 of `plan` as .xlsx bytes: one row per task of `items` (all items by default).

    `items` must come with tasks__task_units__org_unit prefetched (selectors.plan_items does);
    the export then runs one query. Identical input gives identical bytes.
    """
    if items is None:
        items = items_with_tasks(plan)
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
    cell.font, cell.alignment = Font(name="黑体", size=16, bold=True), CENTER
    sheet.row_dimensions[1].height = 36
    for column, name in enumerate(HEADERS, 1):
        cell = sheet.cell(row=2, column=column, value=name)
        cell.font, cell.alignment, cell.border = Font(name=FONT, size=11, bold=True), CENTER, BORDER
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[name]
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
    cell.font, cell.border = BODY_FONT, BORDER
    cell.alignment = CENTER if name in CENTERED else LEFT


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
            target.writestr(zipfile.ZipInfo(info.filename, ZIP_TIME), source.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()
