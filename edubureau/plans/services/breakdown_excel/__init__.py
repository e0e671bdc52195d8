"""The 任务分解表 as an Excel file: export it in the layout bureaus print, and import it back.

Export: a title row, a header row (序号, 重点任务, 具体措施, 牵头单位, 责任单位, 完成时限, 目标)
and one row per task. The same plan and breakdown always give the same bytes.

Import (.xlsx, .xls, .ods): every row is validated first and nothing is written unless the whole
file is valid. An item's rows, in file order, become its tasks 1..n; items absent from the file,
and items whose rows equal their current tasks, are not written at all, so importing an exported
file changes nothing. Owners and milestones of existing tasks are kept; a column missing from
the file keeps the current value of that field.
"""
from edubureau.plans.services.breakdown_excel.common import (
    BREAKDOWN_FILE_EMPTY,
    BREAKDOWN_FILE_NO_HEADER,
    BREAKDOWN_FILE_NO_ROWS,
    BREAKDOWN_FILE_NOT_SPREADSHEET,
    BREAKDOWN_IMPORT_BAD_DATE,
    BREAKDOWN_IMPORT_INVALID,
    BREAKDOWN_IMPORT_NUMBER_AMBIGUOUS,
    BREAKDOWN_IMPORT_NUMBER_MISSING,
    BREAKDOWN_IMPORT_NUMBER_UNKNOWN,
    BREAKDOWN_IMPORT_TARGET_TOO_LONG,
    BREAKDOWN_IMPORT_UNIT_UNKNOWN,
    HEADERS,
    BreakdownImportError,
    BreakdownImportResult,
    BreakdownRowError,
)
from edubureau.plans.services.breakdown_excel.deadlines import parse_deadline
from edubureau.plans.services.breakdown_excel.export import DATE_FORMAT, breakdown_export
from edubureau.plans.services.breakdown_excel.service import breakdown_import

__all__ = [
    "BREAKDOWN_FILE_EMPTY", "BREAKDOWN_FILE_NO_HEADER", "BREAKDOWN_FILE_NO_ROWS", "BREAKDOWN_FILE_NOT_SPREADSHEET",
    "BREAKDOWN_IMPORT_BAD_DATE", "BREAKDOWN_IMPORT_INVALID", "BREAKDOWN_IMPORT_NUMBER_AMBIGUOUS",
    "BREAKDOWN_IMPORT_NUMBER_MISSING", "BREAKDOWN_IMPORT_NUMBER_UNKNOWN", "BREAKDOWN_IMPORT_TARGET_TOO_LONG",
    "BREAKDOWN_IMPORT_UNIT_UNKNOWN", "DATE_FORMAT", "HEADERS", "BreakdownImportError", "BreakdownImportResult",
    "BreakdownRowError", "breakdown_export", "breakdown_import", "parse_deadline",
]
