"""户籍人口: the public-security side's population data for 控辍保学 matching, one row per resident,
matched on the identity number (its keyed hash) within the school year chosen for the import.
Only city-wide staff import it (like the school list): the file covers the whole city."""
import datetime

from django.core.exceptions import ValidationError

from edubureau.core.codes import validate_division_code, validate_household_division_code
from edubureau.core.idnumbers import id_mismatches, normalise_id_number, validate_id_number
from edubureau.imports.headers import ColumnSpec
from edubureau.imports.kinds.base import BIRTH_DATE_SPEC, SEX_SPEC, ImportKind, check_birth_not_future
from edubureau.imports.kinds.students import _checked

SPECS = (
    ColumnSpec(
        "id_number", "身份证号", ("公民身份号码", "身份证号码", "身份证件号码", "证件号码"), required=True, kind="id",
        unique=True, max_length=18, note="18位居民身份证号,以“文本”格式填写;校验位不对的号码照收,比对时按相近号码查找",
    ),
    ColumnSpec("name", "姓名", ("人员姓名", "儿童姓名"), required=True, kind="name", max_length=50),
    SEX_SPEC,
    BIRTH_DATE_SPEC,
    ColumnSpec("household_address", "户籍地址", ("户籍详址", "户口所在地", "住址"), kind="text", max_length=200),
    ColumnSpec(
        "division_code", "乡镇(街道)区划代码", ("户籍所在乡镇区划代码", "乡镇街道代码", "所属乡镇代码", "行政区划代码"),
        required=True, kind="code", max_length=9, note="9位乡级行政区划代码,如 429005106(浩口镇)",
    ),
    ColumnSpec("village", "村(社区)", ("所属村居", "村居委会", "社区"), kind="text", max_length=100),
)


def check_resident(values: dict, today: datetime.date) -> list[tuple[str, str]]:
    """As for students, except that a number failing only its check digit is kept as given and
    marked (values["id_checksum_ok"] False): the public-security data is what it is, and the
    matcher looks for the student such a number means (one digit or one transposition away)."""
    problems = list(check_birth_not_future(values, today))
    values["id_checksum_ok"] = True
    number = None
    if values.get("id_number") is not None:
        try:
            number = values["id_number"] = validate_id_number(values["id_number"], today=today)
        except ValidationError as error:
            if error.code == "checksum":
                values["id_number"], values["id_checksum_ok"] = normalise_id_number(values["id_number"]), False
            else:
                problems.append(("id_number", error.messages[0]))
                values["id_number"] = None
    if number:
        problems += id_mismatches(number, birth_date=values.get("birth_date"), sex=values.get("sex")).items()
    if values.get("division_code"):
        if _checked(values, "division_code", validate_division_code, None, problems):
            _checked(values, "division_code", validate_household_division_code, None, problems)
    return problems


POPULATION = ImportKind(
    key="population",
    label="户籍人口",
    specs=SPECS,
    natural_key="id_number",
    row_validator=check_resident,
    school_column=None,
    city_only=True,
    notes=(
        "说明:公安户籍数据,每人一行,用于控辍保学比对;身份证号请设为“文本”格式。数据归入导入时选择的学年。",
        "同一学年同一身份证号再次导入时更新该人信息;表中没有的人员不会被删除。",
    ),
)
