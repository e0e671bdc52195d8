"""The indicator tables as .xlsx: what the dashboard and an indicator's drill-down page show.

Rows come from the same selectors as the pages (so an export holds exactly the units in the user's
scope). Numbers are written as numbers; text with write_string and, when it starts like a formula,
with Excel's quote prefix, so nothing in a cell is ever run (as registry.exports does).
"""
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from edubureau.imports.error_workbook import FORMULA_PREFIXES
from edubureau.indicators.selectors import Dashboard, IndicatorDetail, light_label, target_text
from edubureau.registry.exports import XLSX, export_filename

__all__ = ["XLSX", "dashboard_export", "detail_export", "export_filename"]


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 12


DASHBOARD_COLUMNS = (
    Column("分类", 16), Column("指标代码", 24), Column("指标", 40), Column("单位", 6), Column("指标值"),
    Column("分子"), Column("分母"), Column("目标", 10), Column("目标来源", 10), Column("状态", 9),
    Column("计入学校数", 10), Column("排名", 14), Column("对应工作要点条目", 24),
)
DETAIL_COLUMNS = (
    Column("单位", 30), Column("单位类型", 10), Column("指标值"), Column("分子"), Column("分母"),
    Column("状态", 9), Column("计入学校数", 10),
)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _value_cells(value) -> list:
    if value is None:
        return [None, None, None]
    return [_number(value.value), _number(value.numerator), _number(value.denominator)]


def dashboard_export(board: Dashboard) -> bytes:
    """Every indicator of the dashboard at its unit for its school year, one row each."""
    rows = []
    for row in board.rows:
        indicator = row.indicator
        rows.append([
            row.section, indicator.code, indicator.name, indicator.unit, *_value_cells(row.value),
            target_text(indicator), indicator.get_target_certainty_display() if row.target else "",
            row.light_label, row.value.schools if row.value else None, row.rank.label if row.rank else "",
            "、".join(link.label for link in row.plan_items),
        ])
    return _workbook(f"{board.unit.name}{board.period}学年"[:31], DASHBOARD_COLUMNS, rows)


def detail_export(detail: IndicatorDetail) -> bytes:
    """The unit's own figure, then each child unit in scope, as on the drill-down page."""
    own = detail.row.value
    rows = [[detail.unit.name, detail.unit.get_kind_display(), *_value_cells(own),
             light_label(own), own.schools if own else None]]
    for value in detail.children:
        rows.append([value.org_unit.name, value.org_unit.get_kind_display(), *_value_cells(value),
                     light_label(value), value.schools])
    return _workbook(detail.indicator.name[:31], DETAIL_COLUMNS, rows)


def _workbook(title: str, columns: tuple[Column, ...], rows: Iterable[list]) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet(ILLEGAL_CHARACTERS_RE.sub("", title).translate(str.maketrans("[]:*?/\\", "（）：＊？／＼")))
    bold = book.add_format({"bold": True})
    quoted = book.add_format({"quote_prefix": True})
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
        sheet.write_string(0, index, column.header, bold)
    sheet.freeze_panes(1, 0)
    for number, row in enumerate(rows, 1):
        for index, value in enumerate(row):
            if isinstance(value, str):
                text = ILLEGAL_CHARACTERS_RE.sub("", value)
                if text:
                    sheet.write_string(number, index, text, quoted if text.startswith(FORMULA_PREFIXES) else None)
            elif value is not None:
                sheet.write_number(number, index, value)
    book.close()
    return output.getvalue()
