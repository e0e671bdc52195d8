"""学生名册: one row per student, matched on the 学籍号."""
import datetime
from dataclasses import replace

from django.core.exceptions import ValidationError

from edubureau.core.codes import validate_household_division_code
from edubureau.core.idnumbers import id_mismatches, validate_id_number, validate_xuejihao
from edubureau.imports.headers import ColumnSpec
from edubureau.imports.kinds.base import (
    BIRTH_DATE_SPEC, GRADE_SPEC, SEX_SPEC, ImportKind, check_birth_not_future, check_school_code, school_code_spec,
)
from edubureau.registry.choices import ETHNICITY_CHOICES, DisabilityCategory, DisabilityLevel, StudentStatus
from edubureau.registry.models import (
    DISABILITY_CATEGORY_WITHOUT_LEVEL, DISABILITY_LEVEL_WITHOUT_CATEGORY, ENROLMENT_BEFORE_BIRTH, G_XUEJIHAO_NEEDS_ID,
)

G_XUEJIHAO_OTHER_ID = "G字头学籍号的后18位应与身份证号相同"
CLASS_WITHOUT_GRADE = "填写了班级,但没有填写年级"

SPECS = (
    school_code_spec(),
    ColumnSpec(
        "xuejihao", "学籍号", ("全国学籍号", "学生学籍号", "个人标识码"), required=True, kind="id", unique=True,
        max_length=19, note="G/J/L开头的19位全国学籍号,以“文本”格式填写",
    ),
    ColumnSpec(
        "id_number", "身份证号", ("身份证件号", "身份证件号码", "身份证号码", "公民身份号码"), kind="id", unique=True,
        max_length=18, note="18位居民身份证号,以“文本”格式填写;没有身份证号(J、L字头学籍号)的可不填",
    ),
    ColumnSpec("name", "姓名", ("学生姓名",), required=True, kind="name", max_length=50),
    SEX_SPEC,
    BIRTH_DATE_SPEC,
    ColumnSpec(
        "ethnicity", "民族", required=True, kind="choice",
        choices=tuple((code, name, name.removesuffix("族")) for code, name in ETHNICITY_CHOICES),
        note="如 汉族、土家族",
    ),
    ColumnSpec(
        "household_division_code", "户籍所在地行政区划代码", ("户籍地区划代码", "户口所在地区划代码", "户籍所在地代码"),
        kind="code", max_length=9, note="6位(县级)或9位(乡级)行政区划代码,如 429005;可不填",
    ),
    replace(GRADE_SPEC, required=False, note="在读学生须填写;与班级一起确定所在班级"),
    ColumnSpec("class_name", "班级", ("班级名称", "所在班级"), kind="text", max_length=30,
               note="与班级名单中的班级名称一致,如 1班"),
    ColumnSpec(
        "status", "学籍状态", ("学生状态", "在校状态"), kind="choice",
        choices=tuple((status.value, status.label) for status in StudentStatus), note="不填则为“在读”",
    ),
    ColumnSpec("enrolment_date", "入学日期", ("入学年月", "入校日期"), required=True, kind="date",
               min_value=datetime.date(1950, 1, 1), note="如 2021-09-01"),
    ColumnSpec(
        "disability_category", "残疾类别", kind="choice",
        choices=tuple((category.value, category.label, category.label.removesuffix("残疾"))
                      for category in DisabilityCategory),
        note="无残疾不填;填写时须同时填残疾等级",
    ),
    ColumnSpec(
        "disability_level", "残疾等级", kind="choice",
        choices=tuple((str(level.value), level.label, str(level.value)) for level in DisabilityLevel),
        note="一级至四级",
    ),
    ColumnSpec("is_left_behind", "是否留守儿童", ("留守儿童",), kind="bool", note="是 或 否,不填为否"),
    ColumnSpec("is_boarding", "是否住校", ("住校生", "是否住宿", "是否寄宿"), kind="bool", note="是 或 否,不填为否"),
)


def check_student(values: dict, today: datetime.date) -> list[tuple[str, str]]:
    """Identity numbers and 学籍号 checked (and normalised in place), and the rules across columns."""
    problems = list(check_school_code(values))
    problems += check_birth_not_future(values, today)
    xuejihao = _checked(values, "xuejihao", validate_xuejihao, today, problems)
    if xuejihao and xuejihao[0] == "G" and values.get("id_number") == xuejihao[1:]:
        number = values["id_number"]  # validate_xuejihao has checked it as an identity number already
    else:
        number = _checked(values, "id_number", validate_id_number, today, problems)
    if number:
        mismatches = id_mismatches(number, birth_date=values.get("birth_date"), sex=values.get("sex"))
        problems += mismatches.items()
    if xuejihao and xuejihao[0] == "G":
        if values.get("id_number") is None and "id_number" not in {field for field, _ in problems}:
            problems.append(("id_number", G_XUEJIHAO_NEEDS_ID))
        elif number and xuejihao[1:] != number:
            problems.append(("xuejihao", G_XUEJIHAO_OTHER_ID))
    if values.get("disability_category") and values.get("disability_level") is None:
        problems.append(("disability_level", DISABILITY_CATEGORY_WITHOUT_LEVEL))
    if values.get("disability_level") is not None and not values.get("disability_category"):
        problems.append(("disability_category", DISABILITY_LEVEL_WITHOUT_CATEGORY))
    if values.get("class_name") and values.get("grade") is None:
        problems.append(("grade", CLASS_WITHOUT_GRADE))
    born, enrolled = values.get("birth_date"), values.get("enrolment_date")
    if born and enrolled and enrolled <= born:
        problems.append(("enrolment_date", ENROLMENT_BEFORE_BIRTH))
    if values.get("household_division_code"):
        _checked(values, "household_division_code", validate_household_division_code, None, problems)
    return problems


def _checked(values: dict, field: str, validate, today, problems: list) -> str | None:
    """The field's value as `validate` normalises it (stored back), or None with the reason added."""
    raw = values.get(field)
    if raw is None:
        return None
    try:
        result = validate(raw) if today is None else validate(raw, today=today)
    except ValidationError as error:
        problems.append((field, error.messages[0]))
        values[field] = None
        return None
    if isinstance(result, str):
        values[field] = result
    return values[field]


STUDENTS = ImportKind(
    key="students",
    label="学生名册",
    specs=SPECS,
    natural_key="xuejihao",
    row_validator=check_student,
    notes=(
        "说明:带 * 的列必须填写;身份证号、学籍号、学校标识码请设为“文本”格式,否则 Excel 会改掉末尾数字。",
        "同一学籍号再次导入时更新该学生的信息;表中没有的学生不会被删除。",
    ),
)
