"""学校年度数据: one row per school and 学年, matched on both."""
import datetime
from decimal import Decimal

from edubureau.imports.headers import ColumnSpec
from edubureau.imports.kinds.base import SCHOOL_YEAR_SPEC, ImportKind, check_school_code, check_school_year
from edubureau.imports.kinds.base import school_code_spec
from edubureau.orgs.models import TEACHING_AREA_OVER_BUILDING

MAX_AREA = Decimal("9999999999.99")
MAX_WAN_YUAN = Decimal("9999999999.9999")


def _area(field: str, header: str, synonyms: tuple[str, ...] = ()) -> ColumnSpec:
    return ColumnSpec(field, header, synonyms, required=True, kind="decimal", min_value=0, max_value=MAX_AREA,
                      note="单位:平方米")


def _count(field: str, header: str, synonyms: tuple[str, ...] = (), note: str = "整数") -> ColumnSpec:
    return ColumnSpec(field, header, synonyms, required=True, kind="int", min_value=0, max_value=10_000_000, note=note)


def _flag(field: str, header: str, synonyms: tuple[str, ...] = ()) -> ColumnSpec:
    return ColumnSpec(field, header, synonyms, kind="bool", note="是 或 否,不填为否")


SPECS = (
    school_code_spec(),
    SCHOOL_YEAR_SPEC,
    _count("enrolment", "在校生数", ("在校学生数", "学生数"), note="学年初在校生人数"),
    _area("building_area", "校舍建筑面积", ("校舍建筑面积(平方米)", "校舍面积")),
    _area("teaching_area", "教学及辅助用房面积", ("教学及辅助用房面积(平方米)", "教学辅助用房面积")),
    _area("sports_area", "体育运动场馆面积", ("体育运动场馆面积(平方米)", "运动场馆面积", "体育场馆面积")),
    ColumnSpec("equipment_value", "教学仪器设备资产值", ("教学仪器设备值", "教学仪器设备资产值(万元)"), required=True,
               kind="decimal", min_value=0, max_value=MAX_WAN_YUAN, note="单位:万元"),
    _count("networked_multimedia_classrooms", "网络多媒体教室数", ("网络多媒体教室", "多媒体教室数")),
    _count("student_computers", "学生用计算机数", ("学生用计算机",)),
    _count("teacher_computers", "教师用计算机数", ("教师用计算机",)),
    _count("security_guards", "专职保安员数", ("专职保安员", "保安员数")),
    _flag("closed_management", "实行封闭化管理", ("封闭化管理",)),
    _flag("alarm_linked_to_police", "一键式紧急报警与公安联网", ("一键报警联网", "一键式报警与公安联网")),
    _flag("video_linked_to_police", "视频监控与公安联网", ("视频监控联网", "视频监控系统与公安机关联网")),
    _flag("protection_post", "设置护学岗", ("护学岗",)),
    ColumnSpec("public_budget_spending", "一般公共预算教育经费", ("一般公共预算教育经费(万元)", "公共预算教育经费"),
               required=True, kind="decimal", min_value=0, max_value=MAX_WAN_YUAN, note="本学年所在年度,单位:万元"),
)


def check_figures(values: dict, today: datetime.date) -> list[tuple[str, str]]:
    problems = [*check_school_code(values), *check_school_year(values)]
    teaching, building = values.get("teaching_area"), values.get("building_area")
    if teaching is not None and building is not None and teaching > building:
        problems.append(("teaching_area", TEACHING_AREA_OVER_BUILDING))
    for field, places in (("building_area", 2), ("teaching_area", 2), ("sports_area", 2),
                          ("equipment_value", 4), ("public_budget_spending", 4)):
        if values.get(field) is not None:
            values[field] = round(values[field], places)
    return problems


FIGURES = ImportKind(
    key="figures",
    label="学校年度数据",
    specs=SPECS,
    natural_key="school_year",
    unique_together=(("school_code", "school_year"),),
    row_validator=check_figures,
    notes=(
        "说明:每所学校每学年一行,数据与教育事业统计报表口径一致;面积单位为平方米,金额单位为万元。",
        "同一学校同一学年再次导入时更新该行数据。",
    ),
)
