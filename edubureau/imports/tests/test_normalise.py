import datetime
from decimal import Decimal

import pytest
from openpyxl.utils.datetime import from_excel

from edubureau.imports.normalise import (
    BOOL_INVALID,
    CHOICE_INVALID,
    DATE_INVALID,
    DECIMAL_INVALID,
    EXCEL_DATE_NOT_TEXT,
    EXCEL_NUMBER_LOST_DIGITS,
    EXCEL_NUMBER_NOT_TEXT,
    INT_INVALID,
    TEXT_EXPECTED,
    CellError,
    cell_display,
    choice_normaliser,
    excel_serial_to_date,
    normalise_bool,
    normalise_code,
    normalise_date,
    normalise_decimal,
    normalise_id,
    normalise_int,
    normalise_name,
    normalise_text,
    parse_text_date,
)

MARCH_6 = datetime.date(2015, 3, 6)
EMPTY_CELLS = ["", None, "   ", "\u3000", "\u00a0", "\u200b", "\ufeff \t\r\n"]


def reason(normalise, value) -> str:
    with pytest.raises(CellError) as raised:
        normalise(value)
    return raised.value.reason


def test_lost_digits_message_is_as_agreed():
    assert EXCEL_NUMBER_LOST_DIGITS == "该列被 Excel 存成了数字,长号码末尾已丢失:请把该列设为“文本”格式后重新填写"


@pytest.mark.parametrize("normalise", [
    normalise_text, normalise_name, normalise_id, normalise_code, normalise_int, normalise_decimal,
    normalise_date, normalise_bool, choice_normaliser((("1", "男"),)),
])
@pytest.mark.parametrize("value", EMPTY_CELLS)
def test_empty_cells_are_none(normalise, value):
    assert normalise(value) is None


@pytest.mark.parametrize("value, expected", [
    (" 三年级(1)班 ", "三年级(1)班"),
    ("\u200b园林\u00a0六小\u3000", "园林 六小"),
    ("ＡＢＣ１２３ｘ", "ABC123x"),
    ("三年级（１）班", "三年级（1）班"),  # full-width brackets stay: they are part of names
    (12.0, "12"),
    (12.5, "12.5"),
    (7, "7"),
    (True, "TRUE"),
])
def test_text(value, expected):
    assert normalise_text(value) == expected


@pytest.mark.parametrize("value", [MARCH_6, datetime.datetime(2024, 3, 1), datetime.time(3, 1)])
def test_text_that_excel_turned_into_a_date_is_an_error(value):
    # "3-1" (class 1 of grade 3) typed into a General cell becomes 3月1日
    assert reason(normalise_text, value) == EXCEL_DATE_NOT_TEXT


@pytest.mark.parametrize("value, expected", [
    ("张三", "张三"),
    ("张  三", "张三"),
    ("张\u3000三", "张三"),
    (" 欧阳 娜娜 ", "欧阳娜娜"),
    ("阿依古丽 • 买买提", "阿依古丽·买买提"),
    ("阿依古丽・买买提", "阿依古丽·买买提"),
    ("Tom   Smith", "Tom Smith"),
    ("ｌｉ ｌｅｉ", "li lei"),
])
def test_name(value, expected):
    assert normalise_name(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("42900520150306001x", "42900520150306001X"),
    ("４２９００５２０１５０３０６００１ｘ", "42900520150306001X"),
    (" 429005 20150306 001X ", "42900520150306001X"),
    ("\u200b42900520150306001X\u00a0", "42900520150306001X"),
    ("g429005201503060012", "G429005201503060012"),
    ("L4290052015030612345", "L4290052015030612345"),
])
def test_id(value, expected):
    assert normalise_id(value) == expected


