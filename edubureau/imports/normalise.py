"""Turn one spreadsheet cell into a clean Python value, or say in Chinese why it can't be done.

Every normaliser takes a cell as the readers return it (str, float, int, bool, date, datetime,
time, timedelta; "" or None when empty) and returns the normalised value, or None when the
cell is empty (whitespace and zero-width characters count as empty). An unusable value raises
CellError with a user message from this module. They are pure, never look at other cells and
never raise anything else, so a column can be mapped through one of them.

"Text-only" kinds are `id` (身份证号, 学籍号: longer than the 15 significant digits Excel keeps)
and `code` (学校标识码, 区划代码 and other digit codes of at most 15 digits). In an `id` column
any number cell is rejected; in a `code` column a whole number is read as its digits (Excel keeps
all of them; a lost leading zero shows up as a wrong length when the code is checked), and a
number of 16 digits or more, or text like "4.29005E+17", is rejected: its last digits are gone.
"""
import datetime
import math
import re
import unicodedata
from decimal import Decimal

EXCEL_NUMBER_LOST_DIGITS = "该列被 Excel 存成了数字,长号码末尾已丢失:请把该列设为“文本”格式后重新填写"
EXCEL_NUMBER_NOT_TEXT = "该列被 Excel 存成了数字:请把该列设为“文本”格式后重新填写"
EXCEL_DATE_NOT_TEXT = "该单元格被 Excel 自动识别成了日期:请把该列设为“文本”格式后重新填写"
TEXT_EXPECTED = "应填写文字"
TEXT_TOO_LONG = "不能超过 {limit} 个字"
INT_INVALID = "应填写整数"
DECIMAL_INVALID = "应填写数字"
NUMBER_TOO_SMALL = "不能小于 {limit}"
NUMBER_TOO_LARGE = "不能大于 {limit}"
DATE_INVALID = "无法识别的日期,请按“2015-03-06”或“2015年3月6日”的格式填写"
DATE_TOO_EARLY = "不能早于 {limit}"
DATE_TOO_LATE = "不能晚于 {limit}"
BOOL_INVALID = "应填写“是”或“否”"
CHOICE_INVALID = "“{value}”不是可选的值,应填写:{options}"
CHOICE_LISTED = 12  # CHOICE_INVALID names at most this many options, then "等"


class CellError(ValueError):
    """The cell's value is unusable; `reason` is the Chinese message for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_ANY_SPACE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff\u00ad]+")
# Full-width digits and Latin letters (U+FF10-FF19, FF21-FF3A, FF41-FF5A) and the ideographic space.
_FULL_WIDTH_ALNUM = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B) if chr(code - 0xFEE0).isalnum()}
_FULL_WIDTH_ALNUM.update({0x3000: 0x20, 0xA0: 0x20})  # ideographic and no-break spaces
_TO_CLEAN = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad\u3000\xa0\uff10-\uff5a]")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d*)?E[+-]?\d+", re.IGNORECASE)
_DIGITS_POINT_ZERO = re.compile(r"(\d+)\.0+")  # "2142001234.0", as some tools write whole numbers
_TEXT_DATE = re.compile(r"(\d{4})(?:年(\d{1,2})月(\d{1,2})[日号]?|([-./])(\d{1,2})\4(\d{1,2}))")
_TIME_SUFFIX = re.compile(r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_INTEGER = re.compile(r"[+-]?\d{1,30}(?:\.0*)?")  # bounded: int() refuses very long text
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
_THOUSANDS = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+)(\.\d+)?")
_NAME_DOTS = str.maketrans({"•": "·", "・": "·", "．": "·", "‧": "·", "∙": "·"})
_NAME_TO_TIDY = re.compile(r"[\s•・．‧∙]")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 61 is 1900-03-01
_EXCEL_EARLY_EPOCH = datetime.date(1899, 12, 31)  # serial 1 is 1900-01-01, up to 59 (1900-02-28)
_EXCEL_PHANTOM_LEAP_DAY = 60  # Excel's 1900-02-29, a day that never was (Lotus 1-2-3's bug)
_EXCEL_LAST_SERIAL = 2958465  # 9999-12-31
_MAX_SIGNIFICANT = 1e15  # Excel keeps 15 significant digits: numbers from here on have lost some
_TRUE_WORDS = frozenset({"是", "y", "yes", "true", "t", "1", "√", "✓", "✔", "有", "对"})
_FALSE_WORDS = frozenset({"否", "n", "no", "false", "f", "0", "×", "✗", "✘", "无", "错"})
_BOOL_AS_WRITTEN = {"是": True, "否": False}
_DATE_TYPES = (datetime.date, datetime.time, datetime.timedelta)  # datetime is a date


def clean_text(text: str) -> str:
    """Without zero-width characters, full-width digits and letters as ASCII, trimmed."""
    if _TO_CLEAN.search(text) is None:  # the usual case: a quick look instead of two passes
        return text.strip()
    return _ZERO_WIDTH.sub("", text).translate(_FULL_WIDTH_ALNUM).strip()


def compact(text: str) -> str:
    """NFKC (full-width → half-width), every kind of space and zero-width character removed."""
    if text.isascii() and text.isalnum():  # the usual case, and nothing to do
        return text
    return _ANY_SPACE.sub("", unicodedata.normalize("NFKC", text))


def cell_display(value) -> str:
    """The cell as the user sees it in Excel: 15 significant digits, dates as 2015-03-06."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return format(Decimal(f"{value:.15g}"), "f")
        return f"{value:.15g}"
    if isinstance(value, datetime.datetime):
        return value.isoformat(" ") if value.time() != datetime.time() else value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def normalise_text(value) -> str | None:
    """Free text (班级, 住址…): trimmed, full-width digits and letters as ASCII; numbers as shown."""
    if type(value) is str:
        return clean_text(value) or None
    if value is None:
        return None
    if isinstance(value, _DATE_TYPES):
        raise CellError(EXCEL_DATE_NOT_TEXT)  # "3-1" (a class) typed into Excel becomes 3月1日
    return cell_display(value)


