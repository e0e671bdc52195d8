"""The demo city generator: contents at both scales, determinism, idempotency and the command."""
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from edubureau.accounts.models import AuditLog, Membership, User
from edubureau.accounts.roles import Role
from edubureau.core.codes import validate_school_code
from edubureau.core.exceptions import ApplicationError
from edubureau.demo.catalog import CAMPUS_CODE, NAMED_SCHOOLS
from edubureau.demo.management.commands.demo_city import DEMO_SKIPPED, DEMO_URL
from edubureau.demo.services import DEMO_PASSWORD, DEMO_SCALE_INVALID, build_demo_city
from edubureau.demo.tree import full_tree
from edubureau.orgs.divisions import qianjiang_divisions
from edubureau.orgs.models import STAGE_SCHOOL_TYPES, OrgUnit, SchoolProfile
from edubureau.orgs.services import build_path
from edubureau.plans.models import (
    Milestone, PlanItem, ProgressReport, SupervisionNotice, Task, TaskUnit, WorkPlan,
)

SEED1_FULL_SCHOOLS = 297
SEED1_FULL_STAGES = {
    "kindergarten": 139, "primary": 98, "junior": 32, "nine_year": 17, "twelve_year": 1,
    "senior": 6, "vocational": 2, "special": 1, "open_university": 1,
}

SMALL_SCHOOLS = {
    # code: (name, parent code, stage, ownership, locality, status)
    "3442005001": ("潜江中学", "429005", "senior", "public", "urban", "open"),
    "3442005004": ("潜江市曹禺中学", "429005", "senior", "public", "urban", "open"),
    "2142005006": ("潜江市园林第六小学", "FJ429005001", "primary", "public", "urban", "open"),
    "2142005010": ("潜江市育才路小学", "FJ429005001", "primary", "public", "urban", "open"),
    "2142005011": ("潜江市兴盛路小学", "FJ429005001", "primary", "public", "urban", "planned"),
    "1142005101": (None, "FJ429005001", "kindergarten", "private", "urban", "open"),
    "3142005010": ("潜江市莫市中学", "XQ429005100", "junior", "public", "rural", "open"),
    "1142005010": ("潜江市浩口镇公办幼儿园", "XQ429005106", "kindergarten", "public", "town", "planned"),
    "2142005101": ("潜江市浩口镇中心小学", "XQ429005106", "primary", "public", "town", "open"),
    "2142005102": (None, "XQ429005106", "primary", "public", "rural", "open"),
}

SMALL_USERS = {
    # username: (role, codes of the units of its memberships)
    "admin": (Role.SYSADMIN, {"429005"}),
    "leader": (Role.LEADER, {"429005"}),
    "jcjyk": (Role.SECTION_STAFF, {"KS03"}),
    "dds": (Role.SECTION_STAFF, {"KS07"}),
    "jky": (Role.SECTION_STAFF, {"JZ01"}),
    "ylfj": (Role.DISTRICT_ADMIN, {"FJ429005001"}),
    "xq_zhugentan": (Role.DISTRICT_ADMIN, {"XQ429005100"}),
    "xq_haokou": (Role.DISTRICT_ADMIN, {"XQ429005106"}),
    "qjzx": (Role.SCHOOL_ADMIN, {"3442005001"}),
    "cyzx": (Role.SCHOOL_ADMIN, {"3442005004"}),
    "yl6x": (Role.SCHOOL_ADMIN, {"2142005006"}),
    "yclxx": (Role.SCHOOL_ADMIN, {"2142005010"}),
    "xslxx": (Role.SCHOOL_ADMIN, {"2142005011"}),
    "mszx": (Role.SCHOOL_ADMIN, {"3142005010"}),
    "hkyey": (Role.SCHOOL_ADMIN, {"1142005010"}),
    "duxue1": (Role.INSPECTOR, {"2142005006", "3142005010"}),
    "duxue2": (Role.INSPECTOR, {"2142005010", "3442005001", "1142005010"}),
    "xinli_yl6x": (Role.PSYCHOLOGIST, {"2142005006"}),
    "xinli_mszx": (Role.PSYCHOLOGIST, {"3142005010"}),
    "xinli_qjzx": (Role.PSYCHOLOGIST, {"3442005001"}),
}


