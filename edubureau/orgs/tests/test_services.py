"""Writes to the org tree: creating units and schools, and moving subtrees (paths and levels)."""
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from edubureau.core.codes import SCHOOL_CODE_FORMAT
from edubureau.core.exceptions import ApplicationError
from edubureau.orgs.models import Locality, OrgKind, OrgUnit, Ownership, SchoolProfile, Stage
from edubureau.orgs.services import (
    AREA_PARENT_KIND, CAMPUS_PARENT_KIND, CITY_PARENT_KIND, ORGUNIT_MOVE_INTO_OWN_SUBTREE, SCHOOL_PARENT_KIND, orgunit_create, orgunit_move, school_create,
)

pytestmark = pytest.mark.django_db


def tree_snapshot() -> dict[str, tuple[str, int, str | None]]:
    """code -> (path, level, parent code) of every unit."""
    units = OrgUnit.objects.select_related("parent")
    return {u.code: (u.path, u.level, u.parent.code if u.parent else None) for u in units}


def row_counts() -> tuple[int, int]:
    return OrgUnit.objects.count(), SchoolProfile.objects.count()


def profile(**overrides) -> dict:
    return {"school_code": "2142900001", "stage": Stage.PRIMARY, "ownership": Ownership.PUBLIC,
            "locality": Locality.RURAL, **overrides}


def test_orgunit_create_derives_path_and_level():
    city = orgunit_create(code="429005", name="潜江市教育局", kind=OrgKind.CITY)
    district = orgunit_create(
        code="xq-haokou", name="浩口镇学区", kind=OrgKind.DISTRICT, parent=city, division_code="429005106",
    )
    assert [(u.path, u.level) for u in (city, district)] == [("/429005/", 1), ("/429005/xq-haokou/", 2)]
    assert tree_snapshot() == {"429005": ("/429005/", 1, None), "xq-haokou": ("/429005/xq-haokou/", 2, "429005")}


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"code": "a/b", "kind": OrgKind.BUREAU_UNIT}, {"code": ["编码不能包含“/”"]}),
        ({"code": "xq", "kind": OrgKind.DISTRICT}, {"division_code": ["学区和分局必须填写行政区划代码"]}),
        ({"code": "xq", "kind": OrgKind.SUB_BUREAU, "division_code": "42900510"},
         {"division_code": ["行政区划代码应为9位数字(乡级,统计用区划代码前9位)"]}),
    ],
)
def test_orgunit_create_rejects_invalid_units_and_writes_nothing(org_world, fields, errors):
    before = tree_snapshot()
    with pytest.raises(ValidationError) as excinfo:
        orgunit_create(name="新单位", parent=org_world.units["C"], **fields)
    assert excinfo.value.message_dict == errors
    assert tree_snapshot() == before


@pytest.mark.parametrize(
    ("kind", "parent_key", "message"),
    [
        (OrgKind.SCHOOL, None, SCHOOL_PARENT_KIND),
        (OrgKind.SCHOOL, "S1", SCHOOL_PARENT_KIND),
        (OrgKind.SCHOOL, "A1", SCHOOL_PARENT_KIND),
        (OrgKind.CAMPUS, "D1", CAMPUS_PARENT_KIND),
        (OrgKind.CAMPUS, None, CAMPUS_PARENT_KIND),
        (OrgKind.CITY, "D1", CITY_PARENT_KIND),
        (OrgKind.DISTRICT, "A1", AREA_PARENT_KIND),
        (OrgKind.DISTRICT, None, AREA_PARENT_KIND),
        (OrgKind.SECTION, "D1", AREA_PARENT_KIND),
        (OrgKind.BUREAU_UNIT, "A1", AREA_PARENT_KIND),
    ],
)
def test_orgunit_create_checks_the_parent_kind(org_world, kind, parent_key, message):
    before = tree_snapshot()
    with pytest.raises(ApplicationError) as excinfo:
        orgunit_create(code="new", name="新单位", kind=kind, parent=org_world.units.get(parent_key))
    assert excinfo.value.message == message
    assert tree_snapshot() == before


