"""Unit names written in plans and spreadsheets, resolved against the org tree."""
import pytest

from edubureau.orgs.models import OrgKind
from edubureau.orgs.tests.factories import OrgUnitFactory
from edubureau.plans.services.units import UNIT_NAME_AMBIGUOUS, UnitNames, match_unit_names


@pytest.mark.parametrize(
    ("names", "found", "missing"),
    [
        (["基础教育科"], ["S1"], []),
        (["市基础教育科"], ["S1"], []),  # a "市" prefix is dropped before matching
        (["各学区"], ["D1", "D2"], []),
        (["局直各单位"], ["CS"], []),  # only units directly under the city
        (["浩口镇学区", "基础教育科", "浩口镇学区"], ["D1", "S1"], []),
        (["教育工会"], [], ["教育工会"]),
        (["仙桃市第一中学"], [], ["仙桃市第一中学"]),  # another city's school
    ],
)
def test_match_unit_names(org_world, names, found, missing):
    units, unmatched = match_unit_names(names, org_world.units["C"])
    assert [u.pk for u in units] == [org_world.units[k].pk for k in found]
    assert unmatched == missing


def test_a_name_two_units_share_is_ambiguous(org_world):
    OrgUnitFactory(code="unit-dup", name="基础教育科", kind=OrgKind.BUREAU_UNIT, parent=org_world.units["C"])
    names = UnitNames(org_world.units["C"])
    assert names.lookup("基础教育科") == (
        [], UNIT_NAME_AMBIGUOUS.format(name="基础教育科", units="潜江市教育局基础教育科、潜江市教育局基础教育科"),
    )
    assert names.match(["基础教育科"]) == ([], ["基础教育科"])


def test_the_index_is_loaded_with_one_query(org_world, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = UnitNames(org_world.units["C"])
    with django_assert_num_queries(0):
        assert names.match(["基础教育科", "浩口镇学区", "各学区"])[1] == []
