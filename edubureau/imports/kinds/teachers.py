"""教职工名册: one row per member of staff, matched on the identity number (its keyed hash)."""
import datetime

from edubureau.core.idnumbers import id_mismatches, validate_id_number
from edubureau.imports.headers import ColumnSpec
from edubureau.imports.kinds.base import (
    BIRTH_DATE_SPEC, SEX_SPEC, ImportKind, check_birth_not_future, check_school_code, school_code_spec,
)
from edubureau.imports.kinds.students import _checked
from edubureau.registry.choices import BackboneLevel, DualQualifiedLevel, PostType, ProfessionalTitle, Qualification


def _choices(choices) -> tuple[tuple[str, ...], ...]:
    return tuple((choice.value, choice.label) for choice in choices)


SPECS = (
    school_code_spec(),
    ColumnSpec(
        "id_number", "身份证号", ("身份证件号", "身份证件号码", "身份证号码", "公民身份号码"), required=True, kind="id",
        unique=True, max_length=18, note="18位居民身份证号,以“文本”格式填写",
    ),
    ColumnSpec("name", "姓名", ("教师姓名", "教职工姓名"), required=True, kind="name", max_length=50),
    SEX_SPEC,
    BIRTH_DATE_SPEC,
    ColumnSpec("subjects", "任教学科", ("学科", "主教学科"), kind="text", max_length=200,
               note="多个学科用“、”分隔,如 语文、道德与法治"),
    ColumnSpec("highest_qualification", "最高学历", ("学历",), required=True, kind="choice",
               choices=_choices(Qualification), note="博士研究生、硕士研究生、本科、专科、高中阶段、高中阶段以下"),
    ColumnSpec("professional_title", "职称", ("专业技术职称", "专业技术职务"), required=True, kind="choice",
               choices=_choices(ProfessionalTitle), note="正高级、高级、一级、二级、三级、未定级"),
    ColumnSpec("post_type", "岗位类别", ("岗位类型",), required=True, kind="choice", choices=_choices(PostType),
               note="专任教师、教辅人员、行政人员、工勤人员"),
    ColumnSpec("dual_qualified_level", "双师型教师等级", ("双师型",), kind="choice",
               choices=_choices(DualQualifiedLevel), note="中职学校填写:初级、中级、高级;不是双师型不填"),
    ColumnSpec("backbone_level", "骨干教师级别", ("骨干教师",), kind="choice", choices=_choices(BackboneLevel),
               note="县级、市级、省级、国家级;不是骨干教师不填"),
    ColumnSpec("is_fulltime_psychology", "专职心理健康教师", ("专职心理教师",), kind="bool", note="是 或 否,不填为否"),
    ColumnSpec("is_fulltime_pe", "专职体育教师", kind="bool", note="是 或 否,不填为否"),
    ColumnSpec("is_fulltime_arts", "专职艺术教师", ("专职艺术(音乐、美术)教师", "专职音乐美术教师"), kind="bool",
               note="音乐、美术专职教师填“是”"),
    ColumnSpec("is_fulltime_ideology", "专职思政课教师", ("专职思政教师",), kind="bool", note="是 或 否,不填为否"),
    ColumnSpec("years_at_school", "在本校任教年限", ("本校任教年限", "在本校工作年限"), required=True, kind="int",
               min_value=0, max_value=60, note="整数,不满一年填 0"),
)


def check_teacher(values: dict, today: datetime.date) -> list[tuple[str, str]]:
    problems = list(check_school_code(values))
    problems += check_birth_not_future(values, today)
    number = _checked(values, "id_number", validate_id_number, today, problems)
    if number:
        problems += id_mismatches(number, birth_date=values.get("birth_date"), sex=values.get("sex")).items()
    return problems


TEACHERS = ImportKind(
    key="teachers",
    label="教职工名册",
    specs=SPECS,
    natural_key="id_number",
    row_validator=check_teacher,
    notes=(
        "说明:带 * 的列必须填写;身份证号、学校标识码请设为“文本”格式,否则 Excel 会改掉末尾数字。",
        "同一身份证号再次导入时更新该教职工的信息;表中没有的人员不会被删除。",
    ),
)
