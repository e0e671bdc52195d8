import datetime
from decimal import Decimal

import pytest

from edubureau.imports.headers import HEADER_MISSING_COLUMNS, ColumnSpec
from edubureau.imports.normalise import (
    BOOL_INVALID,
    CHOICE_INVALID,
    DATE_INVALID,
    DATE_TOO_EARLY,
    DATE_TOO_LATE,
    EXCEL_NUMBER_LOST_DIGITS,
    NUMBER_TOO_LARGE,
    NUMBER_TOO_SMALL,
    TEXT_TOO_LONG,
)
from edubureau.imports.reading import RawTable, read_table
from edubureau.imports.tests.helpers import STUDENT_HEADER, STUDENT_SPECS, xlsx_bytes
from edubureau.imports.validation import (
    DUPLICATE_IN_FILE,
    VALUE_REQUIRED,
    HeaderError,
    RowError,
    ValidationResult,
    validate_rows,
)

TITLE = ["潜江市园林第六小学学生名单"]
NOTE = ["填表说明:带*的列为必填"]
MARCH_6 = datetime.date(2015, 3, 6)


def student(name="张三", id_number="42900520150306001X", sex="男", birth=MARCH_6, boarding="是", height=132.5):
    return [name, id_number, sex, birth, boarding, height]


def test_a_clean_file_gives_normalised_rows_with_their_excel_row_numbers():
    data = xlsx_bytes(TITLE, NOTE, STUDENT_HEADER, student(), student("李  四", "429005201503060028", "女", "2015.3.6", "否", "140"))

    result = validate_rows(read_table(data, "学生.xlsx"), STUDENT_SPECS)

    assert result.ok and result.errors == []
    assert result.row_numbers == [4, 5]
    assert result.rows == [
        {"name": "张三", "id_number": "42900520150306001X", "sex": "1", "birth_date": MARCH_6,
         "boarding": True, "height": Decimal("132.5")},
        {"name": "李四", "id_number": "429005201503060028", "sex": "2", "birth_date": MARCH_6,
         "boarding": False, "height": Decimal("140")},
    ]
    assert result.header.row == 3


def test_every_error_of_every_row_is_collected():
    data = xlsx_bytes(
        TITLE, STUDENT_HEADER,
        student(id_number=4.29005199001011e+17, sex="未知"),
        student(id_number="429005201503060028", birth="2015-02-30", boarding="也许", height=300),
        student(id_number="429005201503060036"),
    )

    result = validate_rows(read_table(data, "学生.xlsx"), STUDENT_SPECS)

    assert result.errors == [
        RowError(3, "身份证号", "429005199001011000", EXCEL_NUMBER_LOST_DIGITS),
        RowError(3, "性别", "未知", CHOICE_INVALID.format(value="未知", options="男、女")),
        RowError(4, "出生日期", "2015-02-30", DATE_INVALID),
        RowError(4, "是否住校", "也许", BOOL_INVALID),
        RowError(4, "身高(cm)", "300", NUMBER_TOO_LARGE.format(limit=250)),
    ]
    assert result.row_numbers == [3, 4, 5]
    assert result.rows[0]["id_number"] is None and result.rows[0]["name"] == "张三"
    assert not result.ok


def test_empty_rows_are_ignored_even_with_a_row_number_filled_in():
    rows = [
        ["序号", *STUDENT_HEADER],
        [1, *student()],
        [2, "", "", "", "", "", ""],
        [3, "  ", "\u3000", "", None, "", ""],
        ["", "", "", "", "", "", ""],
        [4, *student("李四", "429005201503060028")],
        [5],
    ]

    result = validate_rows(RawTable.from_rows(rows), STUDENT_SPECS)

    assert result.errors == []
    assert result.row_numbers == [2, 6]


def test_required_values():
    rows = [STUDENT_HEADER, student(name=""), student(name="李四", id_number=" ")]

    result = validate_rows(RawTable.from_rows(rows), STUDENT_SPECS)

    assert result.errors == [RowError(2, "姓名", "", VALUE_REQUIRED), RowError(3, "身份证号", "", VALUE_REQUIRED)]
    assert VALUE_REQUIRED == "不能为空"


def test_duplicates_inside_the_file_name_the_first_row():
    rows = [
        STUDENT_HEADER,
        student("张三", "42900520150306001X"),
        student("李四", "429005201503060028"),
        student("王五", "42900520150306001x"),  # the same number once normalised
        student("赵六", "429005201503060028"),
        student("钱七", "42900520150306001X"),
    ]

    result = validate_rows(RawTable.from_rows(rows), STUDENT_SPECS)

    assert result.errors == [
        RowError(4, "身份证号", "42900520150306001X", DUPLICATE_IN_FILE.format(row=2)),
        RowError(5, "身份证号", "429005201503060028", DUPLICATE_IN_FILE.format(row=3)),
        RowError(6, "身份证号", "42900520150306001X", DUPLICATE_IN_FILE.format(row=2)),
    ]
    assert DUPLICATE_IN_FILE.format(row=2) == "与第 2 行重复"


def test_duplicates_on_a_group_of_columns():
    specs = (
        ColumnSpec("grade", "年级", required=True, kind="int"),
        ColumnSpec("name", "班级名称", ("班级",), required=True),
        ColumnSpec("teacher", "班主任", kind="name"),
    )
    rows = [["年级", "班级", "班主任"], [1, "1班", "张三"], [1, "2班", "李四"], ["1", "1班", "王五"], [2, "1班", ""]]

    result = validate_rows(RawTable.from_rows(rows), specs, unique_together=[("grade", "name")])

    assert result.errors == [RowError(4, "年级、班级", "1、1班", "与第 2 行重复")]


