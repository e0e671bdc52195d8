"""Read 完成时限 as bureaus write them."""
import calendar
import datetime
import re
import unicodedata


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _in_month(year: int, month: int, part: str | None) -> datetime.date:
    day = {"上旬": 10, "中旬": 20}.get(part or "")
    return datetime.date(year, month, day) if day else _month_end(year, month)


_QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_MONTH_PART = r"(底|末|份|上旬|中旬|下旬)?"
# (pattern matched against the whole text, date built from the match and the plan year)
_DATE_PATTERNS = (
    (r"(\d{4})[年./-](\d{1,2})[月./-](\d{1,2})日?", lambda m, y: datetime.date(*map(int, m.groups()))),
    (r"(\d{4})(\d{2})(\d{2})", lambda m, y: datetime.date(*map(int, m.groups()))),
    (r"(\d{4})[年./-](\d{1,2})月?" + _MONTH_PART, lambda m, y: _in_month(int(m[1]), int(m[2]), m[3])),
    (r"(\d{1,2})月(\d{1,2})日", lambda m, y: datetime.date(y, int(m[1]), int(m[2]))),
    (r"(\d{1,2})月" + _MONTH_PART, lambda m, y: _in_month(y, int(m[1]), m[2])),
    (r"(?:(\d{4})年?)?(?:年底|年末|年内|全年|底|末)", lambda m, y: datetime.date(int(m[1] or y), 12, 31)),
    (r"(?:(\d{4})年)?上半年", lambda m, y: datetime.date(int(m[1] or y), 6, 30)),
    (r"(?:(\d{4})年)?下半年", lambda m, y: datetime.date(int(m[1] or y), 12, 31)),
    (r"(?:(\d{4})年)?第?([一二三四1-4])季度(?:末|底)?", lambda m, y: _month_end(int(m[1] or y), _QUARTERS[m[2]])),
)
_DATE_RULES = tuple((re.compile(pattern), build) for pattern, build in _DATE_PATTERNS)
_RANGE_SEPARATOR = re.compile(r"至|到|~|—|–|(?<=[月日])-")  # "3月-6月": the deadline is the end
_DEADLINE_WORDS = re.compile(r"^(截至|截止|于)|(之前|以前|前)?(完成)?$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_deadline(value, *, year: int) -> datetime.date | None:
    """A 完成时限 cell as a date; None when empty. Raises ValueError for anything unrecognised.

    Reads Excel dates and serial numbers, and text such as 2024年6月30日, 2024-06-30, 2024.6.30,
    6月30日, 6月底 (the last day of that month in `year`), 年底 (31 December), 上半年, 第三季度,
    and ranges such as 3月-6月 (their end).
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if not 1 <= value < 2958466:  # Excel's serial numbers run to 9999-12-31
            raise ValueError(value)
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    if not text:
        return None
    parts = [part for part in _RANGE_SEPARATOR.split(text) if part]
    text = _DEADLINE_WORDS.sub("", parts[-1] if parts else text)
    for pattern, build in _DATE_RULES:
        if match := pattern.fullmatch(text):
            return build(match, year)
    raise ValueError(text)
