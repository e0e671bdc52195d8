import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText

from edubureau.imports.error_workbook import CELL_FILL, ROW_FILL, error_text, error_workbook, safe_cell
from edubureau.imports.headers import ERROR_COLUMN
from edubureau.imports.normalise import BOOL_INVALID, CHOICE_INVALID, DATE_INVALID, EXCEL_NUMBER_LOST_DIGITS
from edubureau.imports.reading import read_table
from edubureau.imports.tests.helpers import STUDENT_HEADER, STUDENT_SPECS, ods_bytes, xlsx_bytes
from edubureau.imports.validation import RowError, validate_rows

MARCH_6 = datetime.date(2015, 3, 6)
SEX_INVALID = CHOICE_INVALID.format(value="未知", options="男、女")


def students_file() -> bytes:
    return xlsx_bytes(
        ["潜江市园林第六小学学生名单"],
        ["填表说明:带*的列为必填"],
        STUDENT_HEADER,
        ["张三", "42900520150306001X", "男", MARCH_6, "是", 132.5],
        ["李四", 4.29005199001011e+17, "未知", MARCH_6, "否", 140],
        ["王五", "429005201503060036", "男", "2015-02-30", "也许", 128],
        ["赵六", "429005201503060044", "女", MARCH_6, "否", 131],
    )


def reopen(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_error_column_on_exactly_the_failing_rows():
    data = students_file()
    result = validate_rows(read_table(data, "学生.xlsx"), STUDENT_SPECS)

    sheet = reopen(error_workbook(data, "学生.xlsx", result.errors, result.header.row))

    assert [cell.value for cell in sheet["A"]] == [
        None,
        None,
        ERROR_COLUMN,
        None,
        f"身份证号:{EXCEL_NUMBER_LOST_DIGITS}；性别:{SEX_INVALID}",
        f"出生日期:{DATE_INVALID}；是否住校:{BOOL_INVALID}",
        None,
    ]
    # the user's rows, one column to the right, cell types kept
    assert [list(row) for row in sheet.iter_rows(min_col=2, values_only=True)] == [
        ["潜江市园林第六小学学生名单", None, None, None, None, None],
        ["填表说明:带*的列为必填", None, None, None, None, None],
        STUDENT_HEADER,
        ["张三", "42900520150306001X", "男", datetime.datetime(2015, 3, 6), "是", 132.5],
        ["李四", 4.29005199001011e+17, "未知", datetime.datetime(2015, 3, 6), "否", 140],
        ["王五", "429005201503060036", "男", "2015-02-30", "也许", 128],
        ["赵六", "429005201503060044", "女", datetime.datetime(2015, 3, 6), "否", 131],
    ]
    assert sheet.freeze_panes == "B4"


def test_failing_rows_are_tinted_and_their_bad_cells_red():
    data = students_file()
    result = validate_rows(read_table(data, "学生.xlsx"), STUDENT_SPECS)

    sheet = reopen(error_workbook(data, "学生.xlsx", result.errors, result.header.row))

    def colours(row):
        return [cell.fill.fgColor.rgb if cell.fill.fill_type else None for cell in sheet[row]]

    red, tint = "00" + CELL_FILL.fgColor.rgb[2:], "00" + ROW_FILL.fgColor.rgb[2:]
    assert colours(4) == [None] * 7
    assert colours(5) == [red, tint, red, red, tint, tint, tint]
    assert colours(6) == [red, tint, tint, tint, red, red, tint]
    assert colours(7) == [None] * 7
    assert sheet["A3"].font.b is True


def test_errors_on_a_group_of_columns_mark_each_of_them():
    data = xlsx_bytes(["年级", "班级"], [1, "1班"], [1, "1班"])
    errors = [RowError(3, "年级、班级", "1、1班", "与第 2 行重复")]

    sheet = reopen(error_workbook(data, "a.xlsx", errors, 1))

    assert sheet["A3"].value == "年级、班级:与第 2 行重复"
    assert [sheet[f"{column}3"].fill.fgColor.rgb for column in "BC"] == ["00FFC7CE", "00FFC7CE"]


def test_text_that_looks_like_a_formula_stays_text():
    # given cells the user typed as text that a spreadsheet could run
    data = xlsx_bytes(["姓名", "备注"], ["张三", "=HYPERLINK(\"http://x\",\"点我\")"], ["李四", "+86 123"],
                      ["王五", "-5"], ["赵六", "@SUM(A1)"])

    sheet = reopen(error_workbook(data, "a.xlsx", [RowError(4, "备注", "-5", "示例")], 1))

    cells = [sheet[f"C{row}"] for row in range(2, 6)]
    assert [cell.value for cell in cells] == ["=HYPERLINK(\"http://x\",\"点我\")", "+86 123", "-5", "@SUM(A1)"]
    assert [cell.data_type for cell in cells] == ["s", "s", "s", "s"]


def test_csv_uploads_come_back_as_xlsx():
    text = "学生名单\n姓名,身份证号\n张三,=1+1\n李四,\n"

    sheet = reopen(error_workbook(text.encode("gbk"), "学生.csv", [RowError(4, "身份证号", "", "不能为空")], 2))

    assert sheet.title == "Sheet1"
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        [None, "学生名单", None], [ERROR_COLUMN, "姓名", "身份证号"], [None, "张三", "=1+1"], ["身份证号:不能为空", "李四", None],
    ]
    assert sheet["C3"].data_type == "s"
    assert sheet["C4"].fill.fgColor.rgb == "00FFC7CE"  # the missing cell at the end of a short line


def test_sheet_names_excel_refuses_are_tidied():
    data = ods_bytes(["姓名"], ["张三"], sheet_name="2024/2025 学年: 在校学生名单 [园林六小] 第一学期全体学生")

    assert reopen(error_workbook(data, "a.ods", [], 1)).title == "20242025 学年 在校学生名单 园林六小 第一学期全体学"


def test_the_corrected_error_workbook_can_be_imported_again():
    data = students_file()
    first = validate_rows(read_table(data, "学生.xlsx"), STUDENT_SPECS)
    returned = error_workbook(data, "学生.xlsx", first.errors, first.header.row)

    again = validate_rows(read_table(returned, "学生-错误.xlsx"), STUDENT_SPECS)

    assert again.header.warnings == []  # 错误说明 is not an unknown column
    assert again.errors == first.errors  # the same rows, the same columns
    assert again.rows == first.rows


@pytest.mark.parametrize("value, expected", [
    ("", None),
    ("张三", "张三"),
    ("a\x01b\x1fc", "abc"),
    (5, 5),
    (MARCH_6, MARCH_6),
    (None, None),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_safe_cell_keeps_formula_like_text_as_text(text):
    value = safe_cell(text)

    assert isinstance(value, CellRichText) and str(value) == text
    # also in a normal (not write-only) workbook
    workbook = Workbook()
    workbook.active["A1"] = value
    output = io.BytesIO()
    workbook.save(output)
    cell = reopen(output.getvalue())["A1"]
    assert (cell.value, cell.data_type) == (text, "s")


def test_error_text():
    errors = [RowError(2, "姓名", "", "不能为空"), RowError(2, "", "", "整行有误")]

    assert error_text(errors) == "姓名:不能为空；整行有误"
