"""School years (学年) "2024-2025": parsing, validation and the calendar."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from edubureau.core.schoolyears import (
    SCHOOL_YEAR_FORMAT, normalise_school_year, previous_school_year, school_year_label, school_year_of,
    school_year_start, validate_school_year,
)


@pytest.mark.parametrize("raw", [
    "2024-2025", " 2024 - 2025 ", "2024—2025学年", "２０２４－２０２５", "2024/2025", "2024～2025年", "2024至2025",
])
def test_normalise_school_year(raw):
    assert normalise_school_year(raw) == "2024-2025"


@pytest.mark.parametrize("value", [
    "", "2024", "2024-2026", "2025-2024", "2024-2024", "24-25", "2024-2025 ", "２０２４-２０２５", "2024_2025",
])
def test_invalid_school_years(value):
    with pytest.raises(ValidationError) as info:
        validate_school_year(value)
    assert (info.value.messages, info.value.code) == ([SCHOOL_YEAR_FORMAT], "format")


def test_school_year_arithmetic():
    validate_school_year("2024-2025")
    assert school_year_start("2024-2025") == 2024
    assert school_year_label(2024) == "2024-2025"
    assert previous_school_year("2024-2025") == "2023-2024"


@pytest.mark.parametrize(("day", "year"), [
    (date(2024, 9, 1), "2024-2025"), (date(2025, 8, 31), "2024-2025"), (date(2024, 8, 31), "2023-2024"),
    (date(2025, 1, 15), "2024-2025"),
])
def test_school_year_of_a_day_starts_on_1_september(day, year):
    assert school_year_of(day) == year