@pytest.mark.parametrize("value, message", [
    (4.29005199001011e+17, EXCEL_NUMBER_LOST_DIGITS),
    (429005199001011000, EXCEL_NUMBER_LOST_DIGITS),
    ("4.29005E+17", EXCEL_NUMBER_LOST_DIGITS),
    ("4.29005e+17", EXCEL_NUMBER_LOST_DIGITS),
    ("4.29005199001011E+17", EXCEL_NUMBER_LOST_DIGITS),
    ("４.２９００５Ｅ＋１７", EXCEL_NUMBER_LOST_DIGITS),
    (1.0e15, EXCEL_NUMBER_LOST_DIGITS),
    (999999999999999.0, EXCEL_NUMBER_NOT_TEXT),
    (12345.0, EXCEL_NUMBER_NOT_TEXT),
    (12345, EXCEL_NUMBER_NOT_TEXT),
    (float("nan"), EXCEL_NUMBER_NOT_TEXT),
    (MARCH_6, EXCEL_DATE_NOT_TEXT),
    (True, TEXT_EXPECTED),
])
def test_id_stored_as_a_number_is_flagged(value, message):
    assert reason(normalise_id, value) == message


@pytest.mark.parametrize("value, expected", [
    ("2142001234", "2142001234"),
    (2142001234.0, "2142001234"),
    (2142001234, "2142001234"),
    ("2142001234.0", "2142001234"),
    ("２１４２ ００１２３４", "2142001234"),
    (429005001000.0, "429005001000"),
    (999999999999999.0, "999999999999999"),
])
def test_code(value, expected):
    assert normalise_code(value) == expected


@pytest.mark.parametrize("value, message", [
    (1.0e15, EXCEL_NUMBER_LOST_DIGITS),
    (4.29005199001011e+17, EXCEL_NUMBER_LOST_DIGITS),
    ("4.29005E+17", EXCEL_NUMBER_LOST_DIGITS),
    (2142.5, EXCEL_NUMBER_NOT_TEXT),
    (MARCH_6, EXCEL_DATE_NOT_TEXT),
    (False, TEXT_EXPECTED),
])
def test_code_errors(value, message):
    assert reason(normalise_code, value) == message


@pytest.mark.parametrize("value, expected", [
    (12, 12), (12.0, 12), ("12", 12), (" １２ ", 12), ("12.0", 12), ("-3", -3), ("+3", 3),
    ("1,234", 1234), ("１，２３４", 1234), ("12,345,678", 12345678), (0.0, 0),
])
def test_int(value, expected):
    assert normalise_int(value) == expected


@pytest.mark.parametrize("value", [
    12.5, "12.5", "1,23", "1,2345", "12a", "一", "1万", True, float("nan"), float("inf"), MARCH_6,
])
def test_int_errors(value):
    assert reason(normalise_int, value) == INT_INVALID


@pytest.mark.parametrize("value, expected", [
    (0.1 + 0.2, Decimal("0.3")),
    (1234.5, Decimal("1234.5")),
    (3, Decimal(3)),
    (12.0, Decimal("12")),
    ("1,234.5", Decimal("1234.5")),
    ("１２.５", Decimal("12.5")),
    ("-.5", Decimal("-0.5")),
    (" 36.60 ", Decimal("36.60")),
])
def test_decimal(value, expected):
    assert normalise_decimal(value) == expected


@pytest.mark.parametrize("value", ["1万", "12.5.1", "1,2345.6", "abc", ".", float("inf"), float("nan"), False, MARCH_6])
def test_decimal_errors(value):
    assert reason(normalise_decimal, value) == DECIMAL_INVALID


@pytest.mark.parametrize("text", [
    "2015.3.6", "2015/03/06", "2015-3-6", "2015-03-06", "20150306", "2015年3月6日", "2015年03月06日",
    "2015年3月6号", "２０１５年３月６日", "２０１５．３．６", " 2015 年 3 月 6 日 ", "2015-03-06 00:00:00",
    "2015/3/6 8:30", "2015-03-06T00:00", "2015.03.06", "\u200b2015-3-6",
])
def test_text_dates(text):
    assert normalise_date(text) == MARCH_6


@pytest.mark.parametrize("value", [
    "2015-02-30", "2015.13.1", "2015/3-6", "15.3.6", "2015年3月", "2015", "201536", "abc", "2015-03-06 25",
    "0000-01-01", True, datetime.time(10, 30), float("nan"),
])
def test_date_errors(value):
    assert reason(normalise_date, value) == DATE_INVALID


