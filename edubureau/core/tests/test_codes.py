"""户籍 division codes: 6-digit county or 9-digit township codes whose county exists or existed."""
import pytest
from django.core.exceptions import ValidationError

from edubureau.core.codes import HOUSEHOLD_CODE_AREA, HOUSEHOLD_CODE_FORMAT, validate_household_division_code


@pytest.mark.parametrize("value", ["429005", "429005106", "440524", "110105001"])
def test_valid_household_codes(value):
    validate_household_division_code(value)


@pytest.mark.parametrize(("value", "message", "code"), [
    ("", HOUSEHOLD_CODE_FORMAT, "format"),
    ("42900", HOUSEHOLD_CODE_FORMAT, "format"),
    ("4290051", HOUSEHOLD_CODE_FORMAT, "format"),
    ("42900510600", HOUSEHOLD_CODE_FORMAT, "format"),
    ("429005106000", HOUSEHOLD_CODE_FORMAT, "format"),  # the 12-digit statistical form
    ("４２９００５", HOUSEHOLD_CODE_FORMAT, "format"),
    ("340524", HOUSEHOLD_CODE_AREA.format(code="340524"), "area"),
    ("999999106", HOUSEHOLD_CODE_AREA.format(code="999999"), "area"),
])
def test_invalid_household_codes(value, message, code):
    with pytest.raises(ValidationError) as info:
        validate_household_division_code(value)
    assert (info.value.messages, info.value.code) == ([message], code)
