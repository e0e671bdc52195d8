"""Registry reads: scope, every filter, search by name and by the keyed hash of an ID, class sizes."""
import pytest
from django.contrib.auth.models import Permission

from edubureau.accounts.models import User
from edubureau.accounts.roles import SensitivePerm
from edubureau.registry.choices import (
    BackboneLevel, DisabilityCategory, DisabilityLevel, Grade, PostType, ProfessionalTitle, Qualification, Sex,
    StudentStatus,
)
from edubureau.registry.models import Student, Teacher
from edubureau.registry.selectors import (
    BACKBONE_ANY, BACKBONE_NONE, LARGE_CLASS_MIN, OVERSIZED_CLASS_MIN, ClassFilters, SizeBand, StudentFilters,
    TeacherFilters, class_choices, class_list, class_students, school_choices, school_year_choices, size_label,
    student_list, teacher_list,
)
from edubureau.registry.tests.factories import ClassGroupFactory, StudentFactory, TeacherFactory
from tests.world import NO_ID_STUDENT, REGISTRY_STUDENTS, REGISTRY_TEACHERS

# Students and staff of the registry world by school key (tests/world.py).
SCHOOL_OF = {key: school for key, (school, *_) in {**REGISTRY_STUDENTS, **REGISTRY_TEACHERS}.items()}
CITY_C_SCHOOLS = {"A1", "A2", "B1", "CS"}
SCHOOLS_SEEN = {
    "norole": set(), "sysadmin": CITY_C_SCHOOLS, "leader": CITY_C_SCHOOLS, "section_staff": CITY_C_SCHOOLS,
    "district_admin": {"A1", "A2"}, "school_admin": {"A1"}, "inspector": {"A2", "B1"}, "psychologist": {"A1"},
    "superuser": CITY_C_SCHOOLS | {"X1"},
}


def fresh(world, role_key: str) -> User:
    """The world user re-read, so that no scope or permission cache is carried over."""
    return User.objects.get(pk=world.users[role_key].pk)


def granted(user: User, perm: SensitivePerm) -> User:
    user.user_permissions.add(Permission.objects.get(content_type__app_label="accounts", codename=perm.codename))
    return User.objects.get(pk=user.pk)


def student_keys(registry, rows) -> list[str]:
    by_pk = {s.pk: k for k, s in registry.students.items()}
    return [by_pk[s.pk] for s in rows]


def teacher_keys(registry, rows) -> list[str]:
    by_pk = {t.pk: k for k, t in registry.teachers.items()}
    return [by_pk[t.pk] for t in rows]


def students(world, registry, role="sysadmin", user=None, **filters) -> set[str]:
    rows = student_list(fetched_by=user or fresh(world, role), filters=StudentFilters(**filters))
    return set(student_keys(registry, rows))


def teachers(world, registry, role="sysadmin", **filters) -> set[str]:
    rows = teacher_list(fetched_by=fresh(world, role), filters=TeacherFilters(**filters))
    return set(teacher_keys(registry, rows))


# ---- scope ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", sorted(SCHOOLS_SEEN))
def test_lists_hold_exactly_the_records_of_schools_in_scope(world, registry_world, role):
    seen = SCHOOLS_SEEN[role]
    assert students(world, registry_world, role) == {k for k in REGISTRY_STUDENTS if SCHOOL_OF[k] in seen}
    assert teachers(world, registry_world, role) == {k for k in REGISTRY_TEACHERS if SCHOOL_OF[k] in seen}
    classes = class_list(fetched_by=fresh(world, role))
    assert {c.pk for c in classes} == {c.pk for c in registry_world.classes.values() if c.school.name in
                                       {world.name(s) for s in seen}}
    assert {u.pk for u in school_choices(fetched_by=fresh(world, role))} == {world.units[k].pk for k in seen}


def test_filtering_on_a_school_out_of_scope_finds_nothing(world, registry_world):
    assert students(world, registry_world, "school_admin", school=world.units["B1"].pk) == set()
    assert teachers(world, registry_world, "school_admin", school=world.units["X1"].pk) == set()
    assert list(class_choices(fetched_by=fresh(world, "school_admin"), school_id=world.units["B1"].pk)) == []


