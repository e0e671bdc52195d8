"""Permission-matrix entries of the REST API (merged into tests/test_permission_matrix.py).

Every endpoint is run twice per role: with the matrix's signed-in session client and with the role
user's API token, and both must give the same answer. Anonymous requests get 401 in Chinese (never
a login redirect). A list holds exactly the objects of the units in the role's scope (compared by
id); a detail answers 404 out of scope exactly like a missing object; lists and details are
read-only (405, nothing written). No response ever holds a full identity number or 学籍号.
"""
import json
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from edubureau.accounts.tests.factories import DEFAULT_PASSWORD
from edubureau.api.views import WRONG_CREDENTIALS
from edubureau.indicators.models import Indicator, IndicatorValue
from edubureau.orgs.models import OrgUnit
from edubureau.registry.models import ClassGroup, Student, Teacher
from tests.world import NO_ID_STUDENT, REGISTRY_CLASSES, REGISTRY_STUDENTS, REGISTRY_TEACHERS, WORLD_UNITS, registry_of

NOT_AUTHENTICATED = "身份认证信息未提供。"
CITY_C = frozenset({"C", "S1", "D1", "A1", "A1E", "A2", "D2", "B1", "CS"})
VISIBLE = {
    "anonymous": frozenset(), "norole": frozenset(), "sysadmin": CITY_C, "leader": CITY_C, "section_staff": CITY_C,
    "district_admin": frozenset({"D1", "A1", "A1E", "A2"}), "school_admin": frozenset({"A1", "A1E"}),
    "inspector": frozenset({"A2", "B1"}), "psychologist": frozenset({"A1", "A1E"}),
    "superuser": CITY_C | {"X", "X1"},
}
STUDENT_SCHOOL = {key: school for key, (school, *_) in REGISTRY_STUDENTS.items()}
TEACHER_SCHOOL = {key: school for key, (school, *_) in REGISTRY_TEACHERS.items()}
CLASS_SCHOOL = {key: school for key, (school, *_) in REGISTRY_CLASSES.items()}
FULL_NUMBERS = frozenset(
    {n for *_, n in REGISTRY_STUDENTS.values() if n} | {f"G{n}" for *_, n in REGISTRY_STUDENTS.values() if n}
    | {n for *_, n in REGISTRY_TEACHERS.values()} | {NO_ID_STUDENT["xuejihao"]}
)
INDICATOR_CODE = "api_matrix"
INACTIVE_CODE = "api_matrix_inactive"
PERIOD = "2024-2025"


def token_client(world, role: str) -> Client:
    """A client that authenticates with the role user's API token only (no session)."""
    user = world.users[role]
    if user is None:
        return Client()
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def clients(world, role: str, client: Client) -> list[Client]:
    return [client, token_client(world, role)]


def get(client: Client, url: str, data=None) -> tuple[int, object]:
    """(status, parsed JSON); whatever the answer, it holds no full identity number or 学籍号."""
    response = client.get(url, data or {})
    text = response.content.decode()
    assert [n for n in FULL_NUMBERS if n in text] == [], url
    return response.status_code, json.loads(text) if text else None


def anonymous(client: Client, url: str) -> None:
    assert get(client, url) == (401, {"detail": NOT_AUTHENTICATED})


def read_only(client: Client, url: str, signed_in: bool, state) -> None:
    """POST, PUT, PATCH and DELETE are refused (405 signed in, 401 anonymous) and write nothing."""
    before = state()
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(url).status_code == (405 if signed_in else 401), (method, url)
    assert state() == before


def registry_state() -> list:
    return [
        list(Student.objects.order_by("pk").values_list("pk", "name", "status")),
        list(Teacher.objects.order_by("pk").values_list("pk", "name")),
        list(ClassGroup.objects.order_by("pk").values_list("pk", "name")),
        list(IndicatorValue.objects.order_by("pk").values_list("pk", "value")),
    ]