def normalise_name(value) -> str | None:
    """A person's name: no spaces between Chinese characters ("张  三"), one between Latin words."""
    text = normalise_text(value)
    if text is None or _NAME_TO_TIDY.search(text) is None:
        return text
    text = _CJK_SPACE.sub("", text.translate(_NAME_DOTS))
    return " ".join(text.split())


def normalise_id(value) -> str | None:
    """身份证号 or 学籍号: text only; NFKC, no spaces, upper case (a lowercase check digit `x`)."""
    if type(value) is str:
        text = compact(value).upper()
        if "E" in text and _SCIENTIFIC.fullmatch(text):
            raise CellError(EXCEL_NUMBER_LOST_DIGITS)
        return text or None
    if value is None:
        return None
    _reject_non_text(value)
    raise CellError(EXCEL_NUMBER_LOST_DIGITS if abs(value) >= _MAX_SIGNIFICANT else EXCEL_NUMBER_NOT_TEXT)


def normalise_code(value) -> str | None:
    """A digit code of at most 15 digits (学校标识码, 区划代码): NFKC, no spaces, upper case."""
    if type(value) is str:
        text = compact(value).upper()
        if "E" in text and _SCIENTIFIC.fullmatch(text):
            raise CellError(EXCEL_NUMBER_LOST_DIGITS)
        if match := _DIGITS_POINT_ZERO.fullmatch(text):
            text = match[1]
        return text or None
    if value is None:
        return None
    _reject_non_text(value)
    if abs(value) >= _MAX_SIGNIFICANT:
        raise CellError(EXCEL_NUMBER_LOST_DIGITS)
    if not float(value).is_integer():
        raise CellError(EXCEL_NUMBER_NOT_TEXT)
    return str(int(value))


def _reject_non_text(value) -> None:
    """Let through only the numbers an id or code column may hold (to be judged by the caller)."""
    if isinstance(value, _DATE_TYPES):
        raise CellError(EXCEL_DATE_NOT_TEXT)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CellError(TEXT_EXPECTED)
    if not math.isfinite(value):
        raise CellError(EXCEL_NUMBER_NOT_TEXT)


def normalise_int(value) -> int | None:
    """A whole number: 12, 12.0, "１２", "1,234"; 12.5 or text is an error."""
    if type(value) is str:
        text = _without_thousands(compact(value))
        if not text:
            return None
        if _INTEGER.fullmatch(text):
            return int(text.split(".")[0])
        raise CellError(INT_INVALID)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CellError(INT_INVALID)
    if isinstance(value, float) and not value.is_integer():
        raise CellError(INT_INVALID)  # also NaN and infinity
    return int(value)


def normalise_decimal(value) -> Decimal | None:
    """A number as Decimal: Excel floats to their 15 significant digits, "1,234.5", "１２.５"."""
    if type(value) is float and math.isfinite(value):
        return Decimal(f"{value:.15g}")
    if type(value) is str:
        text = _without_thousands(compact(value))
        if not text:
            return None
        if _DECIMAL.fullmatch(text):
            return Decimal(text)
        raise CellError(DECIMAL_INVALID)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CellError(DECIMAL_INVALID)
    if isinstance(value, int):
        return Decimal(value)
    if not math.isfinite(value):
        raise CellError(DECIMAL_INVALID)
    return Decimal(f"{value:.15g}")


