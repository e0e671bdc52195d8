"""The API's lists and details: scope per role (exact objects), filters that mean what they mean on
the pages, masked identity numbers, pagination and the queries each list costs."""
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from edubureau.accounts.models import AuditLog
from edubureau.indicators.models import Indicator, IndicatorValue
from edubureau.registry.choices import Grade
from edubureau.registry.tests.factories import ClassGroupFactory, StudentFactory, TeacherFactory
from tests.world import NO_ID_STUDENT, REGISTRY_STUDENTS, REGISTRY_TEACHERS, WORLD_UNITS

ROLES = ("norole", "sysadmin", "leader", "section_staff", "district_admin", "school_admin", "inspector",
         "psychologist", "superuser")
CITY_C_SCHOOLS = ("A1", "A2", "B1", "CS")
# What each role gets from each list, by the keys of tests/world.py (DESIGN.md "Users and scope").
STUDENTS = {
    "norole": set(), "sysadmin": {"SA1", "SA2", "SA3", "SB1", "SC1"}, "leader": {"SA1", "SA2", "SA3", "SB1", "SC1"},
    "section_staff": {"SA1", "SA2", "SA3", "SB1", "SC1"}, "district_admin": {"SA1", "SA2", "SA3"},
    "school_admin": {"SA1", "SA2"}, "inspector": {"SA3", "SB1"}, "psychologist": {"SA1", "SA2"},
    "superuser": {"SA1", "SA2", "SA3", "SB1", "SC1", "SX1"},
}
TEACHERS = {
    "norole": set(), "sysadmin": {"TA1", "TA2", "TB1", "TC1"}, "leader": {"TA1", "TA2", "TB1", "TC1"},
    "section_staff": {"TA1", "TA2", "TB1", "TC1"}, "district_admin": {"TA1", "TA2"}, "school_admin": {"TA1"},
    "inspector": {"TA2", "TB1"}, "psychologist": {"TA1"}, "superuser": {"TA1", "TA2", "TB1", "TC1", "TX1"},
}
CLASSES = {
    "norole": set(), "sysadmin": {"CA1", "CA2", "CB1"}, "leader": {"CA1", "CA2", "CB1"},
    "section_staff": {"CA1", "CA2", "CB1"}, "district_admin": {"CA1", "CA2"}, "school_admin": {"CA1"},
    "inspector": {"CA2", "CB1"}, "psychologist": {"CA1"}, "superuser": {"CA1", "CA2", "CB1", "CX1"},
}
CITY_C = {"C", "S1", "D1", "A1", "A1E", "A2", "D2", "B1", "CS"}
UNITS = {
    "norole": set(), "sysadmin": CITY_C, "leader": CITY_C, "section_staff": CITY_C,
    "district_admin": {"D1", "A1", "A1E", "A2"}, "school_admin": {"A1", "A1E"}, "inspector": {"A2", "B1"},
    "psychologist": {"A1", "A1E"}, "superuser": CITY_C | {"X", "X1"},
}
FULL_NUMBERS = (
    {n for *_, n in REGISTRY_STUDENTS.values() if n} | {f"G{n}" for *_, n in REGISTRY_STUDENTS.values() if n}
    | {n for *_, n in REGISTRY_TEACHERS.values()} | {NO_ID_STUDENT["xuejihao"]}
)


@pytest.fixture
def indicator_values(world):
    indicator = Indicator.objects.create(code="api_test", name="接口测试指标", unit="%", sort_order=1)
    now = timezone.now()
    return {key: IndicatorValue.objects.create(indicator=indicator, org_unit=world.units[key], period="2024-2025",
                                               numerator=Decimal(3), denominator=Decimal(4), value=Decimal("75"),
                                               computed_at=now)
            for key in WORLD_UNITS}


def results(client, url, data=None) -> list[dict]:
    response = client.get(url, data or {})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def keys(objects: dict, rows: list[dict], field: str = "id") -> set[str]:
    by_pk = {obj.pk: key for key, obj in objects.items()}
    return {by_pk[row[field]] for row in rows}