def world_indicator_values(world) -> dict[str, IndicatorValue]:
    """An active indicator with a value for every unit of the world (and an inactive one likewise)."""
    active = Indicator.objects.create(code=INDICATOR_CODE, name="接口矩阵指标", unit="%")
    inactive = Indicator.objects.create(code=INACTIVE_CODE, name="停用的接口矩阵指标", is_active=False)
    now = timezone.now()
    values = {}
    for key in WORLD_UNITS:
        values[key] = IndicatorValue.objects.create(
            indicator=active, org_unit=world.units[key], period=PERIOD, numerator=Decimal(1), denominator=Decimal(2),
            value=Decimal("50"), computed_at=now)
        IndicatorValue.objects.create(indicator=inactive, org_unit=world.units[key], period=PERIOD, computed_at=now)
    return values


def unit_keys(world, ids) -> frozenset:
    by_pk = {unit.pk: key for key, unit in world.units.items()}
    return frozenset(by_pk[pk] for pk in ids)


def _missing_pk(model) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


# ---- schema and token -----------------------------------------------------------------------------

def check_schema(world, role, client):
    url = reverse("api:schema")
    for c in clients(world, role, client):
        if role == "anonymous":
            anonymous(c, url)
            continue
        status, schema = get(c, url, {"format": "json"})
        assert (status, schema["openapi"][:2]) == (200, "3.")


def check_token(world, role, client):
    url = reverse("api:token")
    user = world.users[role]
    username = user.username if user else "nobody"
    wrong = client.post(url, {"username": username, "password": "wrong-password"})
    assert (wrong.status_code, wrong.json()) == (400, {"detail": WRONG_CREDENTIALS})
    response = client.post(url, {"username": username, "password": DEFAULT_PASSWORD})
    if user is None:
        assert (response.status_code, response.json()) == (400, {"detail": WRONG_CREDENTIALS})
        assert client.get(url).status_code == 401
        assert client.delete(url).status_code == 401
        return
    key = Token.objects.get(user=user).key
    assert (response.status_code, response.json()) == (200, {"token": key})
    assert client.post(url, {"username": username, "password": DEFAULT_PASSWORD}).json() == {"token": key}
    assert client.get(url).status_code == 405
    # The token works, and DELETE with it revokes it.
    with_token = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert with_token.get(reverse("api:indicator_list")).status_code == 200
    assert with_token.delete(url).status_code == 204
    assert not Token.objects.filter(user=user).exists()
    assert with_token.get(reverse("api:indicator_list")).status_code == 401


# ---- indicators and org units ---------------------------------------------------------------------

def check_indicator_list(world, role, client):
    world_indicator_values(world)
    url = reverse("api:indicator_list")
    for c in clients(world, role, client):
        if role == "anonymous":
            anonymous(c, url)
            continue
        status, body = get(c, url)
        codes = {row["code"] for row in body["results"]}
        assert (status, INDICATOR_CODE in codes, INACTIVE_CODE in codes) == (200, True, False)
        assert codes == set(Indicator.objects.filter(is_active=True).values_list("code", flat=True))
        read_only(c, url, True, registry_state)


def check_indicator_value_list(world, role, client):
    world_indicator_values(world)
    url = reverse("api:indicator_value_list")
    for c in clients(world, role, client):
        if role == "anonymous":
            anonymous(c, url)
            continue
        status, body = get(c, url, {"indicator": INDICATOR_CODE, "period": PERIOD})
        assert (status, unit_keys(world, [r["org_unit"] for r in body["results"]])) == (200, VISIBLE[role])
        _, everything = get(c, url)  # the inactive indicator's values never show
        assert {r["indicator"] for r in everything["results"]} <= {INDICATOR_CODE}
        for key in ("A1", "X1"):  # one unit's value: there when in scope, else nothing (no 404 for a filter)
            _, body = get(c, url, {"org_unit": world.units[key].pk})
            assert unit_keys(world, [r["org_unit"] for r in body["results"]]) == {key} & VISIBLE[role]
        _, body = get(c, url, {"parent": world.units["D1"].pk})  # drill-down to D1's children
        assert unit_keys(world, [r["org_unit"] for r in body["results"]]) == {"A1", "A2"} & VISIBLE[role]
        read_only(c, url, True, registry_state)