def test_student_list_orders_by_school_then_grade_and_class(world, registry_world):
    second = ClassGroupFactory(school=world.units["A1"], grade=Grade.G2, name="1班")
    StudentFactory(class_group=second, name="安然")
    StudentFactory(class_group=registry_world.classes["CA1"], name="白雪")
    StudentFactory(school=world.units["A1"], class_group=None, name="未分班")
    rows = list(student_list(fetched_by=fresh(world, "school_admin")))
    # (Names are ordered too, but by the database's collation, which differs between SQLite and PostgreSQL.)
    assert [{s.name for s in rows[:3]}, rows[3].name, rows[4].name] == [{"林晓雨", "高子轩", "白雪"}, "安然", "未分班"]


# ---- student filters --------------------------------------------------------------------------------

@pytest.fixture
def a1_students(world, registry_world):
    """Beside the world's 林晓雨 (girl) and 高子轩 (boy) in A1's 一年级1班: four more with flags."""
    group = registry_world.classes["CA1"]
    older = ClassGroupFactory(school=world.units["A1"], grade=Grade.G3, name="1班")
    made = {
        "left": StudentFactory(class_group=group, name="留守甲", is_left_behind=True, sex=Sex.MALE),
        "boarder": StudentFactory(class_group=older, name="住校乙", is_boarding=True, sex=Sex.FEMALE),
        "disabled": StudentFactory(class_group=older, name="随班丙", disability_category=DisabilityCategory.HEARING,
                                   disability_level=DisabilityLevel.LEVEL_3, sex=Sex.MALE),
        "gone": StudentFactory(class_group=group, name="转出丁", status=StudentStatus.TRANSFERRED_OUT,
                               sex=Sex.FEMALE),
    }
    return {**{k: registry_world.students[k] for k in ("SA1", "SA2")}, **made, "older": older}


def a1(world, filters_user=None, **filters) -> set[str]:
    rows = student_list(fetched_by=filters_user or fresh(world, "school_admin"), filters=StudentFilters(**filters))
    return {s.name for s in rows}


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, {"林晓雨", "高子轩", "留守甲", "住校乙", "随班丙", "转出丁"}),
    ({"grade": Grade.G3}, {"住校乙", "随班丙"}),
    ({"grade": Grade.G1}, {"林晓雨", "高子轩", "留守甲", "转出丁"}),
    ({"grade": Grade.G2}, set()),
    ({"status": StudentStatus.TRANSFERRED_OUT}, {"转出丁"}),
    ({"status": StudentStatus.IN_SCHOOL}, {"林晓雨", "高子轩", "留守甲", "住校乙", "随班丙"}),
    ({"sex": Sex.FEMALE}, {"林晓雨", "住校乙", "转出丁"}),
    ({"left_behind": True}, {"留守甲"}),
    ({"left_behind": False}, {"林晓雨", "高子轩", "住校乙", "随班丙", "转出丁"}),
    ({"boarding": True}, {"住校乙"}),
    ({"boarding": True, "sex": Sex.MALE}, set()),
    ({"q": "丙"}, {"随班丙"}),
    ({"q": "晓"}, {"林晓雨"}),
])
def test_student_filters(world, a1_students, filters, expected):
    assert a1(world, **filters) == expected


def test_student_class_filter(world, a1_students):
    assert a1(world, class_group=a1_students["older"].pk) == {"住校乙", "随班丙"}


def test_disability_filter_needs_the_sensitive_permission(world, a1_students):
    plain = fresh(world, "school_admin")
    assert a1(world, plain, disability=True) == a1(world, plain)  # ignored without the permission
    holder = granted(world.users["school_admin"], SensitivePerm.VIEW_DISABILITY)
    assert a1(world, holder, disability=True) == {"随班丙"}
    assert a1(world, holder, disability=False) == {"林晓雨", "高子轩", "留守甲", "住校乙", "转出丁"}


# ---- search by identity number and 学籍号 -------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("429005201703150021", {"SA1"}),
    (" 4290 0520 1703 1500 21 ", {"SA1"}),  # spaces are dropped
    ("４２９００５２０１７０３１５００２１", {"SA1"}),  # full-width digits
    ("G429005201703150021", {"SA1"}),  # the G 学籍号 of the same girl
    ("g429005201703150021", {"SA1"}),
    ("429005201703150022", set()),  # one digit off: an exact lookup, no near matches
    ("42900520170315", set()),  # a part of a number matches nothing (nor any name)
    ("429005201205200065", {"SC1"}),
    ("429004200809090038", set()),  # 宋佳豪 of 仙桃 is out of a 潜江 user's scope
])
def test_student_search_by_identity_number_and_xuejihao(world, registry_world, query, expected):
    assert students(world, registry_world, q=query) == expected