# ---- scope ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_each_list_holds_exactly_the_objects_in_scope(world, registry_world, indicator_values, api_as, role):
    api = api_as(role)
    assert keys(registry_world.students, results(api, "/api/students/")) == STUDENTS[role]
    assert keys(registry_world.teachers, results(api, "/api/teachers/")) == TEACHERS[role]
    assert keys(registry_world.classes, results(api, "/api/classes/")) == CLASSES[role]
    assert keys(world.units, results(api, "/api/org-units/")) == UNITS[role]
    assert keys(world.units, results(api, "/api/indicator-values/"), "org_unit") == UNITS[role]


@pytest.mark.parametrize("role", ["school_admin", "inspector", "superuser"])
def test_details_answer_404_out_of_scope_like_missing(world, registry_world, api_as, role):
    api = api_as(role)
    for kind, objects, seen in (("students", registry_world.students, STUDENTS[role]),
                                ("teachers", registry_world.teachers, TEACHERS[role]),
                                ("classes", registry_world.classes, CLASSES[role]),
                                ("org-units", world.units, UNITS[role])):
        statuses = {key: api.get(f"/api/{kind}/{obj.pk}/").status_code for key, obj in objects.items()}
        assert statuses == {key: 200 if key in seen else 404 for key in objects}, kind
        missing = api.get(f"/api/{kind}/999999/")
        assert (missing.status_code, missing.json()) == (404, {"detail": "未找到该对象"})


def test_a_detail_is_the_list_row(registry_world, api_as):
    api = api_as("school_admin")
    student = registry_world.students["SA1"]
    row = next(r for r in results(api, "/api/students/") if r["id"] == student.pk)
    assert api.get(f"/api/students/{student.pk}/").json() == row
    assert row == {
        "id": student.pk, "name": "林晓雨", "sex": "F", "birth_date": "2017-03-15", "ethnicity": "01",
        "school": student.school_id, "school_name": "浩口镇中心小学", "class_group": student.class_group_id, "grade": 1,
        "class_name": "1班", "status": "in_school", "enrolment_date": "2021-09-01",
        "household_division_code": "429005106", "is_left_behind": False, "is_boarding": False,
        "id_number_masked": "429005********0021", "xuejihao_masked": "G429005********0021", "xuejihao_kind": "G",
    }


def test_indicator_values_filter_by_indicator_unit_parent_and_period(world, indicator_values, api_as):
    other = Indicator.objects.create(code="api_other", name="另一个接口测试指标", sort_order=2)
    IndicatorValue.objects.create(indicator=other, org_unit=world.units["A1"], period="2023-2024",
                                  computed_at=timezone.now())
    api = api_as("district_admin")
    url = "/api/indicator-values/"
    assert keys(world.units, results(api, url, {"indicator": "api_other"}), "org_unit") == {"A1"}
    assert keys(world.units, results(api, url, {"period": "2023-2024"}), "org_unit") == {"A1"}
    assert keys(world.units, results(api, url, {"indicator": "api_test", "parent": world.units["D1"].pk}),
                "org_unit") == {"A1", "A2"}
    assert results(api, url, {"org_unit": world.units["B1"].pk}) == []  # out of scope: nothing, as missing
    assert results(api, url, {"org_unit": 999999}) == []
    row = results(api, url, {"indicator": "api_test", "org_unit": world.units["A1"].pk})
    assert [{k: v for k, v in r.items() if k != "computed_at"} for r in row] == [{
        "indicator": "api_test", "org_unit": world.units["A1"].pk, "org_unit_name": "浩口镇中心小学",
        "period": "2024-2025", "numerator": "3.0000", "denominator": "4.0000", "value": "75.0000", "light": "grey",
        "schools": 0,
    }]
    bad = api.get(url, {"org_unit": "abc"})
    assert (bad.status_code, bad.json()) == (400, {"org_unit": ["请填写合法的整数值。"]})


def test_inactive_indicators_and_their_values_are_left_out(world, indicator_values, api_as):
    Indicator.objects.filter(code="api_test").update(is_active=False)
    api = api_as("superuser")
    assert "api_test" not in {r["code"] for r in results(api, "/api/indicators/")}
    assert results(api, "/api/indicator-values/") == []


