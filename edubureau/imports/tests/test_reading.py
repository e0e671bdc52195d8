import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from edubureau.core.exceptions import ApplicationError
from edubureau.imports.reading import (
    FILE_EMPTY,
    FILE_IS_WEB_PAGE,
    FILE_UNKNOWN_ENCODING,
    FILE_UNKNOWN_FORMAT,
    WORKBOOK_CORRUPT,
    WORKBOOK_NO_DATA,
    WORKBOOK_PASSWORD,
    RawTable,
    read_table,
)
from edubureau.imports.tests.helpers import FILES, ods_bytes, xlsx_bytes

TYPED_ROW = ["张三", 42, 1.5, True, datetime.date(2015, 3, 6), datetime.datetime(2015, 3, 6, 10, 30), "42900520150306001X"]


def test_xlsx_keeps_excel_cell_types():
    # given a title row, a header row and a row of typed cells
    data = xlsx_bytes(["潜江市学生名单"], ["姓名", "人数", "身高", "住校", "出生日期", "登记时间", "身份证号"], TYPED_ROW)

    table = read_table(data, "学生.xlsx")

    assert (table.filename, table.format, table.sheet, table.height) == ("学生.xlsx", "xlsx", "Sheet1", 3)
    assert list(table.rows())[2] == [
        "张三", 42.0, 1.5, True, datetime.date(2015, 3, 6), datetime.datetime(2015, 3, 6, 10, 30), "42900520150306001X",
    ]
    assert list(table.rows())[0] == ["潜江市学生名单", "", "", "", "", "", ""]


def test_rows_start_at_row_1_and_column_a_whatever_the_data_starts_at():
    workbook = Workbook()
    workbook.active["C3"] = "姓名"
    workbook.active["D4"] = "张三"
    output = io.BytesIO()
    workbook.save(output)

    table = read_table(output.getvalue(), "a.xlsx")

    assert list(table.rows()) == [["", "", "", ""], ["", "", "", ""], ["", "", "姓名", ""], ["", "", "", "张三"]]
    assert table.head(3) == [["", "", "", ""], ["", "", "", ""], ["", "", "姓名", ""]]
    assert table.height == 4


def test_reads_the_first_visible_worksheet_with_data():
    # given a hidden sheet, an empty visible sheet, then the data
    workbook = Workbook()
    hidden = workbook.active
    hidden.title, hidden.sheet_state = "下拉选项", "hidden"
    hidden["A1"] = "男"
    workbook.create_sheet("空白")
    workbook.create_sheet("学生")["A1"] = "姓名"
    workbook.create_sheet("其他")["A1"] = "别的"
    output = io.BytesIO()
    workbook.save(output)

    table = read_table(output.getvalue(), "a.xlsx")

    assert table.sheet == "学生"
    assert list(table.rows()) == [["姓名"]]


def test_ods():
    data = ods_bytes(["名单"], ["姓名", "出生日期", "人数", "住校"], ["张三", datetime.date(2015, 3, 6), 42, True])

    table = read_table(data, "学生.ods")

    assert (table.format, table.sheet) == ("ods", "学生")
    assert list(table.rows()) == [
        ["名单", "", "", ""], ["姓名", "出生日期", "人数", "住校"], ["张三", datetime.date(2015, 3, 6), 42.0, True],
    ]


def test_xls():
    table = read_table((FILES / "students.xls").read_bytes(), "学生.xls")

    assert (table.format, table.sheet) == ("xls", "学生")
    assert list(table.rows()) == [
        ["潜江市学生名单", "", "", ""], ["姓名", "出生日期", "人数", "是否住校"], ["张三", datetime.date(2015, 3, 6), 42, True],
    ]


def test_the_format_is_told_by_the_content_not_the_name():
    table = read_table(xlsx_bytes(["姓名"], ["张三"]), "学生.csv")

    assert table.format == "xlsx"


CSV_TEXT = "学生名单\r\n姓名,身份证号,备注\r\n张三,42900520150306001X,\"住址:园林街道, 3 号\"\r\n李四,429005201503060028,\"两行\n备注\"\r\n"
CSV_ROWS = [
    ["学生名单"],
    ["姓名", "身份证号", "备注"],
    ["张三", "42900520150306001X", "住址:园林街道, 3 号"],
    ["李四", "429005201503060028", "两行\n备注"],
]


