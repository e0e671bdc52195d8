"""学校名单: one row per school, matched on the 学校标识码. Only city-wide staff import it."""
import datetime

from django.core.exceptions import ValidationError

from edubureau.core.codes import validate_division_code
from edubureau.imports.headers import ColumnSpec
from edubureau.imports.kinds.base import ImportKind, check_school_code, school_code_spec
from edubureau.orgs.models import (
    PUHUI_ONLY_KINDERGARTEN, SCHOOL_CODE_STAGE_MISMATCH, STAGE_SCHOOL_TYPES, Locality, OperatingStatus, Ownership,
    Stage,
)


def _choices(choices) -> tuple[tuple[str, ...], ...]:
    return tuple((choice.value, choice.label) for choice in choices)


SPECS = (
    school_code_spec(required=True, unique=True),
    ColumnSpec("name", "学校名称", ("学校", "单位名称"), required=True, kind="text", max_length=100),
    ColumnSpec("parent", "所属学区", ("上级单位", "所属单位", "主管单位"), required=True, kind="text", max_length=100,
               note="学区、分局或局直单位的名称或编码,如 园林学区;局直学校填 潜江市教育局"),
    ColumnSpec("stage", "学段", ("学校类别", "办学类型"), required=True, kind="choice", choices=_choices(Stage),
               note="幼儿园、小学、初级中学、九年一贯制学校、十二年一贯制学校、普通高中、中等职业学校、特殊教育学校、开放大学"),
    ColumnSpec("ownership", "办学性质", ("公办民办",), required=True, kind="choice", choices=_choices(Ownership),
               note="公办 或 民办"),
    ColumnSpec("is_puhui", "普惠性幼儿园", ("是否普惠",), kind="bool", note="幼儿园填写:是 或 否"),
    ColumnSpec("locality", "城乡分类", ("城乡类型", "所在地城乡分类"), required=True, kind="choice",
               choices=_choices(Locality), note="城区、镇区、乡村"),
    ColumnSpec("is_boarding", "寄宿制学校", ("是否寄宿制",), kind="bool", note="是 或 否,不填为否"),
    ColumnSpec("status", "办学状态", kind="choice", choices=_choices(OperatingStatus), note="在办 或 筹建中,不填为在办"),
    ColumnSpec("division_code", "所在地行政区划代码", ("行政区划代码", "所在地区划代码"), kind="code", max_length=9,
               note="9位乡级行政区划代码,如 429005001"),
    ColumnSpec("address", "地址", ("学校地址",), kind="text", max_length=200),
    ColumnSpec("principal", "校长", ("校长姓名",), kind="name", max_length=50),
    ColumnSpec("phone", "联系电话", ("电话",), kind="text", max_length=30),
)


def check_school(values: dict, today: datetime.date) -> list[tuple[str, str]]:
    problems = list(check_school_code(values))
    code, stage = values.get("school_code"), values.get("stage")
    if code and stage and not problems:
        allowed = STAGE_SCHOOL_TYPES[stage]
        if code[:2] not in allowed:
            message = SCHOOL_CODE_STAGE_MISMATCH.format(stage=Stage(stage).label, prefixes="/".join(sorted(allowed)))
            problems.append(("school_code", message))
    if values.get("is_puhui") and stage and stage != Stage.KINDERGARTEN:
        problems.append(("is_puhui", PUHUI_ONLY_KINDERGARTEN))
    if values.get("division_code"):
        try:
            validate_division_code(values["division_code"])
        except ValidationError as error:
            problems.append(("division_code", error.messages[0]))
    return problems


SCHOOLS = ImportKind(
    key="schools",
    label="学校名单",
    specs=SPECS,
    natural_key="school_code",
    row_validator=check_school,
    city_only=True,
    notes=(
        "说明:每行一所学校;学校标识码为教育部统一的10位代码,请设为“文本”格式。",
        "同一学校标识码再次导入时更新学校信息(包括改到另一学区);表中没有的学校不会被删除。",
    ),
)