def test_org_units_filter_by_kind_and_parent(world, api_as):
    api = api_as("leader")
    assert keys(world.units, results(api, "/api/org-units/", {"kind": "school"})) == {"A1", "A2", "B1", "CS"}
    assert keys(world.units, results(api, "/api/org-units/", {"parent": world.units["D1"].pk})) == {"A1", "A2"}
    assert api.get("/api/org-units/", {"kind": "planet"}).status_code == 400


# ---- filters: the same forms as the pages ---------------------------------------------------------

def _page_ids(client, url, query) -> set[int]:
    response = client.get(url, query)
    assert response.status_code == 200
    return {obj.pk for obj in response.context["page"]}


def _student_queries(world, registry):
    return [
        {"school": world.units["A1"].pk}, {"grade": 1}, {"sex": "F"}, {"status": "in_school"}, {"q": "林晓"},
        {"q": REGISTRY_STUDENTS["SA3"][3]}, {"q": f"G{REGISTRY_STUDENTS['SA3'][3]}"}, {"q": NO_ID_STUDENT["xuejihao"]},
        {"school": world.units["A1"].pk, "class_group": registry.classes["CA1"].pk}, {"left_behind": "0"},
    ]


@pytest.mark.parametrize("role", ["sysadmin", "district_admin"])
def test_registry_filters_select_what_the_pages_select(world, registry_world, client_as, api_as, role):
    page, api = client_as(role), api_as(role)
    cases = [("registry:student_list", "/api/students/", q) for q in _student_queries(world, registry_world)]
    cases += [("registry:teacher_list", "/api/teachers/", q) for q in (
        {"school": world.units["A2"].pk}, {"q": "蒋文"}, {"q": REGISTRY_TEACHERS["TA2"][3].lower()},
        {"post_type": "fulltime_teacher"}, {"backbone_level": "none"})]
    cases += [("registry:class_list", "/api/classes/", q) for q in (
        {"grade": 7}, {"school_year": "2024-2025"}, {"size_band": "up_to_55"}, {"school": world.units["A2"].pk})]
    for page_name, url, query in cases:
        expected = _page_ids(page, reverse(page_name), query)
        assert {row["id"] for row in results(api, url, query)} == expected, (url, query)
    assert {r["id"] for r in results(api, "/api/students/", {"q": REGISTRY_STUDENTS["SA3"][3]})} == {
        registry_world.students["SA3"].pk}


def test_a_bad_filter_is_refused_with_the_pages_message(world, registry_world, api_as):
    api = api_as("district_admin")
    message = {"school": ["所选学校不存在或不在您的查看范围内"]}
    for school in (world.units["B1"].pk, 999999):  # out of scope and missing read the same
        response = api.get("/api/students/", {"school": school})
        assert (response.status_code, response.json()) == (400, message)
    response = api.get("/api/classes/", {"grade": 99})
    assert (response.status_code, response.json()) == (400, {"grade": ["“99”不是可选的值"]})


def test_disability_is_neither_a_field_nor_a_filter(world, registry_world, api_as):
    """A sensitive category: left out of the API even for holders of accounts.view_disability."""
    api = api_as("superuser")
    everyone = results(api, "/api/students/")
    assert results(api, "/api/students/", {"disability": "1"}) == everyone
    assert not any("disab" in key for row in everyone for key in row)


# ---- identity numbers -----------------------------------------------------------------------------

