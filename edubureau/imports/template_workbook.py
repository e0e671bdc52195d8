"""The blank .xlsx a school clerk fills in for one import kind (导入模板).

Sheet 1, named after the kind, holds a title row, the kind's notes and the header row, where
required columns are marked "*" (find_header ignores the mark); each header cell carries a
comment saying what to write. Coded columns (choice, bool) get drop-down lists of their labels;
text columns get the "文本" number format, so Excel keeps every digit of an identity number
(typed into a General cell, its last digits become zeros) and the leading zero of a phone
number; date columns get a date format. A second sheet, 填写说明, gives the same help one row
per column. Drop-down lists too long to be written inline live on a hidden sheet, 选项.

Read back with reading.read_table and validation.validate_rows, the template gives its header
row and no data rows; filled in, it reads like any other file.
"""
import io
import math
import unicodedata

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from edubureau.imports.headers import TEXT_KINDS, ColumnSpec
from edubureau.imports.kinds.base import ImportKind
from edubureau.imports.normalise import format_date

TEMPLATE_TITLE = "{label}导入模板"
TEMPLATE_FILENAME = "{label}导入模板.xlsx"
INSTRUCTIONS_SHEET = "填写说明"
INSTRUCTIONS_HEADERS = ("列名", "是否必填", "填写说明", "可选值/范围")
OPTIONS_SHEET = "选项"
REQUIRED_MARK = "*"  # headers.find_header ignores it
REQUIRED, OPTIONAL = "必填", "选填"
YES, NO = "是", "否"
BOOL_LABELS = (YES, NO)  # what normalise_bool reads as True and False
ALLOWED_VALUES = "可选值:{values}"
MAX_LENGTH = "最多 {limit} 个字"
BETWEEN = "在 {low} 至 {high} 之间"
AT_LEAST = "不小于 {limit}"
AT_MOST = "不大于 {limit}"
NOT_BEFORE = "不早于 {limit}"
NOT_AFTER = "不晚于 {limit}"
LIST_SEPARATOR = "、"
DROPDOWN_ERROR_TITLE = "输入有误"
DROPDOWN_ERROR = "请从下拉列表中选择"
COMMENT_AUTHOR = "填写说明"

TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
# Excel refuses an inline list ("男,女") longer than 255 characters. Measured here with every
# non-ASCII character counted twice, as its size in GBK, to stay clear of the limit in any
# program: a list near it (民族, 229 characters) goes to the 选项 sheet.
INLINE_LIST_LIMIT = 255

_TITLE_FONT = Font(size=14, bold=True)
_NOTE_FONT = Font(color="595959")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_MARK_FONT = InlineFont(b=True, color="FFC00000")
_HEADER_TEXT_FONT = InlineFont(b=True)
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)
_HEADER_HEIGHT = 32  # points: two lines of a wrapped header
# Column widths, in Excel's units (about one digit; a Chinese character takes two).
_MIN_WIDTHS = {"id": 22, "code": 14, "date": 12, "name": 10, "int": 10, "decimal": 12, "text": 14}
_DEFAULT_MIN_WIDTH = 8
_MAX_HEADER_WIDTH = 24  # longer headers wrap
_MAX_WIDTH = 40
_DROPDOWN_ARROW = 4  # room for the arrow Excel draws over the cell
_INSTRUCTION_WIDTHS = (24, 10, 60, 60)
# Comment boxes, in pixels.
_COMMENT_WIDTH = 260
_COMMENT_LINE_UNITS = 36  # width units (a Chinese character is 2) on one line of the box
_COMMENT_LINE_HEIGHT = 18
_COMMENT_PADDING = 12


def template_filename(kind: ImportKind) -> str:
    """The download's file name, e.g. "学生名册导入模板.xlsx"."""
    return TEMPLATE_FILENAME.format(label=kind.label)


