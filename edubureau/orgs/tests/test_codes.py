"""Validators of the official codes: 学校(机构)标识码 and 9-digit township division codes."""
import pytest
from django.core.exceptions import ValidationError

from edubureau.core.codes import (
    DIVISION_CODE_FORMAT, SCHOOL_CODE_FORMAT, SCHOOL_CODE_PROVINCE, SCHOOL_CODE_TYPE,
    validate_division_code, validate_school_code,
)


@pytest.mark.parametrize("code", ["2142000001", "1142005123", "3442999999", "5111000000", "9382123456", "4242000001"])
def test_valid_school_codes(code):
    assert validate_school_code(code) is None


@pytest.mark.parametrize(
    ("code", "message", "error_code"),
    [
        ("", SCHOOL_CODE_FORMAT, "format"),
        (None, SCHOOL_CODE_FORMAT, "format"),
        ("214200001", SCHOOL_CODE_FORMAT, "format"),  # 9 digits
        ("21420000011", SCHOOL_CODE_FORMAT, "format"),  # 11 digits
        ("21420000a1", SCHOOL_CODE_FORMAT, "format"),
        (" 2142000001", SCHOOL_CODE_FORMAT, "format"),
        ("2142000001\n", SCHOOL_CODE_FORMAT, "format"),
        ("２１４２０００００１", SCHOOL_CODE_FORMAT, "format"),  # full-width digits
        ("0142000001", SCHOOL_CODE_TYPE.format(code="01"), "type"),
        ("2342000001", SCHOOL_CODE_TYPE.format(code="23"), "type"),
        ("2100000001", SCHOOL_CODE_PROVINCE.format(code="00"), "province"),
        ("2172000001", SCHOOL_CODE_PROVINCE.format(code="72"), "province"),
    ],
)
def test_invalid_school_codes(code, message, error_code):
    with pytest.raises(ValidationError) as excinfo:
        validate_school_code(code)
    assert (excinfo.value.messages, excinfo.value.code) == ([message], error_code)


def test_school_code_messages_name_the_bad_part():
    assert SCHOOL_CODE_TYPE.format(code="01") == "学校标识码前两位“01”不是有效的学校类别代码"
    assert SCHOOL_CODE_PROVINCE.format(code="00") == "学校标识码第3—4位“00”不是有效的省级行政区划代码"


@pytest.mark.parametrize("code", ["429005100", "429005001", "429005457"])
def test_valid_division_codes(code):
    assert validate_division_code(code) is None


@pytest.mark.parametrize("code", ["", None, "42900510", "4290051000", "42900510x", "429005100\n", "４２９００５１００"])
def test_invalid_division_codes(code):
    with pytest.raises(ValidationError) as excinfo:
        validate_division_code(code)
    assert (excinfo.value.messages, excinfo.value.code) == ([DIVISION_CODE_FORMAT], "format")
