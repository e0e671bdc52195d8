"""The org factories build rows the services would accept: derived paths, valid codes, code == 学校标识码."""
import pytest

from edubureau.orgs.models import OrgKind, Stage
from edubureau.orgs.tests.factories import CityFactory, DistrictFactory, OrgUnitFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def test_district_factory_derives_path_and_level_from_its_city():
    district = DistrictFactory(code="D-1", parent=CityFactory(code="C-1"))
    district.full_clean()
    assert (district.path, district.level, district.parent.path, district.parent.level) == ("/C-1/D-1/", 2, "/C-1/", 1)


@pytest.mark.parametrize(
    ("stage", "prefix"), [(Stage.KINDERGARTEN, "1142"), (Stage.PRIMARY, "2142"), (Stage.JUNIOR, "3142")],
)
def test_school_factory_keeps_code_and_school_code_consistent(stage, prefix):
    school = SchoolFactory(stage=stage)
    school.full_clean()
    school.org_unit.full_clean()
    unit = school.org_unit
    assert (unit.kind, unit.code) == (OrgKind.SCHOOL, school.school_code)
    assert (school.school_code[:4], len(school.school_code)) == (prefix, 10)
    assert (unit.path, unit.level) == (f"{unit.parent.path}{unit.code}/", 3)


def test_school_factory_takes_parent_and_name():
    city = CityFactory()
    school = SchoolFactory(parent=city, name="潜江市实验小学")
    assert (school.org_unit.parent, school.org_unit.name, school.org_unit.level) == (city, "潜江市实验小学", 2)


def test_campus_under_a_school():
    campus = OrgUnitFactory(kind=OrgKind.CAMPUS, code="campus-1", parent=SchoolFactory().org_unit)
    campus.full_clean()
    assert campus.path == f"{campus.parent.path}campus-1/"