def template_workbook(kind: ImportKind, *, rows: int = 1000) -> bytes:
    """The kind's import template as .xlsx bytes, with `rows` data rows formatted and validated."""
    if rows < 0:
        raise ValueError("rows must not be negative")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = kind.label
    instructions = workbook.create_sheet(INSTRUCTIONS_SHEET)
    options = _OptionsSheet(workbook)
    header_row = _write_heading(sheet, kind)
    for column, spec in enumerate(kind.specs, 1):
        _write_column(sheet, column, spec, header_row, rows, options)
    _set_up_page(sheet, header_row)
    _write_instructions(instructions, kind.specs)
    workbook.properties.title = TEMPLATE_TITLE.format(label=kind.label)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def template_header_row(kind: ImportKind) -> int:
    """The header's row number in the kind's template: under the title and the notes."""
    return len(kind.notes) + 2


def choice_labels(spec: ColumnSpec) -> tuple[str, ...]:
    """What the column's drop-down offers: the choices' labels, 是/否 for bool; () for other kinds."""
    if spec.kind == "choice":
        return tuple(choice[1] for choice in spec.choices)
    if spec.kind == "bool":
        return BOOL_LABELS
    return ()


def limits_text(spec: ColumnSpec) -> str:
    """The column's limits in words ("最多 18 个字", "在 0 至 60 之间", "不早于 1940年1月1日"); "" for none."""
    if spec.max_length is not None:
        return MAX_LENGTH.format(limit=spec.max_length)
    dates = spec.kind == "date"
    low, high = (None if value is None else format_date(value) if dates else str(value)
                 for value in (spec.min_value, spec.max_value))
    if low is not None and high is not None:
        return BETWEEN.format(low=low, high=high)
    if low is not None:
        return (NOT_BEFORE if dates else AT_LEAST).format(limit=low)
    if high is not None:
        return (NOT_AFTER if dates else AT_MOST).format(limit=high)
    return ""


def allowed_text(spec: ColumnSpec) -> str:
    """The 可选值/范围 of the 填写说明 sheet: the labels to choose from, or the limits."""
    labels = choice_labels(spec)
    return LIST_SEPARATOR.join(labels) if labels else limits_text(spec)


def comment_text(spec: ColumnSpec) -> str:
    """The header cell's comment: required or not, the note, the labels or the limits."""
    lines = [REQUIRED if spec.required else OPTIONAL]
    if spec.note:
        lines.append(spec.note)
    if labels := choice_labels(spec):
        lines.append(ALLOWED_VALUES.format(values=LIST_SEPARATOR.join(labels)))
    elif limits := limits_text(spec):
        lines.append(limits)
    return "\n".join(lines)


def text_width(text: str) -> int:
    """The text's width in Excel column units: two for a Chinese (wide) character, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def column_width(spec: ColumnSpec) -> int:
    """Wide enough for the header (up to a point: longer ones wrap), the labels and the values."""
    header = min(text_width(REQUIRED_MARK * spec.required + spec.header) + 2, _MAX_HEADER_WIDTH)
    labels = max((text_width(label) + _DROPDOWN_ARROW for label in choice_labels(spec)), default=0)
    return min(max(header, labels, _MIN_WIDTHS.get(spec.kind, _DEFAULT_MIN_WIDTH)), _MAX_WIDTH)


def data_format(spec: ColumnSpec) -> str | None:
    """The number format of the column's data cells: text for text kinds, a date format for dates."""
    if spec.kind in TEXT_KINDS:
        return TEXT_FORMAT
    if spec.kind == "date":
        return DATE_FORMAT
    return None


def _write_heading(sheet, kind: ImportKind) -> int:
    """The title and note rows; returns the header's row number."""
    title = sheet.cell(row=1, column=1, value=TEMPLATE_TITLE.format(label=kind.label))
    title.font = _TITLE_FONT
    sheet.row_dimensions[1].height = 24
    for row, note in enumerate(kind.notes, 2):
        sheet.cell(row=row, column=1, value=note).font = _NOTE_FONT
    sheet.row_dimensions[template_header_row(kind)].height = _HEADER_HEIGHT
    return template_header_row(kind)


