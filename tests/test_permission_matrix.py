"""Permission matrix: every URL pattern of the project is declared here and run for every role.

`test_every_url_pattern_is_declared` fails when a URL pattern (the admin's included) has
no entry in EXPECTATIONS, so no view ships without its permission checks.
`test_url_pattern` runs each entry for every role of the test world (tests/world.py):

- project views by scope: anonymous → login; in scope → 200 and exactly the expected unit
  names on the page; out of scope → 404, exactly like a missing object, with no unit name;
- admin views by staff status: non-staff → the admin login; the `sysadmin` role user is
  staff with every non-sensitive permission, so it gets what the superuser gets;
- plans views over the world's plans (tests/world.py plans_of): who sees which plan, item,
  report and notice, who manages, reports and reviews, stated in tables (SEES_PLANS …);
  a page shows exactly the plan and item titles in scope; management pages answer 403 to
  those who see the object and 404 to the rest; a refused POST writes nothing.
"""
import datetime
import io
from collections.abc import Callable
from typing import NamedTuple

import openpyxl
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from edubureau.accounts.audit import audit
from edubureau.accounts.models import AuditAction, AuditLog
from edubureau.indicators.models import Indicator, LinkStatus, TargetLink
from edubureau.orgs.models import OrgKind, OrgUnit
from edubureau.plans.models import (
    Milestone, PlanItem, PlanMention, PlanSection, PlanTarget, ProgressEvidence, ProgressReport, SupervisionNotice,
    Task, TaskUnit, WorkPlan,
)
from edubureau.plans.views.tracking import XLSX
from edubureau.registry.models import ClassGroup, Student, Teacher
from tests.permission_api import API_EXPECTATIONS
from tests.permission_imports import IMPORT_EXPECTATIONS
from tests.permission_indicators import INDICATOR_EXPECTATIONS
from tests.world import (
    AREA_KEYS, NO_ID_STUDENT, PLAN_BREAKDOWN, PLAN_EVIDENCE, PLAN_ITEMS, PLAN_NOTICES, PLAN_REPORTS, PLAN_TITLES,
    REGISTRY_CLASSES, REGISTRY_STUDENTS, REGISTRY_TEACHERS, ROLES, SCHOOL_KEYS, WORLD_MEMBERSHIPS, WORLD_UNITS, World,
    ancestors_of, children_of, kind_of, parent_of, plans_of, registry_of,
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
    "indicators.indicator": lambda w: Indicator.objects.get_or_create(
        code="admin_share", defaults={"name": "后台测试指标", "unit": "%"})[0],
}
# Pages the admin refuses even to a superuser: access logs are never added by hand, audit rows are evidence.
SUPERUSER_FORBIDDEN = {
    "axes.accessattempt": {"add"}, "axes.accesslog": {"add"}, "axes.accessfailurelog": {"add"},
    "accounts.auditlog": {"add", "delete"},
    "indicators.indicator": {"add", "delete"},  # indicators come from code; switch one off instead
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

# ---- plans views -------------------------------------------------------------------------------
#
# Over the world's plans (tests/world.py PLAN_SOURCES): P24 and P23 of city C published, DRAFT of
# city C never published, PX of city X. The tables state what each role may see and do; every
# check compares a whole {object: outcome} map, so a leak or a wrong refusal shows as a diff.
# A page's `plans`/`items` are the keys of the plan and item titles on it; refused POSTs must
# leave every plans row as it was.

ALL_PLANS = frozenset(PLAN_TITLES)
C_PLANS = frozenset({"P24", "P23", "DRAFT"})
PUBLISHED_C = frozenset({"P24", "P23"})
SEES_PLANS = {
    "norole": frozenset(), "sysadmin": C_PLANS, "leader": PUBLISHED_C, "section_staff": C_PLANS,
    "district_admin": frozenset({"P24"}), "school_admin": frozenset({"P24"}), "inspector": frozenset({"P24"}),
    "psychologist": frozenset({"P24"}), "superuser": ALL_PLANS,
}
# Plans the role runs (upload, review, corrections, publish, breakdown, notices): 科室人员 and 系统管理员.
MANAGES_PLANS = {role: frozenset() for role in SEES_PLANS} | {
    "sysadmin": C_PLANS, "section_staff": C_PLANS, "superuser": ALL_PLANS,
}
# Plans the role sees whole (its scope holds the owner), and so may write a bulletin for.
WHOLE_PLANS = {role: frozenset() for role in SEES_PLANS} | {
    "sysadmin": C_PLANS, "leader": PUBLISHED_C, "section_staff": C_PLANS, "superuser": ALL_PLANS,
}
P24_ITEMS = frozenset({"I1", "I2", "I3", "I4"})
C_ITEMS = P24_ITEMS | {"J1", "J2"} | {"K1", "K2"}
SEES_ITEMS = {
    "norole": frozenset(), "sysadmin": C_ITEMS, "leader": P24_ITEMS | {"J1", "J2"}, "section_staff": C_ITEMS,
    "district_admin": frozenset({"I1", "I4"}),  # D1 cooperates on I1, its school A1 on I4
    "school_admin": frozenset({"I4"}), "inspector": frozenset({"I2"}),  # B1 cooperates on I2
    "psychologist": frozenset({"I4"}), "superuser": frozenset(PLAN_ITEMS),
}
# (task, unit) pairs each role reports for: its capture scope (a 局领导, 督学 or 心理教师 never reports).
C_PAIRS = frozenset(
    (task, unit) for task, (leads, cooperating) in PLAN_BREAKDOWN.items() for unit in leads + cooperating
    if task[0] in "IJ"
)
CAPTURES = {role: frozenset() for role in SEES_PLANS} | {
    "sysadmin": C_PAIRS,
    "section_staff": frozenset(pair for pair in C_PAIRS if pair[1] == "S1"),
    "district_admin": frozenset({("I1", "D1"), ("I4", "A1")}),
    "school_admin": frozenset({("I4", "A1")}),
    "superuser": C_PAIRS | {("Y1", "X1"), ("Y2", "X1")},
}
ALL_REPORTS = frozenset(PLAN_REPORTS)
SEES_REPORTS = {
    "norole": frozenset(), "sysadmin": ALL_REPORTS, "leader": ALL_REPORTS, "section_staff": ALL_REPORTS,
    "district_admin": frozenset({"R1", "R5"}), "school_admin": frozenset({"R5"}), "inspector": frozenset({"R3"}),
    "psychologist": frozenset({"R5"}), "superuser": ALL_REPORTS,
}
# Reports whose task's lead unit the role captures for: it reviews them (R4's lead is the school CS).
REVIEWS = {role: frozenset() for role in SEES_PLANS} | {
    "sysadmin": ALL_REPORTS, "section_staff": ALL_REPORTS - {"R4"}, "superuser": ALL_REPORTS,
}
PENDING_REPORTS = frozenset(key for key, (*_, approver) in PLAN_REPORTS.items() if approver is None)
SEES_NOTICES = {role: frozenset() for role in SEES_PLANS} | {
    role: frozenset({"N1"}) for role in ("sysadmin", "leader", "section_staff", "district_admin", "superuser")
}
REPLIES_NOTICES = {role: frozenset() for role in SEES_PLANS} | {
    role: frozenset({"N1"}) for role in ("sysadmin", "district_admin", "superuser")
}
NEW_PLAN_SOURCE = """2026年教育工作要点
一、提升质量
1.推进课后服务提质。
2.加强教师培训。
"""


class Page(NamedTuple):
    status: int
    location: str | None = None
    plans: frozenset = frozenset()  # keys of PLAN_TITLES on the page
    items: frozenset = frozenset()  # keys of PLAN_ITEMS on the page


def titles_in(text: str) -> tuple[frozenset, frozenset]:
    plans = frozenset(key for key, title in PLAN_TITLES.items() if title in text)
    items = frozenset(key for key, (_, _, title) in PLAN_ITEMS.items() if title in text)
    return plans, items


def fetch_page(client: Client, url: str, method: str = "get", data=None) -> tuple[Page, HttpResponse]:
    response = getattr(client, method)(url, data or {})
    if response.get("Content-Type", "").startswith(XLSX):
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        text = "\n".join(str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row if cell)
    else:
        text = response.content.decode()
    return Page(response.status_code, response.get("Location"), *titles_in(text)), response


def page(client: Client, url: str, method: str = "get", data=None) -> Page:
    return fetch_page(client, url, method, data)[0]


def page_login(url: str) -> Page:
    return Page(302, f"{LOGIN_URL}?next={url}")


def plan_state() -> list:
    """Every plans row that a view could write, to show a refused POST wrote nothing."""
    return [
        list(WorkPlan.objects.order_by("pk").values_list("pk", "status", "title", "version")),
        list(PlanSection.objects.order_by("pk").values_list("pk", "number", "title")),
        list(PlanItem.objects.order_by("pk").values_list("pk", "number", "title", "group")),
        list(PlanTarget.objects.order_by("pk").values_list("pk", flat=True)),
        list(PlanMention.objects.order_by("pk").values_list("pk", flat=True)),
        list(Task.objects.order_by("pk").values_list("pk", "seq", "measure", "target", "deadline", "owner")),
        list(TaskUnit.objects.order_by("pk").values_list("task", "org_unit", "role")),
        list(Milestone.objects.order_by("pk").values_list("pk", "title", "due_on")),
        list(ProgressReport.objects.order_by("pk").values_list("pk", "status", "percent", "review_status")),
        list(ProgressEvidence.objects.order_by("pk").values_list("pk", flat=True)),
        list(SupervisionNotice.objects.order_by("pk").values_list("pk", "status", "reply")),
    ]


def refused(client: Client, url: str, data=None) -> Page:
    """POST and check that nothing was written."""
    before = plan_state()
    outcome = page(client, url, "post", data)
    assert plan_state() == before, f"{url} wrote data although it answered {outcome.status}"
    return outcome


def by_access(role: str, url: str, *, sees: bool, allowed: bool, ok: Page | None) -> Page:
    """Login for anonymous, `ok` when allowed, 403 when the object is visible, else 404."""
    if role == "anonymous":
        return page_login(url)
    return ok if allowed else Page(403) if sees else Page(404)


def role_sets(role: str) -> dict[str, frozenset]:
    empty = frozenset()
    if role == "anonymous":
        return {name: empty for name in ("plans", "manages", "whole", "items", "captures", "reports", "reviews",
                                           "notices", "replies")}
    return {
        "plans": SEES_PLANS[role], "manages": MANAGES_PLANS[role], "whole": WHOLE_PLANS[role],
        "items": SEES_ITEMS[role], "captures": CAPTURES[role], "reports": SEES_REPORTS[role],
        "reviews": REVIEWS[role], "notices": SEES_NOTICES[role], "replies": REPLIES_NOTICES[role],
    }


def items_of(plan_key: str) -> frozenset:
    return frozenset(key for key, (plan, _, _) in PLAN_ITEMS.items() if plan == plan_key)


def plan_of(item_key: str) -> str:
    return PLAN_ITEMS[item_key][0]


def plan_url(name: str, plans, key: str) -> str:
    return reverse(f"plans:{name}", args=[plans.plans[key].pk])


def item_url(name: str, plans, key: str) -> str:
    return reverse(f"plans:{name}", args=[plans.items[key].pk])


def check_plan_list(world, role, client):
    plans_of(world)
    url = reverse("plans:list")
    expected = page_login(url) if role == "anonymous" else Page(200, None, SEES_PLANS[role])
    assert page(client, url) == expected


def check_plan_upload(world, role, client):
    plans_of(world)
    url = reverse("plans:upload")
    managers = role in ("sysadmin", "section_staff", "superuser")
    expected = page_login(url) if role == "anonymous" else Page(200 if managers else 403)
    assert page(client, url) == expected
    if not managers:
        assert refused(client, url, {"text": NEW_PLAN_SOURCE}) == expected
        return
    outcome = page(client, url, "post", {"text": NEW_PLAN_SOURCE})
    new = WorkPlan.objects.get(title="2026年教育工作要点")
    assert (outcome, new.status, new.owner) == (Page(302, reverse("plans:review", args=[new.pk])), "draft",
                                                 world.units["C"])


def check_plan_review(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    actual, expected = {}, {}
    for key in ALL_PLANS:
        url = plan_url("review", plans, key)
        actual[key] = page(client, url)
        ok = Page(200, None, frozenset({key}), items_of(key))  # the whole source: managers only
        expected[key] = by_access(role, url, sees=key in sets["plans"], allowed=key in sets["manages"], ok=ok)
    assert actual == expected


def post_only(role: str, client: Client, url: str) -> None:
    """A POST-only view answers 405 to a signed-in GET (before any lookup), and sends anonymous to login."""
    assert page(client, url) == (page_login(url) if role == "anonymous" else Page(405))


def check_plan_publish(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    post_only(role, client, plan_url("publish", plans, "P24"))
    for key in ("P24", "P23", "PX"):  # already published: managers are sent back with a message
        url = plan_url("publish", plans, key)
        ok = Page(302, plan_url("review", plans, key))
        assert refused(client, url) == by_access(role, url, sees=key in sets["plans"], allowed=key in sets["manages"],
                                                 ok=ok)
    url = plan_url("publish", plans, "DRAFT")
    if "DRAFT" in sets["manages"]:
        assert page(client, url, "post") == Page(302, plan_url("detail", plans, "DRAFT"))
        assert WorkPlan.objects.get(pk=plans.plans["DRAFT"].pk).status == "published"
    else:
        assert refused(client, url) == by_access(role, url, sees=False, allowed=False, ok=None)


def check_section_correct(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    post_only(role, client, reverse("plans:section_correct", args=[plans.sections["DRAFT"].pk]))
    data = {"number": "九", "title": "改过的部分标题"}
    for key in ALL_PLANS:
        section = plans.sections[key]
        url = reverse("plans:section_correct", args=[section.pk])
        ok = Page(302, plan_url("review", plans, key))
        expected = by_access(role, url, sees=key in sets["plans"], allowed=key in sets["manages"], ok=ok)
        if key == "DRAFT" and key in sets["manages"]:
            assert page(client, url, "post", data) == expected
            section.refresh_from_db()
            assert (section.number, section.title) == ("九", "改过的部分标题")
        else:  # refused, or a published plan that can no longer be corrected
            assert refused(client, url, data) == expected


def check_item_correct(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    post_only(role, client, item_url("item_correct", plans, "K1"))
    for key, (plan_key, number, _) in PLAN_ITEMS.items():
        item = plans.items[key]
        url = item_url("item_correct", plans, key)
        data = {"number": number, "title": "改过的任务名称"}
        ok = Page(302, f"{plan_url('review', plans, plan_key)}#item-{item.pk}")
        expected = by_access(role, url, sees=key in sets["items"], allowed=plan_key in sets["manages"], ok=ok)
        if plan_key == "DRAFT" and plan_key in sets["manages"]:
            assert page(client, url, "post", data) == expected
            item.refresh_from_db()
            assert item.title == "改过的任务名称"
        else:
            assert refused(client, url, data) == expected


def check_target_link(world, role, client):
    """Confirming an indicator suggestion: managers of the plan only; nothing changes for the others."""
    plans, sets = plans_of(world), role_sets(role)
    indicator = Indicator.objects.create(code="world_share", name="测试指标", unit="%", plan_items="1")
    targets = {key: list(plans.items[key].targets.all()) for key in PLAN_ITEMS}
    assert sum(map(len, targets.values())) >= 2  # the world's plans state targets (60%, 15%)
    for key, (plan_key, _, _) in PLAN_ITEMS.items():
        for target in targets[key]:
            link = TargetLink.objects.create(target=target, indicator=indicator)
            url = reverse("plans:target_link", args=[target.pk])
            ok = Page(302, item_url("item_detail", plans, key))
            expected = by_access(role, url, sees=key in sets["items"], allowed=plan_key in sets["manages"], ok=ok)
            assert page(client, url, "post", {"action": "confirm"}) == expected
            link.refresh_from_db()
            assert link.status == (LinkStatus.CONFIRMED if expected == ok and role != "anonymous"
                                   else LinkStatus.SUGGESTED)
            link.delete()


def check_extraction_delete(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    found = {(kind, obj.pk): key for key, item in plans.items.items()
             for kind, objs in (("target", item.targets.all()), ("mention", item.mentions.all())) for obj in objs}
    # Each plan has extractions; a target of I1 and of K1, a mention of I2, I3 and K2 at least.
    assert {key for key in found.values()} >= {"I1", "I2", "I3", "K1", "K2", "J1"}
    post_only(role, client, reverse("plans:extraction_delete", args=["target", 1]))
    for (kind, pk), key in found.items():
        plan_key = plan_of(key)
        url = reverse("plans:extraction_delete", args=[kind, pk])
        ok = Page(302, f"{plan_url('review', plans, plan_key)}#item-{plans.items[key].pk}")
        expected = by_access(role, url, sees=key in sets["items"], allowed=plan_key in sets["manages"], ok=ok)
        if plan_key == "DRAFT" and plan_key in sets["manages"]:
            assert page(client, url, "post") == expected
            model = PlanTarget if kind == "target" else PlanMention
            assert not model.objects.filter(pk=pk).exists()
        else:
            assert refused(client, url) == expected
    url = reverse("plans:extraction_delete", args=["school", 1])  # not a kind of extraction
    assert refused(client, url) == (page_login(url) if role == "anonymous" else Page(404))


def task_units(task_keys) -> frozenset:
    return frozenset(unit for key in task_keys for unit in PLAN_BREAKDOWN[key][0] + PLAN_BREAKDOWN[key][1])


def check_plan_detail(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    actual, expected = {}, {}
    for key in ALL_PLANS:
        url = plan_url("detail", plans, key)
        items = items_of(key) & sets["items"]
        if key == "DRAFT":
            ok = Page(302, plan_url("review", plans, key))  # a draft opens on its review page
        else:
            ok = Page(200, None, frozenset({key}), items)
        expected[key] = by_access(role, url, sees=False, allowed=key in sets["plans"], ok=ok)
        actual[key], response = fetch_page(client, url)
        if response.status_code == 200:  # every unit named on the dashboard shares in a visible item
            assert world.keys_named_in(response.content.decode()) == task_units(items)
    assert actual == expected


def check_item_detail(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    actual, expected, reports = {}, {}, {}
    for key in PLAN_ITEMS:
        url = item_url("item_detail", plans, key)
        ok = Page(200, None, frozenset({plan_of(key)}), frozenset({key}))
        expected[key] = by_access(role, url, sees=False, allowed=key in sets["items"], ok=ok)
        actual[key], response = fetch_page(client, url)
        if response.status_code == 200:
            reports[key] = {r.pk for r in response.context["reports"]}
    assert actual == expected
    # Only reports of units in the user's scope are listed.
    pk_of = {key: report.pk for key, report in plans.reports.items()}
    assert reports == {
        item: {pk_of[r] for r in sets["reports"] if PLAN_REPORTS[r][0] == item} for item in reports
    }


def breakdown_form(lead_pk: int) -> dict:
    return {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-lead_units": [lead_pk],
            "form-0-measure": "权限矩阵写入的措施"}


def check_breakdown_edit(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    actual, expected = {}, {}
    for key in PLAN_ITEMS:
        url = item_url("breakdown_edit", plans, key)
        ok = Page(200, None, frozenset({plan_of(key)}), frozenset({key}))
        expected[key] = by_access(role, url, sees=key in sets["items"], allowed=plan_of(key) in sets["manages"], ok=ok)
        actual[key] = page(client, url)
    assert actual == expected
    for key in PLAN_ITEMS:
        url = item_url("breakdown_edit", plans, key)
        lead = world.units["X1" if plan_of(key) == "PX" else "S1"].pk
        if plan_of(key) in sets["manages"] and plan_of(key) != "DRAFT":
            assert page(client, url, "post", breakdown_form(lead)) == Page(302, item_url("item_detail", plans, key))
            assert list(Task.objects.filter(item=plans.items[key]).values_list("measure", flat=True)) == [
                "权限矩阵写入的措施"]
        else:  # refused; a draft's manager gets the form back with "publish first"
            assert refused(client, url, breakdown_form(lead)).status == expected[key].status


def check_breakdown_download(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    actual, expected = {}, {}
    for key in ALL_PLANS:
        url = plan_url("breakdown_download", plans, key)
        # The 任务分解表 names the plan in its title row and lists only the items the user shares in.
        ok = Page(200, None, frozenset({key}), items_of(key) & sets["items"])
        expected[key] = by_access(role, url, sees=False, allowed=key in sets["plans"], ok=ok)
        actual[key] = page(client, url)
    assert actual == expected


def check_breakdown_upload(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    post_only(role, client, plan_url("breakdown_upload", plans, "P24"))
    for key in ALL_PLANS:
        url = plan_url("breakdown_upload", plans, key)
        ok = Page(302, plan_url("detail", plans, key))  # no file: back to the plan with a message
        assert refused(client, url) == by_access(role, url, sees=key in sets["plans"],
                                                 allowed=key in sets["manages"], ok=ok)


def check_report_inbox(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    actual, expected, rows = {}, {}, {}
    for key in ALL_PLANS:
        url = plan_url("report_inbox", plans, key)
        tasks = {task for task, _ in sets["captures"] if plan_of(task) == key}
        ok = Page(200, None, frozenset({key}), frozenset(tasks))  # one row per (task, unit) the user reports for
        expected[key] = by_access(role, url, sees=False, allowed=key in sets["plans"], ok=ok)
        actual[key], response = fetch_page(client, url)
        if response.status_code == 200:
            rows[key] = {(pair.task_id, pair.org_unit_id) for pair, _ in response.context["rows"]}
    assert actual == expected
    assert rows == {
        key: {(plans.tasks[t].pk, world.units[u].pk) for t, u in sets["captures"] if plan_of(t) == key} for key in rows
    }


def check_report_form(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    pairs = C_PAIRS | {("Y1", "X1"), ("I1", "A1"), ("I3", "D1")}  # the last two: units not responsible
    actual, expected = {}, {}
    for task, unit in pairs:
        url = reverse("plans:report_form", args=[plans.tasks[task].pk, world.units[unit].pk])
        ok = Page(200, None, frozenset(), frozenset({task}))
        expected[(task, unit)] = by_access(role, url, sees=False, allowed=(task, unit) in sets["captures"], ok=ok)
        actual[(task, unit)] = page(client, url)
    assert actual == expected
    data = {"status": "in_progress", "percent": "60", "narrative": "矩阵报送"}
    for task, unit in pairs:
        june = datetime.date(plans.plans[plan_of(task)].year, 6, 1)
        url = reverse("plans:report_form", args=[plans.tasks[task].pk, world.units[unit].pk]) + f"?month={june:%Y-%m}"
        if (task, unit) in sets["captures"]:
            assert page(client, url, "post", data).status == 302
            assert ProgressReport.objects.filter(task=plans.tasks[task], org_unit=world.units[unit],
                                                 month=june).count() == 1
        else:
            assert refused(client, url, data).status == (302 if role == "anonymous" else 404)


def check_evidence_download(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    actual, expected = {}, {}
    for key, (report_key, name, content) in PLAN_EVIDENCE.items():
        url = reverse("plans:evidence_download", args=[plans.evidence[key].pk])
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else b""
        actual[key] = (response.status_code, response.get("Location"), body)
        if role == "anonymous":
            expected[key] = (302, f"{LOGIN_URL}?next={url}", b"")
        else:  # whoever may see the report gets the file; everyone else 404, exactly like a missing file
            expected[key] = (200, None, content) if report_key in sets["reports"] else (404, None, b"")
    missing = ProgressEvidence.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    url = reverse("plans:evidence_download", args=[missing])
    actual["missing"] = client.get(url).status_code
    expected["missing"] = 302 if role == "anonymous" else 404
    assert actual == expected


def check_review_queue(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    actual, expected, listed = {}, {}, {}
    for key in ALL_PLANS:
        url = plan_url("review_queue", plans, key)
        queue = {r for r in sets["reviews"] & PENDING_REPORTS if plan_of(PLAN_REPORTS[r][0]) == key}
        ok = Page(200, None, frozenset({key}), frozenset(PLAN_REPORTS[r][0] for r in queue))
        expected[key] = by_access(role, url, sees=False, allowed=key in sets["plans"], ok=ok)
        actual[key], response = fetch_page(client, url)
        if response.status_code == 200:
            listed[key] = ({r.pk for r in response.context["reports"]},
                           {plans.reports[r].pk for r in queue})
    assert actual == expected
    assert all(got == wanted for got, wanted in listed.values()), listed


def check_report_review(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    post_only(role, client, reverse("plans:report_review", args=[plans.reports["R1"].pk]))
    actual, expected = {}, {}
    for key, report in plans.reports.items():
        url = reverse("plans:report_review", args=[report.pk])
        ok = Page(302, plan_url("review_queue", plans, plan_of(PLAN_REPORTS[key][0])))
        expected[key] = by_access(role, url, sees=key in sets["reports"], allowed=key in sets["reviews"], ok=ok)
        if key in sets["reviews"] and key in PENDING_REPORTS:
            actual[key] = page(client, url, "post", {"decision": "approve"})
            report.refresh_from_db()
            assert report.review_status == "approved"
        else:  # refused, or R2 that was already approved
            actual[key] = refused(client, url, {"decision": "approve"})
    assert actual == expected


def check_notice_list(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    actual, expected = {}, {}
    for key in ALL_PLANS:
        url = plan_url("notice_list", plans, key)
        notices = {n for n in sets["notices"] if plan_of(PLAN_NOTICES[n][0]) == key}
        ok = Page(200, None, frozenset({key}), frozenset(PLAN_NOTICES[n][0] for n in notices))
        expected[key] = by_access(role, url, sees=False, allowed=key in sets["plans"], ok=ok)
        actual[key] = page(client, url)
    assert actual == expected


def check_notice_create(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    actual, expected = {}, {}
    for key, task in plans.tasks.items():
        url = reverse("plans:notice_create", args=[task.pk])
        ok = Page(200, None, frozenset(), frozenset({key}))
        expected[key] = by_access(role, url, sees=key in sets["items"], allowed=plan_of(key) in sets["manages"], ok=ok)
        actual[key] = page(client, url)
    missing = Task.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    url = reverse("plans:notice_create", args=[missing])
    actual["missing"], expected["missing"] = page(client, url), by_access(role, url, sees=False, allowed=False, ok=None)
    assert actual == expected
    due = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    for key, task in plans.tasks.items():
        url = reverse("plans:notice_create", args=[task.pk])
        lead = world.units[PLAN_BREAKDOWN[key][0][0]]
        data = {"org_unit": lead.pk, "reason": "矩阵督办", "reply_due": due}
        if plan_of(key) in sets["manages"]:
            assert page(client, url, "post", data) == Page(302, plan_url("notice_list", plans, plan_of(key)))
            assert SupervisionNotice.objects.filter(task=task, org_unit=lead, reason="矩阵督办").count() == 1
        else:
            assert refused(client, url, data) == expected[key]


def check_notice_detail(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    notice = plans.notices["N1"]
    url = reverse("plans:notice_detail", args=[notice.pk])
    ok = Page(200, None, frozenset(), frozenset({"I1"}))
    expected = by_access(role, url, sees=False, allowed="N1" in sets["notices"], ok=ok)
    assert page(client, url) == expected
    data = {"reply": "已整改到位"}
    if "N1" in sets["replies"]:
        assert page(client, url, "post", data) == Page(302, url)
        notice.refresh_from_db()
        assert (notice.status, notice.reply) == ("replied", "已整改到位")
    else:  # 局领导 and 科室人员 see the notice but do not answer for 浩口镇学区
        assert refused(client, url, data) == by_access(role, url, sees="N1" in sets["notices"], allowed=False, ok=None)
    # Closing (办结) is for the plan's managers; 浩口镇学区's admin answers the notice but does not close it.
    managers = role in ("sysadmin", "section_staff", "superuser")
    expected = by_access(role, url, sees="N1" in sets["notices"], allowed=managers, ok=Page(302, url))
    if managers:
        assert page(client, url, "post", {"action": "close"}) == expected
        notice.refresh_from_db()
        assert notice.status == "closed"
    else:
        assert refused(client, url, {"action": "close"}) == expected


def check_bulletin(world, role, client):
    plans, sets = plans_of(world), role_sets(role)
    actual, expected = {}, {}
    for key in ALL_PLANS:
        url = plan_url("bulletin", plans, key)
        ok = Page(200, None, frozenset({key}))
        expected[key] = by_access(role, url, sees=key in sets["plans"], allowed=key in sets["whole"], ok=ok)
        actual[key] = page(client, url)
    assert actual == expected


PLANS_EXPECTATIONS = {
    "plans:list": check_plan_list,
    "plans:upload": check_plan_upload,
    "plans:review": check_plan_review,
    "plans:publish": check_plan_publish,
    "plans:section_correct": check_section_correct,
    "plans:item_correct": check_item_correct,
    "plans:target_link": check_target_link,
    "plans:extraction_delete": check_extraction_delete,
    "plans:detail": check_plan_detail,
    "plans:item_detail": check_item_detail,
    "plans:breakdown_edit": check_breakdown_edit,
    "plans:breakdown_download": check_breakdown_download,
    "plans:breakdown_upload": check_breakdown_upload,
    "plans:report_inbox": check_report_inbox,
    "plans:report_form": check_report_form,
    "plans:evidence_download": check_evidence_download,
    "plans:review_queue": check_review_queue,
    "plans:report_review": check_report_review,
    "plans:notice_list": check_notice_list,
    "plans:notice_create": check_notice_create,
    "plans:notice_detail": check_notice_detail,
    "plans:bulletin": check_bulletin,
}

# ---- registry views ------------------------------------------------------------------------------
#
# Over the world's registries (tests/world.py REGISTRY_*): every school has a student and a member of
# staff, every school but CS a class. A list shows exactly the people of the schools in the role's scope
# and names exactly those schools (its school filter offers them); an export holds exactly the rows in
# scope; a detail page answers 404 out of scope. No page or file ever holds a full identity number or
# 学籍号, except the answer to a reveal by a holder of accounts.view_id_number (in the world only the
# superuser), which writes exactly one audit row. Refused reveals write nothing.

class Registry(NamedTuple):
    status: int
    location: str | None = None
    units: frozenset = frozenset()  # keys of the world units named on the page
    people: frozenset = frozenset()  # keys of REGISTRY_STUDENTS / REGISTRY_TEACHERS named on the page


STUDENT_SCHOOL = {key: school for key, (school, *_) in REGISTRY_STUDENTS.items()}
TEACHER_SCHOOL = {key: school for key, (school, *_) in REGISTRY_TEACHERS.items()}
CLASS_SCHOOL = {key: school for key, (school, *_) in REGISTRY_CLASSES.items()}
STUDENT_CLASS = {key: class_key for key, (_, class_key, *_) in REGISTRY_STUDENTS.items()}
FULL_NUMBERS = {
    **{("student", k, "id_number"): n for k, (*_, n) in REGISTRY_STUDENTS.items() if n},
    **{("student", k, "xuejihao"): f"G{n}" for k, (*_, n) in REGISTRY_STUDENTS.items() if n},
    ("student", "SA2", "xuejihao"): NO_ID_STUDENT["xuejihao"],
    **{("teacher", k, "id_number"): n for k, (*_, n) in REGISTRY_TEACHERS.items()},
}
# Bare numbers first, so that a G 学籍号 is reported as itself and not also as the number inside it.
_NUMBERS_LONGEST_FIRST = sorted(set(FULL_NUMBERS.values()), key=len, reverse=True)


def full_numbers_in(text: str) -> set[str]:
    found = set()
    for number in _NUMBERS_LONGEST_FIRST:
        if number in text and not any(number in longer for longer in found):
            found.add(number)
    return found


def registry_fetch(client: Client, world: World, url: str, method: str = "get", data=None) -> tuple[Registry, str]:
    response = getattr(client, method)(url, data or {})
    if response.get("Content-Type", "").startswith(XLSX):
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        text = "\n".join(str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row if cell)
    else:
        text = response.content.decode()
    people = registry_of(world).people_named_in(text)
    return Registry(response.status_code, response.get("Location"), frozenset(world.keys_named_in(text)),
                    frozenset(people)), text


def registry_page(client: Client, world: World, url: str) -> Registry:
    """GET `url`; whatever the answer, it holds no full identity number or 学籍号."""
    outcome, text = registry_fetch(client, world, url)
    assert full_numbers_in(text) == set(), url
    return outcome


def registry_state() -> list:
    """Every row a registry view could write (audit rows included), to show a refused POST wrote nothing."""
    return [
        list(AuditLog.objects.order_by("pk").values_list("pk", "category", "object_id")),
        list(Student.objects.order_by("pk").values_list("pk", "name", "status", "id_number_enc", "xuejihao_enc")),
        list(Teacher.objects.order_by("pk").values_list("pk", "name", "id_number_enc")),
        list(ClassGroup.objects.order_by("pk").values_list("pk", "name", "grade")),
    ]


def registry_refused(client: Client, world: World, url: str, data=None) -> Registry:
    before = registry_state()
    outcome, text = registry_fetch(client, world, url, "post", data)
    assert registry_state() == before, f"{url} wrote data although it answered {outcome.status}"
    assert full_numbers_in(text) == set()
    return outcome


def schools_seen(role: str) -> frozenset:
    return frozenset(VISIBLE.get(role, frozenset()) & SCHOOL_KEYS)


def registry_login(url: str) -> Registry:
    return Registry(302, f"{LOGIN_URL}?next={url}")


def registry_list_check(kind: str, people_of: dict[str, str] | None):
    """A list page: the people of `people_of` (key -> school) in scope, and every school in scope."""

    def check(world, role, client):
        registry_of(world)
        url = reverse(f"registry:{kind}_list")
        seen = schools_seen(role)
        people = frozenset(k for k, school in (people_of or {}).items() if school in seen)
        expected = registry_login(url) if role == "anonymous" else Registry(200, None, seen, people)
        assert registry_page(client, world, url) == expected
        refused = registry_login(url) if role == "anonymous" else Registry(405)
        assert registry_refused(client, world, url) == refused  # lists are read-only

    return check


def registry_export_check(kind: str, rows_of: dict[str, str], people: bool):
    """An export: exactly the rows (key -> school) in scope, naming their schools (and people)."""

    def check(world, role, client):
        registry_of(world)
        url = reverse(f"registry:{kind}_export")
        rows = frozenset(k for k, school in rows_of.items() if school in schools_seen(role))
        units = frozenset(rows_of[k] for k in rows)
        expected = registry_login(url) if role == "anonymous" else Registry(200, None, units, rows if people else
                                                                            frozenset())
        assert registry_page(client, world, url) == expected

    return check


def missing_pk(model) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def check_student_detail(world, role, client):
    registry = registry_of(world)
    actual, expected = {}, {}
    for key, student in registry.students.items():
        url = reverse("registry:student_detail", args=[student.pk])
        school = STUDENT_SCHOOL[key]
        ok = Registry(200, None, frozenset({school}), frozenset({key}))
        expected[key] = registry_login(url) if role == "anonymous" else ok if school in VISIBLE[role] else Registry(404)
        actual[key] = registry_page(client, world, url)
    url = reverse("registry:student_detail", args=[missing_pk(Student)])
    actual["missing"] = registry_page(client, world, url)
    expected["missing"] = registry_login(url) if role == "anonymous" else Registry(404)
    assert actual == expected
    for key in registry.students:
        for field in ("id_number", "xuejihao"):
            check_reveal(world, role, client, "student", key, field)


def check_teacher_detail(world, role, client):
    registry = registry_of(world)
    actual, expected = {}, {}
    for key, teacher in registry.teachers.items():
        url = reverse("registry:teacher_detail", args=[teacher.pk])
        school = TEACHER_SCHOOL[key]
        ok = Registry(200, None, frozenset({school}), frozenset({key}))
        expected[key] = registry_login(url) if role == "anonymous" else ok if school in VISIBLE[role] else Registry(404)
        actual[key] = registry_page(client, world, url)
    url = reverse("registry:teacher_detail", args=[missing_pk(Teacher)])
    actual["missing"] = registry_page(client, world, url)
    expected["missing"] = registry_login(url) if role == "anonymous" else Registry(404)
    assert actual == expected
    for key in registry.teachers:
        check_reveal(world, role, client, "teacher", key, "id_number")


def check_reveal(world, role, client, kind: str, key: str, field: str):
    """POST "显示完整证件号": the superuser in scope sees that one number and leaves one audit row;
    anyone else is refused (403 in scope, 404 out of it) and nothing is written."""
    registry = registry_of(world)
    person = (registry.students if kind == "student" else registry.teachers)[key]
    school = (STUDENT_SCHOOL if kind == "student" else TEACHER_SCHOOL)[key]
    url = reverse(f"registry:{kind}_detail", args=[person.pk])
    number = FULL_NUMBERS.get((kind, key, field))
    if role == "superuser":
        before = AuditLog.objects.count()
        outcome, text = registry_fetch(client, world, url, "post", {"field": field})
        assert (outcome.status, full_numbers_in(text)) == (200, {number} if number else set())
        assert AuditLog.objects.count() - before == (1 if number else 0)  # no number on record: nothing read
        return
    if role == "anonymous":
        expected = registry_login(url)
    else:
        expected = Registry(403) if school in VISIBLE[role] else Registry(404)
    assert registry_refused(client, world, url, {"field": field}) == expected


def check_class_detail(world, role, client):
    registry = registry_of(world)
    actual, expected = {}, {}
    for key, group in registry.classes.items():
        url = reverse("registry:class_detail", args=[group.pk])
        school = CLASS_SCHOOL[key]
        students = frozenset(s for s, c in STUDENT_CLASS.items() if c == key)
        ok = Registry(200, None, frozenset({school}), students)
        expected[key] = registry_login(url) if role == "anonymous" else ok if school in VISIBLE[role] else Registry(404)
        actual[key] = registry_page(client, world, url)
    url = reverse("registry:class_detail", args=[missing_pk(ClassGroup)])
    actual["missing"] = registry_page(client, world, url)
    expected["missing"] = registry_login(url) if role == "anonymous" else Registry(404)
    assert actual == expected
    url = reverse("registry:class_detail", args=[registry.classes["CA1"].pk])
    refused = registry_login(url) if role == "anonymous" else Registry(405)
    assert registry_refused(client, world, url) == refused  # read-only


REGISTRY_EXPECTATIONS = {
    "registry:student_list": registry_list_check("student", STUDENT_SCHOOL),
    "registry:student_export": registry_export_check("student", STUDENT_SCHOOL, people=True),
    "registry:student_detail": check_student_detail,
    "registry:teacher_list": registry_list_check("teacher", TEACHER_SCHOOL),
    "registry:teacher_export": registry_export_check("teacher", TEACHER_SCHOOL, people=True),
    "registry:teacher_detail": check_teacher_detail,
    "registry:class_list": registry_list_check("class", None),
    "registry:class_export": registry_export_check("class", CLASS_SCHOOL, people=False),
    "registry:class_detail": check_class_detail,
}

EXPECTATIONS = {
    **PROJECT_EXPECTATIONS, **ADMIN_EXPECTATIONS, **PLANS_EXPECTATIONS, **REGISTRY_EXPECTATIONS, **IMPORT_EXPECTATIONS,
    **API_EXPECTATIONS, **INDICATOR_EXPECTATIONS,
}


# ---- tests ---------------------------------------------------------------------------------

def test_url_pattern_names_are_unique():
    names = [name for name, _ in url_patterns()]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_no_plan_or_item_title_contains_another_or_a_unit_name():
    titles = [*PLAN_TITLES.values(), *(title for _, _, title in PLAN_ITEMS.values())]
    names = [name for _, _, name in WORLD_UNITS.values()]
    assert [(a, b) for a in titles for b in titles + names if a != b and (a in b or b in a)] == []


def test_no_registry_person_name_contains_another_or_a_unit_name():
    people = [name for _, _, name, _ in [*REGISTRY_STUDENTS.values(), *REGISTRY_TEACHERS.values()]]
    units = [name for _, _, name in WORLD_UNITS.values()]
    assert len(set(people)) == len(people)
    assert [(a, b) for a in people for b in people + units if a != b and (a in b or b in a)] == []


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
