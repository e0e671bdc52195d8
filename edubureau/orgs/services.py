"""Writes to the org tree. Paths and levels are derived here and nowhere else."""
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from edubureau.core.exceptions import ApplicationError
from edubureau.orgs.models import PATH_SEPARATOR, OrgKind, OrgUnit, SchoolProfile

ORGUNIT_MOVE_INTO_OWN_SUBTREE = "不能把单位移动到它自己或它的下级单位之下"
SCHOOL_PARENT_KIND = "学校只能隶属于市教育局、学区、分局或局直单位"
CAMPUS_PARENT_KIND = "校区只能隶属于学校"

_SCHOOL_PARENT_KINDS = {OrgKind.CITY, OrgKind.DISTRICT, OrgKind.SUB_BUREAU, OrgKind.BUREAU_UNIT}


def build_path(parent: OrgUnit | None, code: str) -> tuple[str, int]:
    """The materialised path and level of a unit with `code` under `parent`."""
    if parent is None:
        return f"{PATH_SEPARATOR}{code}{PATH_SEPARATOR}", 1
    return f"{parent.path}{code}{PATH_SEPARATOR}", parent.level + 1


def _check_parent_kind(kind: str, parent: OrgUnit | None) -> None:
    if kind == OrgKind.SCHOOL and (parent is None or parent.kind not in _SCHOOL_PARENT_KINDS):
        raise ApplicationError(SCHOOL_PARENT_KIND)
    if kind == OrgKind.CAMPUS and (parent is None or parent.kind != OrgKind.SCHOOL):
        raise ApplicationError(CAMPUS_PARENT_KIND)


def orgunit_create(
    *, code: str, name: str, kind: str, parent: OrgUnit | None = None, division_code: str = "", sort_order: int = 0,
) -> OrgUnit:
    """Create a unit under `parent`, deriving its path and level."""
    _check_parent_kind(kind, parent)
    path, level = build_path(parent, code)
    unit = OrgUnit(
        code=code, name=name, kind=kind, parent=parent, path=path, level=level,
        division_code=division_code, sort_order=sort_order,
    )
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def school_create(*, parent: OrgUnit, code: str, name: str, profile: dict) -> SchoolProfile:
    """Create a school unit and its profile in one transaction."""
    unit = orgunit_create(code=code, name=name, kind=OrgKind.SCHOOL, parent=parent)
    school = SchoolProfile(org_unit=unit, **profile)
    school.full_clean()
    school.save()
    return school


@transaction.atomic
def orgunit_move(*, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    """Re-parent `unit`, rewriting the paths and levels of its whole subtree in one UPDATE."""
    if new_parent.path.startswith(unit.path):
        raise ApplicationError(ORGUNIT_MOVE_INTO_OWN_SUBTREE)
    _check_parent_kind(unit.kind, new_parent)
    old_path = unit.path
    new_path, new_level = build_path(new_parent, unit.code)
    OrgUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        level=F("level") + (new_level - unit.level),
    )
    OrgUnit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    return unit