@pytest.mark.parametrize("value, expected", [
    (MARCH_6, MARCH_6),
    (datetime.datetime(2015, 3, 6, 10, 30), MARCH_6),
    (42069.0, MARCH_6),  # a date cell formatted as a number
    (42069.75, MARCH_6),  # with a time of day
    (42069, MARCH_6),
    (20150306.0, MARCH_6),  # 20150306 typed into a number cell
])
def test_date_from_cells(value, expected):
    assert normalise_date(value) == expected


@pytest.mark.parametrize("serial, expected", [
    (1, datetime.date(1900, 1, 1)),
    (59, datetime.date(1900, 2, 28)),
    (61, datetime.date(1900, 3, 1)),
    (42069, MARCH_6),
    (2958465, datetime.date(9999, 12, 31)),
])
def test_excel_serial_dates_across_the_1900_leap_year_bug(serial, expected):
    assert excel_serial_to_date(serial) == expected
    assert from_excel(serial).date() == expected  # openpyxl agrees


@pytest.mark.parametrize("serial", [0, 60, -1, 0.5, 2958466])
def test_excel_serials_that_are_no_day(serial):
    # 60 is Excel's 1900-02-29, a day that never was
    assert reason(excel_serial_to_date, serial) == DATE_INVALID


@pytest.mark.parametrize("value", [
    "是", "Y", "y", "yes", "YES", "true", "TRUE", "√", "✓", "有", "1", "１", 1, 1.0, True, " 是 ",
])
def test_true(value):
    assert normalise_bool(value) is True


@pytest.mark.parametrize("value", ["否", "N", "n", "no", "false", "False", "×", "无", "0", 0, 0.0, False])
def test_false(value):
    assert normalise_bool(value) is False


@pytest.mark.parametrize("value", ["maybe", "是的", 2, 0.5, MARCH_6])
def test_bool_errors(value):
    assert reason(normalise_bool, value) == BOOL_INVALID


SEX = choice_normaliser((("1", "男", "男性"), ("2", "女", "女性")))


@pytest.mark.parametrize("value, code", [
    ("男", "1"), ("女性", "2"), ("1", "1"), (1.0, "1"), (2, "2"), (" 男 ", "1"), ("女\u200b", "2"),
])
def test_choice_by_label_code_or_alias(value, code):
    assert SEX(value) == code


def test_choice_codes_and_labels_ignore_case_and_width():
    grade = choice_normaliser((("G1", "一年级"), ("G2", "二年级")))

    assert (grade("g1"), grade("Ｇ２"), grade("二年级")) == ("G1", "G2", "G2")


@pytest.mark.parametrize("value, shown", [("未知", "未知"), (3.0, "3"), (" 不详 ", "不详"), (True, "TRUE")])
def test_choice_errors_list_the_labels(value, shown):
    assert reason(SEX, value) == CHOICE_INVALID.format(value=shown, options="男、女")
    assert reason(SEX, "未知") == "“未知”不是可选的值,应填写:男、女"


def test_long_choice_lists_are_cut():
    many = choice_normaliser(tuple((str(n), f"第{n}项") for n in range(1, 15)))

    assert reason(many, "x").endswith("应填写:第1项、第2项、第3项、第4项、第5项、第6项、第7项、第8项、第9项、第10项、第11项、第12项等")


@pytest.mark.parametrize("value, shown", [
    (4.29005199001011e+17, "429005199001011000"),
    (12.0, "12"),
    (0.1 + 0.2, "0.3"),
    (1234.5, "1234.5"),
    (42, "42"),
    (True, "TRUE"),
    (MARCH_6, "2015-03-06"),
    (datetime.datetime(2015, 3, 6), "2015-03-06"),
    (datetime.datetime(2015, 3, 6, 10, 30), "2015-03-06 10:30:00"),
    (datetime.time(10, 30), "10:30:00"),
    (None, ""),
    ("张三", "张三"),
])
def test_cells_are_shown_as_excel_shows_them(value, shown):
    assert cell_display(value) == shown


def test_parse_text_date_is_the_text_reader():
    assert parse_text_date("2015年3月6日") == MARCH_6