def test_student_search_by_temporary_xuejihao(world, registry_world):
    assert NO_ID_STUDENT["xuejihao"] == "L429005201706010017"  # 高子轩 has no identity number
    assert students(world, registry_world, q="l429005201706010017") == {"SA2"}
    assert students(world, registry_world, q="L42900520170601001") == set()


def test_search_by_id_goes_through_the_hash_column(world, registry_world):
    rows = student_list(fetched_by=fresh(world, "superuser"), filters=StudentFilters(q="429005201703150021"))
    sql = str(rows.query)
    assert "id_number_hash" in sql and "429005201703150021" not in sql


@pytest.mark.parametrize(("query", "expected"), [
    ("42900519750606001X", {"TA2"}),
    ("42900519750606001x", {"TA2"}),  # lowercase check digit
    ("沈", {"TA2"}),
    ("429005198002140029", {"TA1"}),
    ("429005198002140029 ", {"TA1"}),
    ("G429005198002140029", set()),  # staff have no 学籍号; and it is no name
])
def test_teacher_search(world, registry_world, query, expected):
    assert teachers(world, registry_world, q=query) == expected


# ---- teacher filters --------------------------------------------------------------------------------

@pytest.fixture
def b1_staff(world, registry_world):
    """B1 has the world's 曹丽娟 (专任教师, 一级, 本科) and four more."""
    b1 = world.units["B1"]
    TeacherFactory(school=b1, name="心理甲", is_fulltime_psychology=True, backbone_level=BackboneLevel.COUNTY)
    TeacherFactory(school=b1, name="体育乙", is_fulltime_pe=True, professional_title=ProfessionalTitle.SENIOR,
                   backbone_level=BackboneLevel.PROVINCE, highest_qualification=Qualification.MASTER)
    TeacherFactory(school=b1, name="艺术丙", is_fulltime_arts=True, is_fulltime_ideology=True,
                   professional_title=ProfessionalTitle.SECOND, highest_qualification=Qualification.ASSOCIATE)
    TeacherFactory(school=b1, name="工勤丁", post_type=PostType.WORKER, professional_title=ProfessionalTitle.UNRATED,
                   highest_qualification=Qualification.SENIOR_SECONDARY)


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, {"曹丽娟", "心理甲", "体育乙", "艺术丙", "工勤丁"}),
    ({"post_type": PostType.WORKER}, {"工勤丁"}),
    ({"post_type": PostType.FULLTIME_TEACHER}, {"曹丽娟", "心理甲", "体育乙", "艺术丙"}),
    ({"professional_title": ProfessionalTitle.SENIOR}, {"体育乙"}),
    ({"professional_title": ProfessionalTitle.FIRST}, {"曹丽娟", "心理甲"}),
    ({"highest_qualification": Qualification.ASSOCIATE}, {"艺术丙"}),
    ({"highest_qualification": Qualification.BACHELOR}, {"曹丽娟", "心理甲"}),
    ({"backbone_level": BACKBONE_ANY}, {"心理甲", "体育乙"}),
    ({"backbone_level": BACKBONE_NONE}, {"曹丽娟", "艺术丙", "工勤丁"}),
    ({"backbone_level": BackboneLevel.PROVINCE}, {"体育乙"}),
    ({"backbone_level": BackboneLevel.NATIONAL}, set()),
    ({"fulltime_psychology": True}, {"心理甲"}),
    ({"fulltime_pe": True}, {"体育乙"}),
    ({"fulltime_arts": True}, {"艺术丙"}),
    ({"fulltime_ideology": True}, {"艺术丙"}),
    ({"fulltime_ideology": False}, {"曹丽娟", "心理甲", "体育乙", "工勤丁"}),
    ({"fulltime_arts": True, "fulltime_pe": True}, set()),
])
def test_teacher_filters(world, b1_staff, filters, expected):
    rows = teacher_list(fetched_by=fresh(world, "inspector"), filters=TeacherFilters(school=world.units["B1"].pk,
                                                                                         **filters))
    assert {t.name for t in rows} == expected


# ---- classes and their size ------------------------------------------------------------------------

def class_of_size(school, name: str, size: int, *, away: int = 0):
    """A class with `size` students in school and `away` transferred out (who do not count)."""
    group = ClassGroupFactory(school=school, grade=Grade.G5, name=name)
    StudentFactory.create_batch(size, class_group=group)
    StudentFactory.create_batch(away, class_group=group, status=StudentStatus.TRANSFERRED_OUT)
    return group