def check_orgunit_list(world, role, client):
    url = reverse("api:orgunit_list")
    for c in clients(world, role, client):
        if role == "anonymous":
            anonymous(c, url)
            continue
        status, body = get(c, url)
        assert (status, unit_keys(world, [r["id"] for r in body["results"]])) == (200, VISIBLE[role])
        read_only(c, url, True, registry_state)


def check_orgunit_detail(world, role, client):
    for c in clients(world, role, client):
        actual, expected = {}, {}
        for key, unit in world.units.items():
            url = reverse("api:orgunit_detail", args=[unit.pk])
            status, body = get(c, url)
            actual[key] = (status, body.get("id") if status == 200 else None)
            expected[key] = (401 if role == "anonymous" else 200 if key in VISIBLE[role] else 404,
                             unit.pk if key in VISIBLE[role] else None)
        actual["missing"] = get(c, reverse("api:orgunit_detail", args=[_missing_pk(OrgUnit)]))[0]
        expected["missing"] = 401 if role == "anonymous" else 404
        assert actual == expected


# ---- registries -----------------------------------------------------------------------------------

def _registry_list(kind: str, school_of: dict[str, str], objects: str):
    def check(world, role, client):
        registry = registry_of(world)
        by_pk = {obj.pk: key for key, obj in getattr(registry, objects).items()}
        url = reverse(f"api:{kind}_list")
        for c in clients(world, role, client):
            if role == "anonymous":
                anonymous(c, url)
                continue
            status, body = get(c, url)
            expected = frozenset(k for k, school in school_of.items() if school in VISIBLE[role])
            assert (status, frozenset(by_pk[r["id"]] for r in body["results"])) == (200, expected)
            assert body["count"] == len(expected)
            read_only(c, url, True, registry_state)

    return check


def _registry_detail(kind: str, school_of: dict[str, str], objects: str, model):
    def check(world, role, client):
        registry = registry_of(world)
        for c in clients(world, role, client):
            actual, expected = {}, {}
            for key, obj in getattr(registry, objects).items():
                status, body = get(c, reverse(f"api:{kind}_detail", args=[obj.pk]))
                actual[key] = (status, body.get("id") if status == 200 else None)
                seen = school_of[key] in VISIBLE[role]
                expected[key] = (401 if role == "anonymous" else 200 if seen else 404, obj.pk if seen else None)
            actual["missing"] = get(c, reverse(f"api:{kind}_detail", args=[_missing_pk(model)]))[0]
            expected["missing"] = 401 if role == "anonymous" else 404
            assert actual == expected
            url = reverse(f"api:{kind}_detail", args=[next(iter(getattr(registry, objects).values())).pk])
            read_only(c, url, role != "anonymous", registry_state)

    return check


API_EXPECTATIONS = {
    "api:schema": check_schema,
    "api:token": check_token,
    "api:indicator_list": check_indicator_list,
    "api:indicator_value_list": check_indicator_value_list,
    "api:orgunit_list": check_orgunit_list,
    "api:orgunit_detail": check_orgunit_detail,
    "api:student_list": _registry_list("student", STUDENT_SCHOOL, "students"),
    "api:student_detail": _registry_detail("student", STUDENT_SCHOOL, "students", Student),
    "api:teacher_list": _registry_list("teacher", TEACHER_SCHOOL, "teachers"),
    "api:teacher_detail": _registry_detail("teacher", TEACHER_SCHOOL, "teachers", Teacher),
    "api:class_list": _registry_list("class", CLASS_SCHOOL, "classes"),
    "api:class_detail": _registry_detail("class", CLASS_SCHOOL, "classes", ClassGroup),
}