def _without_thousands(text: str) -> str:
    if "," in text and (match := _THOUSANDS.fullmatch(text)):
        return match[1] + match[2].replace(",", "") + (match[3] or "")
    return text


def normalise_date(value) -> datetime.date | None:
    """A date from a date cell, an Excel serial number, a yyyymmdd number or text (parse_text_date)."""
    if type(value) is datetime.date:
        return value
    if type(value) is str:
        text = _ZERO_WIDTH.sub("", value).strip()
        return parse_text_date(text) if text else None
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise CellError(DATE_INVALID)
    if 19000101 <= value <= 99991231 and float(value).is_integer():
        return _compact_date(str(int(value)))  # 20150306 typed into a number cell
    return excel_serial_to_date(value)


def excel_serial_to_date(serial: float) -> datetime.date:
    """The day of an Excel (1900 date system) serial number; the fraction is the time of day.

    Excel counts 1900-02-29 (serial 60), a day that did not exist: serials from 61 are days
    after 1899-12-30, serials 1-59 days after 1899-12-31, and 60 is an error.
    """
    day = math.floor(serial)
    if not 1 <= day <= _EXCEL_LAST_SERIAL or day == _EXCEL_PHANTOM_LEAP_DAY:
        raise CellError(DATE_INVALID)
    epoch = _EXCEL_EPOCH if day > _EXCEL_PHANTOM_LEAP_DAY else _EXCEL_EARLY_EPOCH
    return epoch + datetime.timedelta(days=day)


def parse_text_date(text: str) -> datetime.date:
    """A date written as text: 2015.3.6, 2015/03/06, 2015-3-6, 20150306, 2015年3月6日 (NFKC first).

    A time after the date ("2015-03-06 00:00:00", "2015/3/6 8:30") is ignored.
    """
    if not (match := _TEXT_DATE.fullmatch(text)):  # as written, the usual case
        text = _TIME_SUFFIX.sub("", unicodedata.normalize("NFKC", text).strip())
        text = _ANY_SPACE.sub("", text)
        match = _TEXT_DATE.fullmatch(text)
    if match:
        year, month, day = match[1], match[2] or match[5], match[3] or match[6]
        return _date(int(year), int(month), int(day))
    if _COMPACT_DATE.fullmatch(text):
        return _compact_date(text)
    raise CellError(DATE_INVALID)


def _compact_date(text: str) -> datetime.date:
    return _date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def _date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(DATE_INVALID) from None


def format_date(value: datetime.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def normalise_bool(value) -> bool | None:
    """是/否, Y/N, yes/no, true/false, √/×, 有/无, 1/0 (text or number), or an Excel TRUE/FALSE."""
    if type(value) is str and value in _BOOL_AS_WRITTEN:
        return _BOOL_AS_WRITTEN[value]
    if isinstance(value, bool):
        return value
    if value is None:
        return None
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if type(value) is not str:
        raise CellError(BOOL_INVALID)
    text = compact(value).casefold()
    if not text:
        return None
    if text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS:
        return False
    raise CellError(BOOL_INVALID)


def choice_key(value) -> str:
    """How a choice is looked up: as text, NFKC, without spaces, case-folded."""
    return compact(cell_display(value)).casefold()


def choice_normaliser(choices):
    """A normaliser reading a code or a label (or an alias) of `choices` as the code.

    `choices` is a sequence of (code, label, *aliases), e.g. ("1", "男", "男性").
    """
    lookup = {choice_key(word): choice[0] for choice in choices for word in choice}
    exact = {word: choice[0] for choice in choices for word in choice}  # as written: the fast path
    labels = [choice[1] for choice in choices]
    options = "、".join(labels[:CHOICE_LISTED]) + ("等" if len(labels) > CHOICE_LISTED else "")

    def normalise_choice(value) -> str | None:
        if type(value) is str and value in exact:
            return exact[value]
        if value is None:
            return None
        if isinstance(value, (bool, *_DATE_TYPES)):
            raise CellError(CHOICE_INVALID.format(value=cell_display(value), options=options))
        key = choice_key(value)
        if not key:
            return None
        if key in lookup:
            return lookup[key]
        raise CellError(CHOICE_INVALID.format(value=clean_text(cell_display(value)), options=options))

    return normalise_choice