def _header_value(spec: ColumnSpec):
    if not spec.required:
        return spec.header
    return CellRichText(TextBlock(_MARK_FONT, REQUIRED_MARK), TextBlock(_HEADER_TEXT_FONT, spec.header))


def _write_column(sheet, column: int, spec: ColumnSpec, header_row: int, rows: int, options: "_OptionsSheet") -> None:
    letter = get_column_letter(column)
    cell = sheet.cell(row=header_row, column=column, value=_header_value(spec))
    cell.font, cell.fill, cell.border, cell.alignment = _HEADER_FONT, _HEADER_FILL, _BORDER, _HEADER_ALIGNMENT
    cell.comment = _comment(comment_text(spec))
    dimension = sheet.column_dimensions[letter]
    dimension.width = column_width(spec)
    first, last = header_row + 1, header_row + rows
    if number_format := data_format(spec):
        dimension.number_format = number_format  # also for rows typed below the formatted ones
        for row in range(first, last + 1):
            sheet.cell(row=row, column=column).number_format = number_format
    labels = choice_labels(spec)
    if labels and rows:
        validation = DataValidation(
            type="list", formula1=_list_formula(spec, labels, options), allow_blank=True,
            showErrorMessage=True, errorStyle="stop", errorTitle=DROPDOWN_ERROR_TITLE, error=DROPDOWN_ERROR,
        )
        validation.add(f"{letter}{first}:{letter}{last}")
        sheet.add_data_validation(validation)


def _comment(text: str) -> Comment:
    lines = sum(max(1, math.ceil(text_width(line) / _COMMENT_LINE_UNITS)) for line in text.split("\n"))
    return Comment(text, COMMENT_AUTHOR, height=lines * _COMMENT_LINE_HEIGHT + _COMMENT_PADDING,
                   width=_COMMENT_WIDTH)


def _list_formula(spec: ColumnSpec, labels: tuple[str, ...], options: "_OptionsSheet") -> str:
    """The list inline ("男,女") when it fits, else a reference to its range on the 选项 sheet."""
    inline = '"' + ",".join(labels) + '"'
    fits = sum(1 if char.isascii() else 2 for char in inline) <= INLINE_LIST_LIMIT
    if fits and not any("," in label or '"' in label for label in labels):
        return inline
    return options.add(spec.header, labels)


class _OptionsSheet:
    """The hidden 选项 sheet, made on first use: one column per list, its header in row 1."""

    def __init__(self, workbook: Workbook):
        self.workbook = workbook
        self.sheet = None

    def add(self, header: str, labels: tuple[str, ...]) -> str:
        if self.sheet is None:
            self.sheet = self.workbook.create_sheet(OPTIONS_SHEET)
            self.sheet.sheet_state = "hidden"
            column = 1
        else:
            column = self.sheet.max_column + 1
        letter = get_column_letter(column)
        self.sheet.cell(row=1, column=column, value=header).font = _HEADER_FONT
        for row, label in enumerate(labels, 2):
            self.sheet.cell(row=row, column=column, value=label)
        self.sheet.column_dimensions[letter].width = column_width(ColumnSpec("options", header))
        return f"{quote_sheetname(OPTIONS_SHEET)}!${letter}$2:${letter}${len(labels) + 1}"


def _set_up_page(sheet, header_row: int) -> None:
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4


def _write_instructions(sheet, specs: tuple[ColumnSpec, ...]) -> None:
    sheet.append(INSTRUCTIONS_HEADERS)
    for spec in specs:
        sheet.append([spec.header, YES if spec.required else NO, spec.note or None, allowed_text(spec) or None])
    for column, width in enumerate(_INSTRUCTION_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for cell in sheet[1]:
        cell.font, cell.fill, cell.border, cell.alignment = _HEADER_FONT, _HEADER_FILL, _BORDER, _HEADER_ALIGNMENT
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.border, cell.alignment = _BORDER, _WRAP
    sheet.freeze_panes = "A2"