def test_cells_that_failed_are_not_compared_for_duplicates():
    rows = [STUDENT_HEADER, student(id_number=4.29005199001011e+17), student(id_number=4.29005199001011e+17)]

    result = validate_rows(RawTable.from_rows(rows), STUDENT_SPECS)

    assert [error.reason for error in result.errors] == [EXCEL_NUMBER_LOST_DIGITS, EXCEL_NUMBER_LOST_DIGITS]


def test_row_validator_checks_across_columns():
    seen = []

    def birth_matches_id(values):
        seen.append(dict(values))
        if values["id_number"] and values["birth_date"] and values["id_number"][6:14] != f"{values['birth_date']:%Y%m%d}":
            return [("birth_date", "与身份证号中的出生日期不一致")]
        return []

    rows = [
        ["姓名", "身份证号码", "出生日期"],
        ["张三", "42900520150306001X", "2015/3/6"],
        ["李四", "429005201503070028", "2015/3/6"],
        ["王五", "", "2015/3/6"],
    ]

    result = validate_rows(RawTable.from_rows(rows), STUDENT_SPECS, row_validator=birth_matches_id)

    assert result.errors == [
        RowError(3, "出生日期", "2015/3/6", "与身份证号中的出生日期不一致"),
        RowError(4, "身份证号码", "", VALUE_REQUIRED),
    ]
    assert seen[2] == {"name": "王五", "id_number": None, "birth_date": MARCH_6,
                       "sex": None, "boarding": None, "height": None}


def test_row_validator_may_name_a_column_missing_from_the_file():
    rows = [["姓名", "身份证号"], ["张三", "42900520150306001X"]]

    result = validate_rows(RawTable.from_rows(rows), STUDENT_SPECS, row_validator=lambda values: [("sex", "请补充性别")])

    assert result.errors == [RowError(2, "性别", "", "请补充性别")]


def test_columns_missing_from_the_file_are_none():
    result = validate_rows(RawTable.from_rows([["身份证号", "姓名"], ["42900520150306001X", "张三"]]), STUDENT_SPECS)

    assert result.rows == [{"id_number": "42900520150306001X", "name": "张三", "sex": None,
                            "birth_date": None, "boarding": None, "height": None}]


def test_a_header_that_cannot_be_used_stops_before_any_row():
    rows = [["姓名", "性别"], ["张三", "未知"]]

    with pytest.raises(HeaderError) as raised:
        validate_rows(RawTable.from_rows(rows), STUDENT_SPECS)

    assert raised.value.message == HEADER_MISSING_COLUMNS.format(columns="“身份证号”")
    assert raised.value.extra == {"problems": [raised.value.message]}
    assert raised.value.header.row == 1


def test_several_header_problems_are_joined():
    rows = [["姓名", "性别", "性别"]]

    with pytest.raises(HeaderError) as raised:
        validate_rows(RawTable.from_rows(rows), STUDENT_SPECS)

    assert raised.value.message == "缺少必填的列:“身份证号”,请按导入模板补上；B、C 列都是“性别”,只能保留其中一列"


@pytest.mark.parametrize("spec, cell, reason", [
    (ColumnSpec("x", "名称", max_length=4), "园林第六小学", TEXT_TOO_LONG.format(limit=4)),
    (ColumnSpec("x", "名称", kind="name", max_length=2), "欧阳 娜娜", "不能超过 2 个字"),
    (ColumnSpec("x", "人数", kind="int", min_value=1), "0", NUMBER_TOO_SMALL.format(limit=1)),
    (ColumnSpec("x", "人数", kind="int", max_value=56), 57.0, "不能大于 56"),
    (ColumnSpec("x", "面积", kind="decimal", min_value=Decimal("0.5")), "0.4", "不能小于 0.5"),
    (ColumnSpec("x", "出生日期", kind="date", min_value=datetime.date(2000, 1, 1)), "1999-12-31",
     DATE_TOO_EARLY.format(limit="2000年1月1日")),
    (ColumnSpec("x", "出生日期", kind="date", max_value=datetime.date(2024, 8, 31)), "2024.9.1", "不能晚于 2024年8月31日"),
])
def test_limits(spec, cell, reason):
    result = validate_rows(RawTable.from_rows([[spec.header], [cell]]), [spec])

    assert [error.reason for error in result.errors] == [reason]
    assert DATE_TOO_LATE.format(limit="2024年8月31日") == "不能晚于 2024年8月31日"


def test_values_within_limits_pass():
    spec = ColumnSpec("x", "人数", kind="int", min_value=1, max_value=56)

    result = validate_rows(RawTable.from_rows([["人数"], [1], ["56"], [""]]), [spec])

    assert (result.errors, [row["x"] for row in result.rows]) == ([], [1, 56])


def test_gbk_csv_with_full_width_input():
    text = "姓名,身份证号,性别,出生日期,是否住校,身高(cm)\r\n张　三,４２９００５２０１５０３０６００１ｘ,男性,２０１５年３月６日,Ｙ,１３２．５\r\n"

    result = validate_rows(read_table(text.encode("gbk"), "学生.csv"), STUDENT_SPECS)

    assert result.errors == []
    assert result.rows == [{"name": "张三", "id_number": "42900520150306001X", "sex": "1", "birth_date": MARCH_6,
                            "boarding": True, "height": Decimal("132.5")}]


def test_result_defaults():
    result = ValidationResult([], [])

    assert (result.ok, result.row_numbers, result.header) == (True, [], None)
