"""班级名单: one row per class, matched on (school, 学年, 年级, 班级名称)."""
import datetime

from edubureau.imports.headers import ColumnSpec
from edubureau.imports.kinds.base import GRADE_SPEC, SCHOOL_YEAR_SPEC, ImportKind, check_school_code, check_school_year
from edubureau.imports.kinds.base import school_code_spec

SPECS = (
    school_code_spec(),
    SCHOOL_YEAR_SPEC,
    GRADE_SPEC,
    ColumnSpec("name", "班级名称", ("班级", "班名"), required=True, kind="text", max_length=30, note="如 1班、2班"),
)


def check_class(values: dict, today: datetime.date) -> list[tuple[str, str]]:
    return [*check_school_code(values), *check_school_year(values)]


CLASSES = ImportKind(
    key="classes",
    label="班级名单",
    specs=SPECS,
    natural_key="name",
    unique_together=(("school_code", "school_year", "grade", "name"),),
    row_validator=check_class,
    notes=(
        "说明:每行一个班级;班额由学生名册中该班的在读学生数自动计算,不在此填写。",
        "学年不填时为导入页面上选择的学年。",
    ),
)
