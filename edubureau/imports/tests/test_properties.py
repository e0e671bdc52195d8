"""Property-based tests: the text-date reader and the row validator on arbitrary cells."""
import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.imports.headers import ColumnSpec
from edubureau.imports.normalise import DATE_INVALID, CellError, parse_text_date
from edubureau.imports.reading import RawTable
from edubureau.imports.validation import RowError, validate_rows

FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
DATE_FORMATS = (
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    lambda d: f"{d.year}-{d.month}-{d.day}",
    lambda d: f"{d.year}-{d.month:02d}-{d.day:02d}",
    lambda d: f"{d.year}{d.month:02d}{d.day:02d}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}日",
    lambda d: f"{d.year}-{d.month:02d}-{d.day:02d} 00:00:00",
)
FOUR_DIGIT_YEARS = st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9999, 12, 31))


@given(FOUR_DIGIT_YEARS, st.sampled_from(DATE_FORMATS), st.booleans(), st.sampled_from(["", " ", "\u3000", "\t"]))
def test_text_dates_read_back_as_the_date_written(date, write, full_width, padding):
    text = write(date)
    if full_width:
        text = text.translate(FULL_WIDTH_DIGITS)

    assert parse_text_date(padding + text + padding) == date


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_date_error(text):
    try:
        value = parse_text_date(text)
    except CellError as error:
        assert error.reason == DATE_INVALID
    else:
        assert isinstance(value, datetime.date)


CELLS = st.one_of(
    st.text(max_size=25),
    st.sampled_from(["", " ", "是", "男", "4.29005E+17", "42900520150306001x", "2015年3月6日", "1,234", "=1+1"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**30, max_value=10**30),
    st.none(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
)
SPECS = (
    ColumnSpec("text", "文字", max_length=5),
    ColumnSpec("name", "姓名", kind="name", required=True),
    ColumnSpec("id", "身份证号", kind="id", unique=True),
    ColumnSpec("code", "学校标识码", kind="code"),
    ColumnSpec("int", "人数", kind="int", min_value=0, max_value=100),
    ColumnSpec("decimal", "面积", kind="decimal", min_value=Decimal(0)),
    ColumnSpec("date", "出生日期", kind="date", min_value=datetime.date(2000, 1, 1)),
    ColumnSpec("bool", "是否住校", kind="bool"),
    ColumnSpec("choice", "性别", kind="choice", choices=(("1", "男"), ("2", "女"))),
)
HEADER = [spec.header for spec in SPECS]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(CELLS, max_size=len(SPECS) + 2), max_size=12))
def test_validate_rows_never_raises_on_any_cell_values(rows):
    result = validate_rows(RawTable.from_rows([HEADER, *rows]), SPECS, unique_together=[("name", "date")])

    assert len(result.rows) == len(result.row_numbers) <= len(rows)
    assert all(2 <= number <= len(rows) + 1 for number in result.row_numbers)
    assert all(set(values) == {spec.field for spec in SPECS} for values in result.rows)
    for error in result.errors:
        assert isinstance(error, RowError)
        assert 2 <= error.row <= len(rows) + 1
        assert error.column in HEADER or error.column == "姓名、出生日期"
        assert isinstance(error.value, str) and error.reason