def test_school_create_writes_the_unit_and_its_profile(org_world):
    school = school_create(parent=org_world.units["D2"], name="熊口镇第二小学", profile=profile())
    assert (school.org_unit.path, school.org_unit.level, school.org_unit.kind) == (
        "/city-C/429005104/2142900001/", 3, OrgKind.SCHOOL,
    )
    assert SchoolProfile.objects.get(school_code="2142900001").org_unit.name == "熊口镇第二小学"


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"school_code": "2142"}, {"school_code": [SCHOOL_CODE_FORMAT]}),
        ({"school_code": "3142900001"}, {"school_code": ["学段为“小学”的学校,标识码应以21/22开头"]}),
        ({"school_code": "2142900001", "stage": Stage.KINDERGARTEN}, {"school_code": ["学段为“幼儿园”的学校,标识码应以11开头"]}),
        ({"is_puhui": True}, {"is_puhui": ["只有幼儿园可以认定为普惠性幼儿园"]}),
    ],
)
def test_school_create_rejects_an_invalid_profile_and_writes_nothing(org_world, overrides, errors):
    before = row_counts()
    with pytest.raises(ValidationError) as excinfo:
        school_create(parent=org_world.units["D1"], name="新学校", profile=profile(**overrides))
    assert excinfo.value.message_dict == errors
    assert row_counts() == before
    assert not OrgUnit.objects.filter(code="2142900001").exists()


def test_puhui_kindergarten_is_accepted(org_world):
    school = school_create(
        parent=org_world.units["D1"], name="浩口公办幼儿园",
        profile=profile(school_code="1142900001", stage=Stage.KINDERGARTEN, is_puhui=True),
    )
    assert SchoolProfile.objects.get(pk=school.pk).is_puhui is True


def test_database_refuses_puhui_outside_kindergarten(org_world):
    with pytest.raises(IntegrityError, match="schoolprofile_puhui_only_kindergarten"), transaction.atomic():
        SchoolProfile.objects.create(org_unit=org_world.units["S1"], **profile(is_puhui=True))
    assert SchoolProfile.objects.filter(org_unit=org_world.units["S1"]).count() == 0


def moved(snapshot: dict, changes: dict) -> dict:
    return {**snapshot, **changes}


def test_orgunit_move_rewrites_the_whole_subtree(org_world):
    before = tree_snapshot()
    a1, a1e = org_world.units["A1"], org_world.units["A1E"]

    unit = orgunit_move(unit=a1, new_parent=org_world.units["C"])

    assert (unit.path, unit.level, unit.parent) == (f"/city-C/{a1.code}/", 2, org_world.units["C"])
    assert tree_snapshot() == moved(before, {
        a1.code: (f"/city-C/{a1.code}/", 2, "city-C"),
        a1e.code: (f"/city-C/{a1.code}/unit-A1E/", 3, a1.code),
    })


def test_orgunit_move_deeper_shifts_every_level(org_world):
    a1, a1e = org_world.units["A1"].code, org_world.units["A1E"].code
    orgunit_move(unit=org_world.units["A1"], new_parent=org_world.units["C"])
    before = tree_snapshot()

    orgunit_move(unit=OrgUnit.objects.get(code=a1), new_parent=org_world.units["D2"])

    base = "/city-C/429005104/"
    assert tree_snapshot() == moved(before, {
        a1: (f"{base}{a1}/", 3, "429005104"),
        a1e: (f"{base}{a1}/{a1e}/", 4, a1),
    })


@pytest.mark.parametrize(("unit_key", "parent_key"), [("D1", "A1"), ("D1", "A1E"), ("D1", "D1"), ("C", "S1")])
def test_orgunit_move_refuses_its_own_subtree_and_changes_nothing(org_world, unit_key, parent_key):
    before = tree_snapshot()
    with pytest.raises(ApplicationError) as excinfo:
        orgunit_move(unit=org_world.units[unit_key], new_parent=org_world.units[parent_key])
    assert excinfo.value.message == ORGUNIT_MOVE_INTO_OWN_SUBTREE
    assert tree_snapshot() == before


@pytest.mark.parametrize(
    ("unit_key", "parent_key", "message"), [("A1", "S1", SCHOOL_PARENT_KIND), ("A1E", "D2", CAMPUS_PARENT_KIND)],
)
def test_orgunit_move_checks_the_parent_kind(org_world, unit_key, parent_key, message):
    before = tree_snapshot()
    with pytest.raises(ApplicationError) as excinfo:
        orgunit_move(unit=org_world.units[unit_key], new_parent=org_world.units[parent_key])
    assert excinfo.value.message == message
    assert tree_snapshot() == before
