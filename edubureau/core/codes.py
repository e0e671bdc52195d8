"""Validators for the official codes the bureau uses (reference/indicators.md section 9)."""
import re

from django.core.exceptions import ValidationError

from edubureau.core.idnumbers import is_known_area_code

# 学校(机构)标识码: AA (school type) + BB (province) + CCCCCC (sequence), 10 digits.
SCHOOL_TYPE_CODES = {
    "11": "幼儿园",
    "21": "小学",
    "22": "成人小学",
    "31": "普通初中",
    "32": "职业初中",
    "33": "成人初中",
    "34": "普通高中",
    "35": "成人高中",
    "36": "中等职业学校",
    "37": "工读学校",
    "41": "普通高校",
    "42": "成人高校",
    "51": "特殊教育",
    "91": "其他",
    "92": "其他",
    "93": "其他",
}
# GB/T 2260 province-level codes.
PROVINCE_CODES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82",
}

SCHOOL_CODE_FORMAT = "学校标识码应为10位数字"
SCHOOL_CODE_TYPE = "学校标识码前两位“{code}”不是有效的学校类别代码"
SCHOOL_CODE_PROVINCE = "学校标识码第3—4位“{code}”不是有效的省级行政区划代码"
DIVISION_CODE_FORMAT = "行政区划代码应为9位数字(乡级,统计用区划代码前9位)"
HOUSEHOLD_CODE_FORMAT = "户籍所在地行政区划代码应为6位(县级)或9位(乡级)数字"
HOUSEHOLD_CODE_AREA = "户籍所在地行政区划代码前6位“{code}”不是有效的县级行政区划代码"

# ASCII digits only and the whole string: \d would accept full-width digits, and $ a trailing newline.
_TEN_DIGITS = re.compile(r"[0-9]{10}")
_NINE_DIGITS = re.compile(r"[0-9]{9}")
_SIX_OR_NINE_DIGITS = re.compile(r"[0-9]{6}(?:[0-9]{3})?")


def validate_school_code(value: str) -> None:
    """Raise ValidationError unless value is a well-formed 学校(机构)标识码."""
    if not _TEN_DIGITS.fullmatch(value or ""):
        raise ValidationError(SCHOOL_CODE_FORMAT, code="format")
    if value[:2] not in SCHOOL_TYPE_CODES:
        raise ValidationError(SCHOOL_CODE_TYPE.format(code=value[:2]), code="type")
    if value[2:4] not in PROVINCE_CODES:
        raise ValidationError(SCHOOL_CODE_PROVINCE.format(code=value[2:4]), code="province")


def validate_division_code(value: str) -> None:
    """Raise ValidationError unless value is a 9-digit township-level division code."""
    if not _NINE_DIGITS.fullmatch(value or ""):
        raise ValidationError(DIVISION_CODE_FORMAT, code="format")


def validate_household_division_code(value: str) -> None:
    """Raise ValidationError unless value is a 6-digit county or 9-digit township code (户籍)
    whose county part exists or once existed (GB/T 2260, as python-stdnum knows it)."""
    if not _SIX_OR_NINE_DIGITS.fullmatch(value or ""):
        raise ValidationError(HOUSEHOLD_CODE_FORMAT, code="format")
    if not is_known_area_code(value[:6]):
        raise ValidationError(HOUSEHOLD_CODE_AREA.format(code=value[:6]), code="area")
