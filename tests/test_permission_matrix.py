"""Permission matrix: every URL pattern of the project is declared here and run for every role.

`test_every_url_pattern_is_declared` fails when a URL pattern (the admin's included) has
no entry in EXPECTATIONS, so no view ships without its permission checks.
`test_url_pattern` runs each entry for every role of the test world (tests/world.py):

- project views by scope: anonymous → login; in scope → 200 and exactly the expected unit
  names on the page; out of scope → 404, exactly like a missing object, with no unit name;
- admin views by staff status: non-staff → the admin login; the `sysadmin` role user is
  staff with every non-sensitive permission, so it gets what the superuser gets.
"""
from collections.abc import Callable
from typing import NamedTuple

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from edubureau.accounts.audit import audit
from edubureau.accounts.models import AuditAction
from edubureau.orgs.models import OrgKind, OrgUnit
from tests.world import (
    AREA_KEYS, ROLES, SCHOOL_KEYS, WORLD_MEMBERSHIPS, WORLD_UNITS, World, ancestors_of, children_of, kind_of, parent_of,
)

LOGIN_URL = "/accounts/login/"
ADMIN_LOGIN_URL = "/admin/login/"

CITY_C = frozenset({"C", "S1", "D1", "A1", "A1E", "A2", "D2", "B1", "CS"})
# What each role may see (DESIGN.md "Users and scope"); city-wide roles never see city X.
VISIBLE = {
    "norole": frozenset(),
    "sysadmin": CITY_C,
    "leader": CITY_C,
    "section_staff": CITY_C,
    "district_admin": frozenset({"D1", "A1", "A1E", "A2"}),
    "school_admin": frozenset({"A1", "A1E"}),
    "inspector": frozenset({"A2", "B1"}),
    "psychologist": frozenset({"A1", "A1E"}),
    "superuser": CITY_C | {"X", "X1"},
}
# The units at the top of each role's scope (home page, org tree).
ROOTS = {
    "norole": set(), "sysadmin": {"C"}, "leader": {"C"}, "section_staff": {"C"}, "district_admin": {"D1"},
    "school_admin": {"A1"}, "inspector": {"A2", "B1"}, "psychologist": {"A1"}, "superuser": {"C", "X"},
}