def _snapshot() -> dict:
    """Everything the demo writes, as comparable values (timestamps included)."""
    return {
        "units": list(OrgUnit.objects.order_by("code").values_list(
            "code", "path", "name", "kind", "level", "division_code", "sort_order", "updated_at")),
        "profiles": list(SchoolProfile.objects.order_by("school_code").values_list(
            "school_code", "org_unit__code", "stage", "ownership", "is_puhui", "locality", "is_boarding",
            "status", "address", "principal", "updated_at")),
        "users": list(User.objects.order_by("username").values_list(
            "username", "full_name", "password", "is_staff", "is_superuser", "is_active")),
        "memberships": sorted(Membership.objects.values_list("user__username", "org_unit__code", "role")),
        "audit_rows": AuditLog.objects.count(),
        "plan_rows": (
            list(WorkPlan.objects.values_list("pk", "status", "updated_at")), PlanItem.objects.count(),
            list(Task.objects.order_by("pk").values_list("pk", "updated_at")), TaskUnit.objects.count(),
            Milestone.objects.count(), list(ProgressReport.objects.order_by("pk").values_list("pk", "updated_at")),
            list(SupervisionNotice.objects.order_by("pk").values_list("pk", "updated_at")),
        ),
    }


@pytest.mark.django_db
def test_small_scale_has_exactly_the_documented_units():
    result = build_demo_city(seed=1, scale="small")

    kinds = dict(Counter(OrgUnit.objects.values_list("kind", flat=True)))
    assert kinds == {
        "city": 1, "sub_bureau": 1, "district": 2, "section": 2, "bureau_unit": 1, "school": 10, "campus": 1,
    }
    assert (result.units_created, result.units_updated, result.schools_created) == (18, 0, 10)
    assert set(OrgUnit.objects.filter(kind__in=["district", "sub_bureau", "section", "bureau_unit"])
               .values_list("code", "name")) == {
        ("FJ429005001", "园林分局"), ("XQ429005100", "竹根滩镇学区"), ("XQ429005106", "浩口镇学区"),
        ("KS03", "基础教育科"), ("KS07", "督导室"), ("JZ01", "潜江市教育科学研究院"),
    }
    campus = OrgUnit.objects.get(kind="campus")
    assert (campus.code, campus.name, campus.parent.code) == (CAMPUS_CODE, "潜江市曹禺中学泰丰校区", "3442005004")


@pytest.mark.django_db
def test_small_scale_schools_have_the_documented_profiles():
    build_demo_city(seed=1, scale="small")

    profiles = SchoolProfile.objects.select_related("org_unit__parent")
    actual = {
        p.school_code: (p.org_unit.name, p.org_unit.parent.code, p.stage, p.ownership, p.locality, p.status)
        for p in profiles
    }
    assert actual.keys() == SMALL_SCHOOLS.keys()
    for code, (name, *rest) in SMALL_SCHOOLS.items():
        assert tuple(actual[code][1:]) == tuple(rest), code
        if name is not None:
            assert actual[code][0] == name
    assert SchoolProfile.objects.get(school_code="1142005101").is_puhui is True
    assert actual["2142005102"][0].startswith("潜江市浩口镇")


@pytest.mark.django_db
def test_small_scale_has_the_documented_users():
    result = build_demo_city(seed=1, scale="small")

    actual: dict[str, tuple] = {}
    for username, role, code in Membership.objects.values_list("user__username", "role", "org_unit__code"):
        actual.setdefault(username, (role, set()))[1].add(code)
    assert actual == SMALL_USERS
    assert (result.users_created, result.users_total, result.memberships_created) == (20, 20, 23)
    assert User.objects.count() == 20
    assert AuditLog.objects.filter(action="grant", object_type="accounts.Membership").count() == 23


