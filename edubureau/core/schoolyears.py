"""School years (学年) written "2024-2025": from 1 September to 31 August of the next year.

A school year is a string everywhere (models, import templates, pages) and these functions
are the one place that parses it; the database also checks the shape (SCHOOL_YEAR_REGEX).
"""
import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError

SCHOOL_YEAR_FORMAT = "学年应写作“2024-2025”:起始年份与次年,中间用“-”连接"
# For CheckConstraints (portable: Django registers REGEXP on SQLite; PostgreSQL uses ~).
SCHOOL_YEAR_REGEX = r"^[0-9]{4}-[0-9]{4}$"
FIRST_MONTH = 9  # a school year starts on 1 September

_SCHOOL_YEAR = re.compile(r"([0-9]{4})-([0-9]{4})")
# Dashes and separators people type between the years: em/en dash, minus, wave dash, "至", "/".
_SEPARATORS = re.compile(r"[\u2010-\u2015\u2212~\u301c/至]")


def normalise_school_year(raw) -> str:
    """"2024—2025学年", "２０２４－２０２５", "2024/2025" -> "2024-2025"; other text is left as typed."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(raw or "")))
    text = _SEPARATORS.sub("-", text.removesuffix("学年").removesuffix("年"))
    return text


def validate_school_year(value: str) -> None:
    """Raise ValidationError unless `value` is "YYYY-YYYY" with consecutive years."""
    match = _SCHOOL_YEAR.fullmatch(value or "")
    if not match or int(match[2]) != int(match[1]) + 1:
        raise ValidationError(SCHOOL_YEAR_FORMAT, code="format")


def school_year_start(value: str) -> int:
    """The calendar year a valid school year starts in: "2024-2025" -> 2024."""
    validate_school_year(value)
    return int(value[:4])


def school_year_label(start: int) -> str:
    """2024 -> "2024-2025"."""
    return f"{start}-{start + 1}"


def school_year_of(day: date) -> str:
    """The school year `day` falls in: 2024-09-01 and 2025-08-31 are both in "2024-2025"."""
    return school_year_label(day.year if day.month >= FIRST_MONTH else day.year - 1)


def previous_school_year(value: str) -> str:
    """"2024-2025" -> "2023-2024", for year-on-year checks (两个只增不减)."""
    return school_year_label(school_year_start(value) - 1)
