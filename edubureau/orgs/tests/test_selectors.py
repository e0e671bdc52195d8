"""Reads of the org tree: filters, counts and summaries, always within the reader's scope."""
import pytest
from django.urls import reverse

from edubureau.accounts.models import User
from edubureau.accounts.scoping import scope_prefixes
from edubureau.orgs.models import Locality, Ownership, SchoolProfile, Stage
from edubureau.orgs.selectors import (
    SchoolFilters, area_choices, orgunit_ancestors, orgunit_children, orgunit_roots, school_counts_under,
    school_list, scope_summary,
)


def fresh(world, role_key: str) -> User:
    return User.objects.get(pk=world.users[role_key].pk)


def keys(world, units) -> list[str]:
    by_pk = {u.pk: k for k, u in world.units.items()}
    return [by_pk[u.pk] for u in units]


def listed(world, role_key: str, **filters) -> set[str]:
    schools = school_list(fetched_by=fresh(world, role_key), filters=SchoolFilters(**filters))
    return set(keys(world, [s.org_unit for s in schools]))


@pytest.fixture
def b1_private_rural(world):
    SchoolProfile.objects.filter(pk=world.schools["B1"].pk).update(ownership=Ownership.PRIVATE, locality=Locality.RURAL)
    return world


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"A1", "A2", "B1", "CS"}),
        ({"q": "浩口"}, {"A1", "A2"}),
        ({"q": "中心小学"}, {"A1", "B1"}),
        ({"q": "2142"}, {"A1", "B1"}),  # a 学校标识码 prefix
        ({"q": "42"}, set()),  # codes match from the start only
        ({"stage": Stage.PRIMARY}, {"A1", "B1"}),
        ({"stage": Stage.SPECIAL}, {"CS"}),
        ({"ownership": Ownership.PRIVATE}, {"B1"}),
        ({"ownership": Ownership.PUBLIC}, {"A1", "A2", "CS"}),
        ({"locality": Locality.RURAL}, {"B1"}),
        ({"stage": Stage.PRIMARY, "ownership": Ownership.PUBLIC}, {"A1"}),
    ],
)
def test_school_list_filters(b1_private_rural, filters, expected):
    assert listed(b1_private_rural, "leader", **filters) == expected


@pytest.mark.parametrize(("area", "expected"), [("D1", {"A1", "A2"}), ("D2", {"B1"}), ("C", {"A1", "A2", "B1", "CS"})])
def test_school_list_area_filter(world, area, expected):
    assert listed(world, "section_staff", area=world.units[area].pk) == expected


@pytest.mark.parametrize("area", ["D2", "X", "C"])
def test_school_list_area_outside_scope_shows_nothing_more(world, area):
    """An area the user cannot see narrows to nothing (D2, X) or to their own scope (C, an ancestor)."""
    expected = {"A1", "A2"} if area == "C" else set()
    assert listed(world, "district_admin", area=world.units[area].pk) == expected


def test_school_list_unknown_area_lists_nothing(world):
    assert listed(world, "superuser", area=10**9) == set()


def test_school_list_is_ordered_by_area(world):
    schools = school_list(fetched_by=fresh(world, "leader"))
    assert [keys(world, [s.org_unit.parent])[0] for s in schools] == ["C", "D1", "D1", "D2"]


def test_school_list_page_ignores_an_out_of_scope_area_and_says_so(world, client_as):
    response = client_as("district_admin").get(reverse("orgs:school_list"), {"area": world.units["D2"].pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"学区/分局:选择一个有效的选项。 {world.units['D2'].pk} 不在可用的选项中。 (该条件已忽略)" in body
    assert {s.org_unit.name for s in response.context["page"]} == {world.name("A1"), world.name("A2")}
    assert world.keys_named_in(body) == {"A1", "A2", "D1"}


def test_school_counts_under_in_one_query(world, django_assert_num_queries):
    user = fresh(world, "superuser")
    scope_prefixes(user)
    units = [world.units[k] for k in ("C", "S1", "D1", "D2", "A1", "X")]
    with django_assert_num_queries(1):
        counts = school_counts_under(fetched_by=user, units=units)
    assert counts == {world.units[k].pk: n for k, n in {"C": 4, "S1": 0, "D1": 2, "D2": 1, "A1": 1, "X": 1}.items()}


def test_school_counts_under_counts_only_schools_in_scope(world):
    units = [world.units[k] for k in ("C", "D1", "D2")]
    counts = school_counts_under(fetched_by=fresh(world, "district_admin"), units=units)
    assert counts == {world.units["C"].pk: 2, world.units["D1"].pk: 2, world.units["D2"].pk: 0}


def test_school_counts_under_no_units_needs_no_query(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert school_counts_under(fetched_by=world.users["superuser"], units=[]) == {}


@pytest.mark.parametrize(
    ("role_key", "expected"),
    [("superuser", ["D1", "D2", "S1", "CS"]), ("district_admin", ["D1"]), ("inspector", []), ("norole", [])],
)
def test_orgunit_children_in_scope_areas_first(world, role_key, expected):
    children = orgunit_children(fetched_by=fresh(world, role_key), unit=world.units["C"])
    assert keys(world, children) == expected


@pytest.mark.parametrize(
    ("role_key", "expected"),
    [("superuser", ["C", "D1", "A1"]), ("school_admin", ["A1"]), ("district_admin", ["D1", "A1"])],
)
def test_orgunit_ancestors_shows_only_those_in_scope(world, role_key, expected):
    assert keys(world, orgunit_ancestors(fetched_by=fresh(world, role_key), unit=world.units["A1E"])) == expected


@pytest.mark.parametrize(
    ("role_key", "expected"),
    [("inspector", ["B1", "A2"]), ("section_staff", ["C"]), ("superuser", ["C", "X"]), ("norole", [])],
)
def test_orgunit_roots_in_path_order(world, role_key, expected):
    assert keys(world, orgunit_roots(fetched_by=fresh(world, role_key))) == expected


@pytest.mark.parametrize(
    ("role_key", "expected"), [("leader", ["D1", "D2"]), ("district_admin", ["D1"]), ("school_admin", [])],
)
def test_area_choices(world, role_key, expected):
    assert keys(world, area_choices(fetched_by=fresh(world, role_key))) == expected


@pytest.mark.parametrize(
    ("role_key", "expected"),
    [
        ("superuser", [("市教育局", 2), ("学区", 2), ("科室", 1), ("学校", 5), ("校区", 1)]),
        ("district_admin", [("学区", 1), ("学校", 2), ("校区", 1)]),
        ("inspector", [("学校", 2)]),
        ("norole", []),
    ],
)
def test_scope_summary_in_display_order(world, role_key, expected):
    assert list(scope_summary(fetched_by=fresh(world, role_key)).items()) == expected

