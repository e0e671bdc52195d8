import pytest

from edubureau.imports.headers import (
    HEADER_DUPLICATE_COLUMN,
    HEADER_MISSING_COLUMNS,
    HEADER_NOT_FOUND,
    HEADER_UNKNOWN_COLUMNS,
    ColumnSpec,
    find_header,
    header_keys,
)
from edubureau.imports.tests.helpers import STUDENT_HEADER, STUDENT_SPECS


def test_header_under_two_title_rows():
    rows = [
        ["潜江市园林第六小学学生名单", "", ""],
        ["填表说明:带*的列为必填,日期请按 2015-03-06 填写", "", ""],
        STUDENT_HEADER,
        ["张三", "42900520150306001X", "男"],
    ]

    match = find_header(rows, STUDENT_SPECS)

    assert match.row == 3
    assert match.columns == {"name": 0, "id_number": 1, "sex": 2, "birth_date": 3, "boarding": 4, "height": 5}
    assert match.headers["height"] == "身高(cm)"
    assert (match.errors, match.warnings) == ([], [])


def test_synonyms_and_decorations_are_matched_and_headers_kept_as_written_without_the_required_mark():
    header = ["*学生姓名", "身份证号码\n(必填)", "性 别:", "出生年月日【必填】", "住校（是/否）", "身高（ｃｍ）"]

    match = find_header([header], STUDENT_SPECS)

    assert match.columns == {"name": 0, "id_number": 1, "sex": 2, "birth_date": 3, "boarding": 4, "height": 5}
    assert match.headers == {
        "name": "学生姓名", "id_number": "身份证号码(必填)", "sex": "性别:",
        "birth_date": "出生年月日【必填】", "boarding": "住校（是/否）", "height": "身高（ｃｍ）",
    }


@pytest.mark.parametrize("written, keys", [
    ("身份证号", ("身份证号", "身份证号")),
    (" 身份证号\n（必填） ", ("身份证号(必填)", "身份证号")),
    ("＊身份证号*", ("身份证号", "身份证号")),
    ("身份证号：", ("身份证号", "身份证号")),
    ("身高(CM)", ("身高(cm)", "身高")),
    ("〔必填〕身份证号", ("〔必填〕身份证号", "身份证号")),
])
def test_header_keys(written, keys):
    assert header_keys(written) == keys


def test_a_synonym_with_brackets_matches_only_that_wording():
    # 身高(cm) must not take a column in metres
    match = find_header([["姓名", "身份证号", "身高(米)"]], STUDENT_SPECS)

    assert "height" not in match.columns
    assert match.unknown == ((2, "身高(米)"),)


def test_missing_required_column():
    match = find_header([["姓名", "性别", "出生日期"]], STUDENT_SPECS)

    assert match.missing == ("身份证号",)
    assert match.errors == [HEADER_MISSING_COLUMNS.format(columns="“身份证号”")]
    assert match.errors == ["缺少必填的列:“身份证号”,请按导入模板补上"]


def test_several_missing_columns_in_one_message():
    specs = (*STUDENT_SPECS, ColumnSpec("school", "学校", required=True))

    match = find_header([["身份证号", "性别"]], specs)

    assert match.errors == ["缺少必填的列:“姓名”、“学校”,请按导入模板补上"]


def test_duplicate_column():
    match = find_header([["姓名", "身份证号", "性别", "出生日期", "身份证号码"]], STUDENT_SPECS)

    assert match.duplicates == (("身份证号", (1, 4)),)
    assert match.columns["id_number"] == 1
    assert match.errors == [HEADER_DUPLICATE_COLUMN.format(columns="B、E", header="身份证号")]
    assert match.errors == ["B、E 列都是“身份证号”,只能保留其中一列"]


def test_unknown_columns_are_a_warning_and_the_numbering_and_error_columns_are_ignored():
    match = find_header([["错误说明", "序号", "姓名", "身份证号", "家长电话", "备注"]], STUDENT_SPECS)

    assert match.errors == []
    assert match.unknown == ((4, "家长电话"), (5, "备注"))
    assert match.warnings == [HEADER_UNKNOWN_COLUMNS.format(columns="“家长电话”(E 列)、“备注”(F 列)")]
    assert match.warnings == ["以下列无法识别,导入时将被忽略:“家长电话”(E 列)、“备注”(F 列)"]


def test_the_row_naming_most_columns_wins():
    rows = [["姓名"], ["身份证号", "姓名", "性别"], ["姓名", "性别"]]

    assert find_header(rows, STUDENT_SPECS).row == 2


def test_header_not_found():
    match = find_header([["潜江市学生名单"], ["张三", "男"]], STUDENT_SPECS)

    assert match.row is None
    assert match.errors == [HEADER_NOT_FOUND.format(rows=20, headers="姓名”“身份证号")]
    assert match.errors == ["未找到表头行:前 20 行中没有“姓名”“身份证号”等列名,请按导入模板填写"]


def test_header_is_looked_for_in_the_first_rows_only():
    rows = [["说明"]] * 20 + [STUDENT_HEADER]

    assert find_header(rows, STUDENT_SPECS).row is None
    assert find_header(rows, STUDENT_SPECS, search_rows=21).row == 21


def test_header_cells_may_be_numbers():
    specs = (ColumnSpec("y2023", "2023", kind="int"),)

    assert find_header([["学校", 2023.0]], specs).columns == {"y2023": 1}


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "money"}, "name: unknown kind 'money'"),
    ({"kind": "choice"}, "name: choices go with kind 'choice', and only with it"),
    ({"choices": (("1", "男"),)}, "name: choices go with kind 'choice', and only with it"),
    ({"min_value": 1}, "name: min_value and max_value go with kinds int, decimal, date"),
    ({"kind": "bool", "max_value": 1}, "name: min_value and max_value go with kinds int, decimal, date"),
    ({"kind": "int", "max_length": 3}, "name: max_length goes with kinds text, name, id, code"),
])
def test_column_spec_is_checked(kwargs, message):
    with pytest.raises(ValueError) as raised:
        ColumnSpec("name", "姓名", **kwargs)

    assert str(raised.value) == message


def test_a_header_declared_for_two_columns_is_a_programming_error():
    specs = (ColumnSpec("name", "姓名"), ColumnSpec("pupil", "学生", ("姓名",)))

    with pytest.raises(ValueError) as raised:
        find_header([["姓名"]], specs)

    assert str(raised.value) == "header '姓名' is declared for both name and pupil"
