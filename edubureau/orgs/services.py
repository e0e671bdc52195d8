"""Writes to the org tree. Paths and levels are derived here and nowhere else."""
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from edubureau.core.exceptions import ApplicationError
from edubureau.orgs.models import PATH_SEPARATOR, OrgKind, OrgUnit, SchoolProfile

ORGUNIT_MOVE_INTO_OWN_SUBTREE = "不能把单位移动到它自己或它的下级单位之下"
SCHOOL_PARENT_KIND = "学校只能隶属于市教育局、学区、分局或局直单位"
CAMPUS_PARENT_KIND = "校区只能隶属于学校"
CITY_PARENT_KIND = "市教育局是最上级单位,不能隶属于其他单位"
AREA_PARENT_KIND = "学区、分局、科室和局直单位只能直接隶属于市教育局"

# Which kinds of unit each kind may hang under (None: it is a root), with the refusal message.
_PARENT_RULES: dict[str, tuple[set, str]] = {
    OrgKind.CITY: ({None}, CITY_PARENT_KIND),
    OrgKind.DISTRICT: ({OrgKind.CITY}, AREA_PARENT_KIND),
    OrgKind.SUB_BUREAU: ({OrgKind.CITY}, AREA_PARENT_KIND),
    OrgKind.SECTION: ({OrgKind.CITY}, AREA_PARENT_KIND),
    OrgKind.BUREAU_UNIT: ({OrgKind.CITY}, AREA_PARENT_KIND),
    OrgKind.SCHOOL: ({OrgKind.CITY, OrgKind.DISTRICT, OrgKind.SUB_BUREAU, OrgKind.BUREAU_UNIT}, SCHOOL_PARENT_KIND),
    OrgKind.CAMPUS: ({OrgKind.SCHOOL}, CAMPUS_PARENT_KIND),
}


def build_path(parent: OrgUnit | None, code: str) -> tuple[str, int]:
    """The materialised path and level of a unit with `code` under `parent`."""
    if parent is None:
        return f"{PATH_SEPARATOR}{code}{PATH_SEPARATOR}", 1
    return f"{parent.path}{code}{PATH_SEPARATOR}", parent.level + 1


def check_parent_kind(kind: str, parent: OrgUnit | None) -> None:
    """Raise ApplicationError when a unit of `kind` may not hang under `parent`."""
    allowed, message = _PARENT_RULES[kind]
    if (parent.kind if parent else None) not in allowed:
        raise ApplicationError(message)


def orgunit_create(
    *, code: str, name: str, kind: str, parent: OrgUnit | None = None, division_code: str = "", sort_order: int = 0,
) -> OrgUnit:
    """Create a unit under `parent`, deriving its path and level."""
    check_parent_kind(kind, parent)
    path, level = build_path(parent, code)
    unit = OrgUnit(
        code=code, name=name, kind=kind, parent=parent, path=path, level=level,
        division_code=division_code, sort_order=sort_order,
    )
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def school_create(*, parent: OrgUnit, name: str, profile: dict) -> SchoolProfile:
    """Create a school unit and its profile in one transaction; the unit's code is its 学校标识码."""
    unit = orgunit_create(code=profile["school_code"], name=name, kind=OrgKind.SCHOOL, parent=parent)
    school = SchoolProfile(org_unit=unit, **profile)
    school.full_clean()
    school.save()
    return school


@transaction.atomic
def orgunit_move(*, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    """Re-parent `unit`, rewriting the paths and levels of its whole subtree in one UPDATE."""
    if new_parent.path.startswith(unit.path):
        raise ApplicationError(ORGUNIT_MOVE_INTO_OWN_SUBTREE)
    check_parent_kind(unit.kind, new_parent)
    old_path = unit.path
    new_path, new_level = build_path(new_parent, unit.code)
    OrgUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        level=F("level") + (new_level - unit.level),
    )
    OrgUnit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    return unit