@pytest.fixture
def sized(world, registry_world):
    a2 = world.units["A2"]
    return {
        55: class_of_size(a2, "55人班", LARGE_CLASS_MIN - 1, away=3),
        56: class_of_size(a2, "56人班", LARGE_CLASS_MIN),
        65: class_of_size(a2, "65人班", OVERSIZED_CLASS_MIN - 1),
        66: class_of_size(a2, "66人班", OVERSIZED_CLASS_MIN),
    }


def test_thresholds_are_those_of_the_reference():
    # /work/shared/reference/indicators.md §1: 大班额 56 or more, 超大班额 66 or more.
    assert (LARGE_CLASS_MIN, OVERSIZED_CLASS_MIN) == (56, 66)
    assert [size_label(n) for n in (None, 0, 55, 56, 65, 66, 80)] == ["", "", "", "大班额", "大班额", "超大班额",
                                                                     "超大班额"]


def test_class_size_counts_students_in_school(world, sized, registry_world):
    rows = class_list(fetched_by=fresh(world, "district_admin"), filters=ClassFilters(school=world.units["A2"].pk))
    assert {c.name: c.size for c in rows} == {"55人班": 55, "56人班": 56, "65人班": 65, "66人班": 66, "2班": 1}


@pytest.mark.parametrize(("band", "expected"), [
    (SizeBand.UP_TO_55, {"55人班", "2班"}),
    (SizeBand.LARGE, {"56人班", "65人班", "66人班"}),
    (SizeBand.LARGE_NOT_OVERSIZED, {"56人班", "65人班"}),
    (SizeBand.OVERSIZED, {"66人班"}),
    ("", {"55人班", "56人班", "65人班", "66人班", "2班"}),
    ("no-such-band", {"55人班", "56人班", "65人班", "66人班", "2班"}),
])
def test_class_size_bands(world, sized, band, expected):
    rows = class_list(fetched_by=fresh(world, "district_admin"),
                      filters=ClassFilters(school=world.units["A2"].pk, size_band=band))
    assert {c.name for c in rows} == expected


def test_class_filters_year_and_grade(world, registry_world):
    a1 = world.units["A1"]
    ClassGroupFactory(school=a1, school_year="2023-2024", grade=Grade.G1, name="1班")
    ClassGroupFactory(school=a1, school_year="2024-2025", grade=Grade.G2, name="1班")
    user = fresh(world, "school_admin")

    def listed(**filters):
        return [(c.school_year, c.grade, c.name) for c in class_list(fetched_by=user, filters=ClassFilters(**filters))]

    assert listed() == [("2024-2025", 1, "1班"), ("2024-2025", 2, "1班"), ("2023-2024", 1, "1班")]
    assert listed(school_year="2023-2024") == [("2023-2024", 1, "1班")]
    assert listed(grade=Grade.G1) == [("2024-2025", 1, "1班"), ("2023-2024", 1, "1班")]
    assert listed(school_year="2023-2024", grade=Grade.G2) == []
    assert school_year_choices(fetched_by=user) == ["2024-2025", "2023-2024"]
    assert school_year_choices(fetched_by=fresh(world, "norole")) == []


def test_class_students_lists_those_in_school_first(world, registry_world):
    group = registry_world.classes["CA1"]
    StudentFactory(class_group=group, name="阿毕业", status=StudentStatus.GRADUATED)
    rows = class_students(fetched_by=fresh(world, "school_admin"), class_group=group)
    assert [{s.name for s in rows[:2]}, rows[2].name] == [{"林晓雨", "高子轩"}, "阿毕业"]
    assert list(class_students(fetched_by=fresh(world, "inspector"), class_group=group)) == []


# ---- query shape ------------------------------------------------------------------------------------

def test_lists_fetch_their_related_rows_in_the_same_query(world, registry_world, django_assert_num_queries):
    user = fresh(world, "superuser")
    user_scope = list(school_choices(fetched_by=user))  # caches the scope prefixes on the user
    assert user_scope
    with django_assert_num_queries(1):
        assert [(s.school.name, s.class_group and s.class_group.name) for s in student_list(fetched_by=user)]
    with django_assert_num_queries(1):
        assert [t.school.name for t in teacher_list(fetched_by=user)]
    with django_assert_num_queries(1):
        assert [(c.school.name, c.size) for c in class_list(fetched_by=user)]


def test_no_row_is_left_out_by_a_join(world, registry_world):
    # Students without a class (潜江市特殊教育学校) are listed: the class join is an outer join.
    assert students(world, registry_world, "sysadmin", school=world.units["CS"].pk) == {"SC1"}
    assert Student.objects.count() == len(REGISTRY_STUDENTS) and Teacher.objects.count() == len(REGISTRY_TEACHERS)