@pytest.mark.parametrize("encoded", [
    CSV_TEXT.encode("utf-8"),
    b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"),
    CSV_TEXT.encode("gbk"),
    CSV_TEXT.encode("gb18030"),
    CSV_TEXT.replace(",", "\t").replace("住址:园林街道\t 3 号", "住址:园林街道, 3 号").encode("utf-16"),
], ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "utf-16-tab"])
def test_csv_encodings(encoded):
    table = read_table(encoded, "学生.csv")

    assert (table.format, table.sheet) == ("csv", None)
    assert list(table.rows()) == CSV_ROWS


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_csv_delimiter_is_sniffed(delimiter):
    text = "学生名单\n" + "\n".join(delimiter.join(row) for row in [["姓名", "性别", "年龄"], ["张三", "男", "9"]])

    table = read_table(text.encode("utf-8"), "a.csv")

    assert list(table.rows()) == [["学生名单"], ["姓名", "性别", "年龄"], ["张三", "男", "9"]]


def test_csv_of_one_column():
    assert list(read_table("姓名\n张三\n".encode(), "a.csv").rows()) == [["姓名"], ["张三"]]


def test_rows_can_be_read_again():
    table = read_table(CSV_TEXT.encode("gbk"), "a.csv")

    assert list(table.rows()) == list(table.rows()) == CSV_ROWS


def test_from_rows():
    table = RawTable.from_rows([["姓名"], ["张三"]])

    assert (table.format, table.height, list(table.rows())) == ("rows", 2, [["姓名"], ["张三"]])


def _zip(name: str, text: str) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(name, text)
    return output.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"", FILE_EMPTY),
    (b"\x00\x01\x02\x03binary", FILE_UNKNOWN_FORMAT.format(filename="学生.xlsx")),
    (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", FILE_UNKNOWN_FORMAT.format(filename="学生.xlsx")),
    (_zip("word/document.xml", "<w/>"), FILE_UNKNOWN_FORMAT.format(filename="学生.xlsx")),
    (xlsx_bytes(["姓名"])[:300], WORKBOOK_CORRUPT.format(filename="学生.xlsx")),
    (_zip("xl/workbook.xml", "<not a workbook"), WORKBOOK_CORRUPT.format(filename="学生.xlsx")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, WORKBOOK_CORRUPT.format(filename="学生.xlsx")),
    ((FILES / "encrypted.xlsx").read_bytes(), WORKBOOK_PASSWORD.format(filename="学生.xlsx")),
    (ods_bytes(["姓名"], encrypted=True), WORKBOOK_PASSWORD.format(filename="学生.xlsx")),
    (xlsx_bytes(), WORKBOOK_NO_DATA.format(filename="学生.xlsx")),
    (b" \r\n\r\n ", WORKBOOK_NO_DATA.format(filename="学生.xlsx")),
    ("姓名,性别\n张三,男\n".encode() + b"\x80\x80", FILE_UNKNOWN_ENCODING.format(filename="学生.xlsx")),
    (b"<html><body><table><tr><td>x</td></tr></table></body></html>", FILE_IS_WEB_PAGE.format(filename="学生.xlsx")),
    (b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
     FILE_IS_WEB_PAGE.format(filename="学生.xlsx")),
], ids=["empty", "binary", "image", "docx", "truncated-xlsx", "broken-xml", "broken-xls", "xlsx-password",
        "ods-password", "empty-workbook", "blank-csv", "unknown-encoding", "html-as-xls", "xml-spreadsheet"])
def test_unreadable_files(data, message):
    with pytest.raises(ApplicationError) as raised:
        read_table(data, "学生.xlsx")

    assert raised.value.message == message


def test_messages_read_well():
    assert WORKBOOK_PASSWORD.format(filename="学生.xlsx") == "“学生.xlsx”设置了打开密码,无法读取:请在 Excel 中去掉密码后再上传"
    assert FILE_EMPTY == "文件为空,请选择填写好的表格"
