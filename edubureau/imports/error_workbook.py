"""The user's own table back as an .xlsx, each failing row saying in a first column what is wrong.

Rows keep their numbers (title rows included) so the row numbers in the error list match, and
the original columns only move one to the right. Failing rows are tinted, their bad cells red.
The file can be corrected and uploaded again: the 错误说明 column is then ignored.
"""
import io
import re
from collections import defaultdict

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.rich_text import CellRichText
from openpyxl.styles import Alignment, Font, PatternFill

from edubureau.imports.headers import ERROR_COLUMN, header_text
from edubureau.imports.reading import read_table
from edubureau.imports.validation import RowError

ERROR_SEPARATOR = "；"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets may run as a formula
ROW_FILL = PatternFill("solid", fgColor="FFF2CC")  # the row has an error
CELL_FILL = PatternFill("solid", fgColor="FFC7CE")  # this cell is wrong
ERROR_FONT = Font(color="9C0006")
_HEADER_FONT = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_ERROR_COLUMN_WIDTH = 60


def safe_cell(value):
    """A value for an exported cell: "" as an empty cell, characters Excel refuses removed, and
    text that starts like a formula (= + - @) kept as text, so it is never run when opened.
    """
    if isinstance(value, str):
        if not value:
            return None
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_PREFIXES):
            return CellRichText(value)  # written as an inline string, never as a formula
    return value


def error_workbook(data: bytes, filename: str, errors: list[RowError], header_row: int) -> bytes:
    """The file's first sheet with data, as .xlsx, a 错误说明 column first and failing rows marked.

    `header_row` is the header's row number (HeaderMatch.row); errors name columns by their
    header as written, and their cells are painted red. Several errors on a row are joined by "；".
    """
    table = read_table(data, filename)
    header_cells = table.head(header_row)[-1] if header_row else []
    places = {header_text(cell): index for index, cell in reversed(list(enumerate(header_cells)))}
    by_row = defaultdict(list)
    for error in errors:
        by_row[error.row].append(error)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(table.sheet))
    sheet.column_dimensions["A"].width = _ERROR_COLUMN_WIDTH
    sheet.freeze_panes = f"B{header_row + 1}"
    for number, row in enumerate(table.rows(), 1):
        if number == header_row:
            sheet.append(_header_row(sheet, row))
        elif number in by_row:
            sheet.append(_failing_row(sheet, row, by_row[number], places))
        else:
            sheet.append([None, *map(safe_cell, row)])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _sheet_title(name: str | None) -> str:
    """The sheet's name as Excel allows it (ODS names may be longer or hold []:*?/\\)."""
    return re.sub(r"[\\/*?:\[\]]", "", name or "")[:31] or "Sheet1"


def _header_row(sheet, row: list) -> list:
    cell = WriteOnlyCell(sheet, value=ERROR_COLUMN)
    cell.font = _HEADER_FONT
    return [cell, *map(safe_cell, row)]


def error_text(errors: list[RowError]) -> str:
    """What the 错误说明 cell says: "列名:原因" for each error, joined by "；"."""
    return ERROR_SEPARATOR.join(f"{e.column}:{e.reason}" if e.column else e.reason for e in errors)


def _bad_columns(errors: list[RowError], places: dict[str, int]) -> set[int]:
    columns = set()
    for error in errors:
        names = [error.column] if error.column in places else error.column.split("、")
        columns.update(places[name] for name in names if name in places)
    return columns


def _failing_row(sheet, row: list, errors: list[RowError], places: dict[str, int]) -> list:
    message = WriteOnlyCell(sheet, value=safe_cell(error_text(errors)))
    message.font, message.fill, message.alignment = ERROR_FONT, CELL_FILL, _WRAP
    bad = _bad_columns(errors, places)
    if bad and max(bad) >= len(row):  # a short CSV line: paint the empty cells too
        row = [*row, *[""] * (max(bad) + 1 - len(row))]
    cells = [message]
    for index, value in enumerate(row):
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        cell.fill = CELL_FILL if index in bad else ROW_FILL
        cells.append(cell)
    return cells
