"""The scoping choke point: which path prefixes a user gets, and how objects outside them answer."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.accounts.scoping import get_in_scope_or_404, in_scope, orgunits_visible_for, scope_prefixes, scoped
from edubureau.accounts.tests.factories import MembershipFactory, UserFactory
from edubureau.orgs.models import OrgUnit, SchoolProfile
from edubureau.orgs.tests.factories import DistrictFactory, SchoolFactory


def fresh(user: User) -> User:
    """The same user without a cached scope, as a new request would see it."""
    return User.objects.get(pk=user.pk)


def paths(world, *keys) -> tuple[str, ...]:
    return tuple(sorted(world.units[k].path for k in keys))


@pytest.mark.parametrize(
    ("role_key", "root_keys"),
    [
        ("norole", ()),
        ("sysadmin", ("C",)),
        ("leader", ("C",)),
        ("section_staff", ("C",)),  # granted at a section, scoped to the section's whole city
        ("district_admin", ("D1",)),
        ("school_admin", ("A1",)),
        ("inspector", ("A2", "B1")),
        ("psychologist", ("A1",)),
        ("superuser", ("C", "X")),
    ],
)
def test_scope_prefixes_per_role(world, role_key, root_keys):
    assert scope_prefixes(fresh(world.users[role_key])) == paths(world, *root_keys)


@pytest.mark.parametrize("role", [Role.LEADER, Role.SECTION_STAFF, Role.SYSADMIN])
@pytest.mark.parametrize("unit_key", ["S1", "D2", "B1"])
def test_city_wide_roles_scope_to_their_city_root_only(org_world, role, unit_key):
    membership = MembershipFactory(org_unit=org_world.units[unit_key], role=role)
    user = membership.user
    assert scope_prefixes(user) == ("/city-C/",)
    assert set(orgunits_visible_for(fresh(user)).values_list("code", flat=True)) == {
        u.code for k, u in org_world.units.items() if k not in ("X", "X1")
    }


@pytest.mark.parametrize("role", [Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN, Role.INSPECTOR, Role.PSYCHOLOGIST])
def test_subtree_roles_scope_to_the_unit_subtree(org_world, role):
    user = MembershipFactory(org_unit=org_world.units["A1"], role=role).user
    assert scope_prefixes(user) == (org_world.units["A1"].path,)
    assert set(orgunits_visible_for(fresh(user))) == {org_world.units["A1"], org_world.units["A1E"]}


def test_scope_prefixes_keep_only_the_minimal_set(org_world):
    user = UserFactory()
    grants = [("A1", Role.SCHOOL_ADMIN), ("D1", Role.DISTRICT_ADMIN), ("A1E", Role.PSYCHOLOGIST), ("B1", Role.INSPECTOR)]
    for key, role in grants:
        MembershipFactory(user=user, org_unit=org_world.units[key], role=role)
    assert scope_prefixes(user) == paths(org_world, "D1", "B1")


def test_a_city_wide_role_covers_subtree_roles_in_the_same_city(org_world):
    user = UserFactory()
    MembershipFactory(user=user, org_unit=org_world.units["A1"], role=Role.SCHOOL_ADMIN)
    MembershipFactory(user=user, org_unit=org_world.units["S1"], role=Role.LEADER)
    MembershipFactory(user=user, org_unit=org_world.units["X1"], role=Role.SCHOOL_ADMIN)
    assert scope_prefixes(user) == paths(org_world, "C", "X1")


def test_inactive_user_sees_nothing(world):
    user = world.users["district_admin"]
    User.objects.filter(pk=user.pk).update(is_active=False)
    inactive = fresh(user)
    assert scope_prefixes(inactive) == ()
    assert list(orgunits_visible_for(inactive)) == []
    assert in_scope(inactive, world.units["A1"]) is False


def test_anonymous_user_sees_nothing(org_world):
    anonymous = AnonymousUser()
    assert scope_prefixes(anonymous) == ()
    assert list(scoped(SchoolProfile.objects.all(), anonymous, path_field="org_unit__path")) == []


def test_scoped_follows_a_path_field(world):
    schools = scoped(SchoolProfile.objects.all(), fresh(world.users["inspector"]), path_field="org_unit__path")
    assert set(schools) == {world.schools["A2"], world.schools["B1"]}


def test_in_scope(world):
    user = fresh(world.users["district_admin"])
    assert [in_scope(user, world.units[k]) for k in ("D1", "A1E", "C", "B1", "X1")] == [True, True, False, False, False]


def test_get_in_scope_or_404_returns_an_object_in_scope(world):
    user = fresh(world.users["school_admin"])
    assert get_in_scope_or_404(OrgUnit.objects.all(), user, pk=world.units["A1E"].pk) == world.units["A1E"]


def test_get_in_scope_or_404_answers_missing_and_out_of_scope_identically(world):
    user = fresh(world.users["school_admin"])
    missing_pk = max(u.pk for u in world.units.values()) + 1
    errors = []
    for pk in (missing_pk, world.units["A2"].pk):
        with pytest.raises(Http404) as excinfo:
            get_in_scope_or_404(OrgUnit.objects.all(), user, pk=pk)
        errors.append((type(excinfo.value), str(excinfo.value)))
    assert errors == [(Http404, "未找到该对象"), (Http404, "未找到该对象")]


def test_scope_is_computed_in_one_query_and_cached_on_the_user_object(world, django_assert_num_queries):
    user = fresh(world.users["inspector"])
    with django_assert_num_queries(1):
        first = scope_prefixes(user)
    with django_assert_num_queries(0):
        assert scope_prefixes(user) == first
        assert in_scope(user, world.units["B1"]) is True
    with django_assert_num_queries(1):
        assert len(list(orgunits_visible_for(user))) == 2


def test_cached_scope_is_per_user_object(world):
    """A new grant shows on the next request (a new user object), not mid-request."""
    user = fresh(world.users["school_admin"])
    assert scope_prefixes(user) == paths(world, "A1")
    MembershipFactory(user=user, org_unit=world.units["B1"], role=Role.SCHOOL_ADMIN)
    assert scope_prefixes(user) == paths(world, "A1")
    assert scope_prefixes(fresh(user)) == paths(world, "A1", "B1")


def test_a_code_that_prefixes_a_sibling_code_does_not_leak_the_sibling(org_world):
    """Paths end with "/", so a role at code "7" does not cover a sibling with code "77"."""
    city = org_world.units["C"]
    seven = DistrictFactory(parent=city, code="7")
    seventy_seven = DistrictFactory(parent=city, code="77")
    SchoolFactory(parent=seventy_seven)
    user = MembershipFactory(org_unit=seven, role=Role.DISTRICT_ADMIN).user
    assert list(orgunits_visible_for(user)) == [seven]