def url_patterns(patterns=None, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(qualified name, route) of every URL pattern; an unnamed pattern is named "[route]"."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += url_patterns(pattern.url_patterns, route, ":".join(filter(None, [namespace, pattern.namespace])))
        else:
            name = pattern.name or f"[{route}]"
            found.append((f"{namespace}:{name}" if namespace else name, route))
    return found


class Outcome(NamedTuple):
    status: int
    location: str | None = None
    names: frozenset = frozenset()  # keys of the world units whose name is on the page


def fetch(client: Client, world: World, url: str, method: str = "get") -> Outcome:
    response = getattr(client, method)(url)
    body = response.content.decode()
    return Outcome(response.status_code, response.get("Location"), frozenset(world.keys_named_in(body)))


def to_login(url: str, login_url: str = LOGIN_URL) -> Outcome:
    return Outcome(302, f"{login_url}?next={url}")


def unit_url(world: World, key: str) -> str:
    return reverse("orgs:unit_detail", args=[world.units[key].pk])


def school_url(world: World, key: str) -> str:
    return reverse("orgs:school_detail", args=[world.units[key].pk])


# ---- project views -------------------------------------------------------------------------

def check_home(world, role, client):
    url = reverse("home")
    memberships = {unit for unit, _ in WORLD_MEMBERSHIPS.get(role, [])}
    expected = to_login(url) if role == "anonymous" else Outcome(200, None, frozenset(ROOTS[role] | memberships))
    assert fetch(client, world, url) == expected


def check_tree(world, role, client):
    url = reverse("orgs:tree")
    roots = ROOTS.get(role, set())
    if role == "anonymous":
        expected = to_login(url)
    elif len(roots) == 1:  # a single root: straight to it
        expected = Outcome(302, unit_url(world, next(iter(roots))))
    else:
        expected = Outcome(200, None, frozenset(roots))
    assert fetch(client, world, url) == expected


def check_school_list(world, role, client):
    url = reverse("orgs:school_list")
    if role == "anonymous":
        assert fetch(client, world, url) == to_login(url)
        return
    response = client.get(url)
    schools = VISIBLE[role] & SCHOOL_KEYS
    # Each row names the school and its parent; the area filter lists the districts in scope.
    shown = schools | {parent_of(s) for s in schools} | (VISIBLE[role] & AREA_KEYS)
    assert (response.status_code, world.keys_named_in(response.content.decode())) == (200, shown)
    assert {s.org_unit.name for s in response.context["page"]} == {world.name(k) for k in schools}


def expected_unit_detail(world: World, role: str, key: str) -> Outcome:
    if role == "anonymous":
        return to_login(unit_url(world, key))
    if key not in VISIBLE[role]:
        return Outcome(404)
    if kind_of(key) == OrgKind.SCHOOL:
        return Outcome(302, school_url(world, key))
    # The unit, its parent's name, the breadcrumb and the children, as far as they are in scope.
    shown = {key, parent_of(key)} | ((ancestors_of(key) | children_of(key)) & VISIBLE[role])
    return Outcome(200, None, frozenset(shown - {None}))


def expected_school_detail(world: World, role: str, key: str) -> Outcome:
    if role == "anonymous":
        return to_login(school_url(world, key))
    if key not in VISIBLE[role] or kind_of(key) != OrgKind.SCHOOL:
        return Outcome(404)
    shown = {key, parent_of(key)} | ((ancestors_of(key) | children_of(key)) & VISIBLE[role])
    return Outcome(200, None, frozenset(shown))


def check_unit_detail(world, role, client):
    actual = {key: fetch(client, world, unit_url(world, key)) for key in WORLD_UNITS}
    assert actual == {key: expected_unit_detail(world, role, key) for key in WORLD_UNITS}


def check_school_detail(world, role, client):
    actual = {key: fetch(client, world, school_url(world, key)) for key in WORLD_UNITS}
    assert actual == {key: expected_school_detail(world, role, key) for key in WORLD_UNITS}


def check_missing_unit(world, role, client):
    """A pk that exists nowhere answers exactly like an out-of-scope one."""
    missing = OrgUnit.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    for name in ("orgs:unit_detail", "orgs:school_detail"):
        url = reverse(name, args=[missing])
        assert fetch(client, world, url) == (to_login(url) if role == "anonymous" else Outcome(404))


def check_login(world, role, client):
    expected = Outcome(200) if role == "anonymous" else Outcome(302, reverse("home"))
    assert fetch(client, world, reverse("accounts:login")) == expected


def check_logout(world, role, client):
    url = reverse("accounts:logout")
    assert fetch(client, world, url) == Outcome(405)  # POST only (Django 5)
    assert fetch(client, world, url, "post") == Outcome(302, LOGIN_URL)
    assert fetch(client, world, reverse("home")) == to_login("/")


def both(*checks):
    def check(world, role, client):
        for one in checks:
            one(world, role, client)

    return check


PROJECT_EXPECTATIONS = {
    "home": check_home,
    "accounts:login": check_login,
    "accounts:logout": check_logout,
    "orgs:tree": check_tree,
    "orgs:unit_detail": both(check_unit_detail, check_missing_unit),
    "orgs:school_list": check_school_list,
    "orgs:school_detail": both(check_school_detail, check_missing_unit),
}


# ---- admin ---------------------------------------------------------------------------------

def admin_check(url_for: Callable[[World], str], *, sysadmin, superuser, nonstaff=None):
    """An admin entry: url_for(world) -> url; each expectation is a status, an Outcome or url -> Outcome.

    `nonstaff` (every role but sysadmin and superuser) defaults to a redirect to the admin login.
    """

    def check(world, role, client):
        url = url_for(world)
        expected = {"sysadmin": sysadmin, "superuser": superuser}.get(role, nonstaff)
        if expected is None:
            expected = to_login(url, ADMIN_LOGIN_URL)
        elif isinstance(expected, int):
            expected = Outcome(expected)
        elif callable(expected):
            expected = expected(url)
        assert fetch(client, world, url)[:2] == expected[:2]

    return check


def fixed(url: str) -> Callable[[World], str]:
    return lambda world: url


ACCESS_FIELDS = dict(username="someone", ip_address="127.0.0.1", user_agent="pytest", http_accept="*/*", path_info="/")
# Every model registered in the admin, with how to get one row of it.
ADMIN_OBJECTS = {
    "auth.group": lambda w: Group.objects.create(name="测试用户组"),
    "axes.accessattempt": lambda w: AccessAttempt.objects.create(
        get_data="", post_data="", failures_since_start=1, **ACCESS_FIELDS,
    ),
    "axes.accesslog": lambda w: AccessLog.objects.create(**ACCESS_FIELDS),
    "axes.accessfailurelog": lambda w: AccessFailureLog.objects.create(**ACCESS_FIELDS),
    "orgs.orgunit": lambda w: w.units["A1E"],
    "orgs.schoolprofile": lambda w: w.schools["A1"],
    "accounts.user": lambda w: w.users["school_admin"],
    "accounts.membership": lambda w: w.users["school_admin"].memberships.get(),
    "accounts.auditlog": lambda w: audit(w.users["superuser"], AuditAction.READ, w.units["A1"], "身份证号"),
}
# Pages the admin refuses even to a superuser: access logs are never added by hand, audit rows are evidence.
SUPERUSER_FORBIDDEN = {
    "axes.accessattempt": {"add"}, "axes.accesslog": {"add"}, "axes.accessfailurelog": {"add"},
    "accounts.auditlog": {"add", "delete"},
}


def admin_model_expectations(label: str) -> dict[str, Callable]:
    app, model = label.split(".")
    make = ADMIN_OBJECTS[label]
    forbidden = SUPERUSER_FORBIDDEN.get(label, set())
    entries = {}
    for action in ("changelist", "add"):
        url = reverse(f"admin:{app}_{model}_{action}")
        entries[f"admin:{app}_{model}_{action}"] = admin_check(
            fixed(url), sysadmin=403 if action in forbidden else 200, superuser=403 if action in forbidden else 200,
        )
    for action in ("history", "delete", "change"):
        entries[f"admin:{app}_{model}_{action}"] = admin_check(
            lambda w, a=action: reverse(f"admin:{app}_{model}_{a}", args=[make(w).pk]),
            sysadmin=403 if action in forbidden else 200, superuser=403 if action in forbidden else 200,
        )
    # The bare object URL redirects to its change page for any staff user (admin_view checks only staff).
    entries[f"admin:[admin/{app}/{model}/<path:object_id>/]"] = admin_check(
        lambda w: f"/admin/{app}/{model}/{make(w).pk}/",
        sysadmin=lambda url: Outcome(302, f"{url}change/"), superuser=lambda url: Outcome(302, f"{url}change/"),
    )
    return entries


def view_on_site_url(world: World) -> str:
    content_type = ContentType.objects.get_for_model(OrgUnit)
    return reverse("admin:view_on_site", args=[content_type.pk, world.units["A1"].pk])


ADMIN_EXPECTATIONS = {
    "admin:index": admin_check(fixed("/admin/"), sysadmin=200, superuser=200),
    # Signed-in non-staff users get the login form (with a "not authorised" note), staff go to the index.
    "admin:login": admin_check(
        fixed(ADMIN_LOGIN_URL), nonstaff=200, sysadmin=Outcome(302, "/admin/"), superuser=Outcome(302, "/admin/"),
    ),
    "admin:logout": admin_check(fixed("/admin/logout/"), nonstaff=Outcome(302, "/admin/"), sysadmin=405, superuser=405),
    "admin:password_change": admin_check(fixed("/admin/password_change/"), sysadmin=200, superuser=200),
    "admin:password_change_done": admin_check(fixed("/admin/password_change/done/"), sysadmin=200, superuser=200),
    # Without app_label/model_name/field_name the autocomplete view refuses.
    "admin:autocomplete": admin_check(fixed("/admin/autocomplete/"), sysadmin=403, superuser=403),
    "admin:jsi18n": admin_check(fixed("/admin/jsi18n/"), sysadmin=200, superuser=200),
    # OrgUnit has no get_absolute_url, so there is no site page to jump to.
    "admin:view_on_site": admin_check(view_on_site_url, sysadmin=404, superuser=404),
    "admin:app_list": admin_check(fixed("/admin/orgs/"), sysadmin=200, superuser=200),
    "admin:[admin/(?P<url>.*)$]": admin_check(fixed("/admin/no-such-page/"), sysadmin=404, superuser=404),
    "admin:auth_user_password_change": admin_check(
        lambda w: reverse("admin:auth_user_password_change", args=[w.users["school_admin"].pk]),
        sysadmin=200, superuser=200,
    ),
}
for _label in ADMIN_OBJECTS:
    ADMIN_EXPECTATIONS.update(admin_model_expectations(_label))

EXPECTATIONS = {**PROJECT_EXPECTATIONS, **ADMIN_EXPECTATIONS}


# ---- tests ---------------------------------------------------------------------------------

def test_url_pattern_names_are_unique():
    names = [name for name, _ in url_patterns()]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_every_url_pattern_is_declared():
    enumerated = {name for name, _ in url_patterns()}
    missing = sorted(enumerated - set(EXPECTATIONS))
    stale = sorted(set(EXPECTATIONS) - enumerated)
    assert enumerated == set(EXPECTATIONS), (
        f"URL patterns without an expectation in tests/test_permission_matrix.py EXPECTATIONS: {missing}; "
        f"declared but no longer routed: {stale}"
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_url_pattern(name, role, world, client_as):
    EXPECTATIONS[name](world, role, client_as(role))