@pytest.mark.django_db
def test_demo_users_sign_in_with_the_demo_password():
    build_demo_city(seed=1, scale="small")

    admin, yl6x = User.objects.get(username="admin"), User.objects.get(username="yl6x")
    assert (admin.is_staff, admin.is_superuser) == (True, True)
    assert (yl6x.is_staff, yl6x.is_superuser) == (False, False)
    assert yl6x.check_password(DEMO_PASSWORD)
    assert len(set(User.objects.values_list("password", flat=True))) == 1
    assert all(name for name in User.objects.values_list("full_name", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("scale", ["small", "full"])
@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_demo_user(scale, role):
    build_demo_city(seed=1, scale=scale)

    assert Membership.objects.filter(role=role, user__password=User.objects.get(username="admin").password).exists()


@pytest.mark.django_db
def test_full_scale_has_a_district_for_every_2023_division_and_the_sub_bureau():
    build_demo_city(seed=1, scale="full")

    expected = {
        (f"XQ{d.code}", f"{d.name}学区", d.code) for d in qianjiang_divisions()
        if d.in_2023_data and d.code != "429005001"
    }
    districts = OrgUnit.objects.filter(kind="district")
    assert set(districts.values_list("code", "name", "division_code")) == expected
    assert len(expected) == 23
    assert list(OrgUnit.objects.filter(kind="sub_bureau").values_list("code", "name", "division_code")) == [
        ("FJ429005001", "园林分局", "429005001"),
    ]
    by_sort_order = districts.order_by("sort_order").values_list("division_code", flat=True)
    assert list(by_sort_order) == sorted(by_sort_order)
    assert OrgUnit.objects.get(code="429005").division_code == ""


@pytest.mark.django_db
@pytest.mark.parametrize(("short_name", "name", "kind", "stage", "parent_code"), [
    ("园林六小", "潜江市园林第六小学", "school", "primary", "FJ429005001"),
    ("育才路小学", "潜江市育才路小学", "school", "primary", "FJ429005001"),
    ("兴盛路小学", "潜江市兴盛路小学", "school", "primary", "FJ429005001"),
    ("莫市中学", "潜江市莫市中学", "school", "junior", "XQ429005100"),
    ("曹禺中学泰丰校区", "潜江市曹禺中学泰丰校区", "campus", None, "3442005004"),
    ("潜江中学", "潜江中学", "school", "senior", "429005"),
    ("浩口公办幼儿园", "潜江市浩口镇公办幼儿园", "school", "kindergarten", "XQ429005106"),
    ("职教中心", "潜江市职业教育中心", "school", "vocational", "429005"),
    ("特殊教育学校", "潜江市特殊教育学校", "school", "special", "429005"),
    ("潜江开放大学", "潜江开放大学", "school", "open_university", "429005"),
])
def test_full_scale_has_every_school_the_plan_names(short_name, name, kind, stage, parent_code):
    build_demo_city(seed=1, scale="full")

    unit = OrgUnit.objects.select_related("parent").get(code=NAMED_SCHOOLS[short_name])
    assert (unit.name, unit.kind, unit.parent.code) == (name, kind, parent_code)
    if stage is not None:
        assert unit.school_profile.stage == stage
    assert len(NAMED_SCHOOLS) == 10


@pytest.mark.django_db
def test_full_scale_seed_1_school_counts():
    result = build_demo_city(seed=1, scale="full")

    stages = dict(Counter(SchoolProfile.objects.values_list("stage", flat=True)))
    assert stages == SEED1_FULL_STAGES
    assert SchoolProfile.objects.count() == result.schools_total == SEED1_FULL_SCHOOLS
    assert 280 <= SEED1_FULL_SCHOOLS <= 320
    assert dict(Counter(OrgUnit.objects.values_list("kind", flat=True))) == {
        "city": 1, "sub_bureau": 1, "district": 23, "section": 10, "bureau_unit": 5,
        "school": SEED1_FULL_SCHOOLS, "campus": 1,
    }
    kindergartens = SchoolProfile.objects.filter(stage="kindergarten")
    assert kindergartens.filter(ownership="public").count() == 66
    assert kindergartens.filter(ownership="private", is_puhui=True).count() == 57
    assert not SchoolProfile.objects.filter(ownership="public", is_puhui=True).exists()


@pytest.mark.django_db
def test_full_scale_codes_and_paths_are_valid():
    build_demo_city(seed=1, scale="full")

    for profile in SchoolProfile.objects.select_related("org_unit"):
        validate_school_code(profile.school_code)
        assert profile.school_code == profile.org_unit.code
        assert profile.school_code[:2] in STAGE_SCHOOL_TYPES[profile.stage]
        assert profile.school_code[2:4] == "42"
        profile.full_clean()
    for unit in OrgUnit.objects.select_related("parent"):
        assert (unit.path, unit.level) == build_path(unit.parent, unit.code)


@pytest.mark.django_db
def test_full_scale_localities_follow_the_area():
    build_demo_city(seed=1, scale="full")

    yuanlin = SchoolProfile.objects.filter(org_unit__parent__code="FJ429005001")
    assert set(yuanlin.values_list("locality", flat=True)) == {"urban"}
    village = SchoolProfile.objects.filter(org_unit__name__regex=r"(村|教学点)$|[^心]小学$", locality="rural")
    assert village.filter(stage="primary").exists()
    rural_secondary = SchoolProfile.objects.filter(locality="rural", stage__in=["junior", "nine_year"])
    assert rural_secondary.filter(is_boarding=True).count() > rural_secondary.count() / 2
    for district in OrgUnit.objects.filter(kind="district", division_code__startswith="4290051"):
        names = set(district.children.values_list("name", flat=True))
        place = district.name.removesuffix("学区")
        assert {f"潜江市{place}中心小学", f"潜江市{place}初级中学", f"潜江市{place}中心幼儿园"} <= names


@pytest.mark.django_db
def test_rerun_with_the_same_seed_changes_nothing():
    build_demo_city(seed=1, scale="full")
    before = _snapshot()

    result = build_demo_city(seed=1, scale="full")

    assert _snapshot() == before
    changes = (result.units_created, result.units_updated, result.schools_created, result.schools_updated,
               result.users_created, result.users_updated, result.memberships_created)
    assert changes == (0, 0, 0, 0, 0, 0, 0)
    assert result.plan.created is False
    assert OrgUnit.objects.count() == len({c for c, *_ in before["units"]})
    assert WorkPlan.objects.count() == 1 and ProgressReport.objects.count() == result.plan.reports > 0


def test_the_tree_is_deterministic_per_seed():
    first, again, other = full_tree(1), full_tree(1), full_tree(2)

    assert first == again
    assert [u.name for u in first] != [u.name for u in other]
    assert len({u.code for u in first}) == len(first)


@pytest.mark.django_db
def test_full_build_is_set_wise(django_assert_max_num_queries):
    # The city takes under 50 queries, its 2024 plan under 60 (test_plan_demo); a rerun only reads.
    with django_assert_max_num_queries(110):
        build_demo_city(seed=1, scale="full")
    with django_assert_max_num_queries(30):
        build_demo_city(seed=1, scale="full")


@pytest.mark.django_db
def test_an_invalid_scale_is_refused_and_writes_nothing():
    with pytest.raises(CommandError) as exc:
        call_command("demo_city", "--scale", "huge", stdout=StringIO())
    with pytest.raises(ApplicationError):
        build_demo_city(seed=1, scale="huge")

    assert str(exc.value) == DEMO_SCALE_INVALID.format(scale="huge")
    assert str(exc.value).startswith("规模参数“huge”无效")
    assert (OrgUnit.objects.count(), User.objects.count(), AuditLog.objects.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_command_builds_and_prints_the_logins():
    out = StringIO()

    call_command("demo_city", "--seed", "1", "--scale", "small", stdout=out)

    text = out.getvalue()
    assert "示范城市“潜江市”已生成(随机种子 1,规模:精简)" in text
    assert "学校 10 所(本次新增 10 所,更新 0 所)" in text
    assert f"密码均为 {DEMO_PASSWORD}" in text
    assert DEMO_URL in text
    assert all(username in text for username in SMALL_USERS)
    assert SchoolProfile.objects.count() == 10


@pytest.mark.django_db
def test_command_if_empty_skips_a_filled_database_and_lists_its_logins():
    build_demo_city(seed=1, scale="small")
    before = _snapshot()
    out = StringIO()

    call_command("demo_city", "--if-empty", stdout=out)  # full scale would add ~290 schools

    text = out.getvalue()
    assert text.startswith(DEMO_SKIPPED)
    assert "yl6x" in text and "潜江市园林第六小学" in text and DEMO_URL in text
    assert "潜江中学等3个单位" in text  # duxue2's schools
    assert _snapshot() == before


@pytest.mark.django_db
def test_command_if_empty_builds_an_empty_database():
    out = StringIO()

    call_command("demo_city", "--if-empty", "--scale", "small", stdout=out)

    assert DEMO_SKIPPED not in out.getvalue()
    assert SchoolProfile.objects.count() == 10
