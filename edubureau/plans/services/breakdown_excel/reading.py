"""Read the table out of an uploaded spreadsheet."""
import datetime
import io
import re
from dataclasses import dataclass

from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

from edubureau.core.exceptions import ApplicationError
from edubureau.plans.services.breakdown_excel.common import (
    BREAKDOWN_FILE_EMPTY,
    BREAKDOWN_FILE_NO_HEADER,
    BREAKDOWN_FILE_NOT_SPREADSHEET,
    HEADER_SEARCH_ROWS,
    HEADER_WORDS,
    REQUIRED_COLUMNS,
)


@dataclass(frozen=True)
class SheetTable:
    columns: dict[str, tuple[int, str]]  # column name → (index, header as written)
    rows: list[tuple[int, list]]  # (row number as Excel shows it, cells) below the header


def _header_label(cell) -> str:
    text = re.sub(r"\s+", "", str(cell))
    return re.sub(r"[(（][^)）]*[)）]|[*＊]", "", text)


def _header_columns(row: list) -> dict[str, tuple[int, str]] | None:
    columns: dict[str, tuple[int, str]] = {}
    for index, cell in enumerate(row):
        name = HEADER_WORDS.get(_header_label(cell))
        if name and name not in columns:
            columns[name] = (index, re.sub(r"\s+", "", str(cell)))
    return columns if all(name in columns for name in REQUIRED_COLUMNS) else None


def _find_table(rows: list[list]) -> SheetTable | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if columns := _header_columns(row):
            return SheetTable(columns, list(enumerate(rows, 1))[index + 1:])
    return None


def read_table(data: bytes, filename: str) -> SheetTable:
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


def cell_text(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