def test_no_response_holds_a_full_identity_number_or_xuejihao(world, registry_world, indicator_values, api_as):
    """Not even for the superuser, who may reveal numbers on the pages: the API has no way to."""
    api = api_as("superuser")
    audits = AuditLog.objects.count()
    urls = ["/api/students/", "/api/teachers/", "/api/classes/", "/api/org-units/", "/api/indicator-values/",
            "/api/schema/", "/api/schema/?format=yaml"]
    urls += [f"/api/students/{s.pk}/" for s in registry_world.students.values()]
    urls += [f"/api/teachers/{t.pk}/" for t in registry_world.teachers.values()]
    urls += [f"/api/students/?q={number}" for number in FULL_NUMBERS]
    urls += [f"/api/teachers/?q={number}" for number in FULL_NUMBERS]
    texts = {}
    for url in urls:
        response = api.get(url)
        assert response.status_code == 200, url
        texts[url] = response.content.decode()
    assert {url: [n for n in FULL_NUMBERS if n in text] for url, text in texts.items()} == {url: [] for url in urls}
    # Each student found by their full number shows it masked.
    for key, (_, _, _, number) in REGISTRY_STUDENTS.items():
        if number:
            [row] = results(api, "/api/students/", {"q": number})
            assert (row["id"], row["id_number_masked"]) == (registry_world.students[key].pk,
                                                            f"{number[:6]}********{number[-4:]}")
    assert AuditLog.objects.count() == audits  # nothing sensitive was read


def test_a_person_without_an_identity_number(registry_world, api_as):
    row = api_as("school_admin").get(f"/api/students/{registry_world.students['SA2'].pk}/").json()
    assert (row["id_number_masked"], row["xuejihao_masked"], row["xuejihao_kind"]) == ("", "L429005********0017", "L")


# ---- pagination and queries -----------------------------------------------------------------------

def test_pages_of_50_by_default_and_a_chosen_size_up_to_200(world, registry_world, api_as):
    StudentFactory.create_batch(55, class_group=registry_world.classes["CB1"])
    api = api_as("leader")
    first = api.get("/api/students/").json()
    assert (first["count"], len(first["results"]), first["previous"]) == (60, 50, None)
    assert first["next"].endswith("/api/students/?page=2")
    assert len(api.get("/api/students/", {"page": 2}).json()["results"]) == 10
    assert len(api.get("/api/students/", {"page_size": 7}).json()["results"]) == 7
    assert len(api.get("/api/students/", {"page_size": 1000}).json()["results"]) == 60  # capped at 200
    missing = api.get("/api/students/", {"page": 9})
    assert (missing.status_code, missing.json()) == (404, {"detail": "无效页面。"})


# Token, scope prefixes, count and page; with a filter, the registry form's queries on top: the schools
# in scope (and the chosen school's classes, the school years, the disability permission of the user).
LIST_QUERIES = [
    ("/api/students/", {}, 4), ("/api/teachers/", {}, 4), ("/api/classes/", {}, 4), ("/api/org-units/", {}, 4),
    ("/api/indicator-values/", {}, 4), ("/api/indicators/", {}, 3),
    ("/api/students/", {"school": "B1", "status": "in_school"}, 8), ("/api/teachers/", {"school": "B1"}, 5),
    ("/api/classes/", {"school": "B1"}, 6),
]


@pytest.mark.parametrize(("url", "query", "queries"), LIST_QUERIES)
@pytest.mark.parametrize("extra", [0, 20])
def test_list_queries_do_not_grow_with_rows(world, registry_world, indicator_values, api_as,
                                            django_assert_num_queries, url, query, queries, extra):
    for n in range(extra):
        group = ClassGroupFactory(school=world.units["B1"], grade=Grade.G6, name=f"{n}班")
        StudentFactory(class_group=group)
        TeacherFactory(school=world.units["B1"])
        Indicator.objects.create(code=f"extra{n}", name=f"附加指标{n}", sort_order=10 + n)
    query = {k: world.units[v].pk if v in WORLD_UNITS else v for k, v in query.items()}
    api = api_as("sysadmin")
    with django_assert_num_queries(queries):
        response = api.get(url, query)
    assert response.status_code == 200
    assert len(response.json()["results"]) > 0


@pytest.mark.parametrize("kind", ["students", "teachers", "classes", "org-units"])
def test_a_detail_costs_three_queries(world, registry_world, api_as, django_assert_num_queries, kind):
    obj = {"students": registry_world.students["SB1"], "teachers": registry_world.teachers["TB1"],
           "classes": registry_world.classes["CB1"], "org-units": world.units["B1"]}[kind]
    api = api_as("sysadmin")
    with django_assert_num_queries(3):  # token, scope prefixes, the object
        assert api.get(f"/api/{kind}/{obj.pk}/").status_code == 200
