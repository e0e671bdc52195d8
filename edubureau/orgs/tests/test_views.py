"""Query counts of the org pages are pinned and do not grow with the number of schools (no N+1)."""
import pytest
from django.urls import reverse

from edubureau.orgs.models import OrgKind
from edubureau.orgs.tests.factories import OrgUnitFactory, SchoolFactory

# Every page also reads the session and the user and saves the session (3 queries + 2 savepoints).
PAGES = [
    ("home", None, 9),
    ("orgs:tree", None, 8),
    ("orgs:school_list", None, 9),
    ("orgs:unit_detail", "C", 9),
    ("orgs:unit_detail", "D1", 10),
    ("orgs:school_detail", "A1", 13),  # + in-school students, staff, classes, yearly figures
]


def add_schools_and_campuses(world, n: int) -> None:
    for _ in range(n):
        SchoolFactory(parent=world.units["D1"])
        OrgUnitFactory(kind=OrgKind.CAMPUS, parent=world.units["A1"])


@pytest.mark.parametrize("extra", [0, 6])
@pytest.mark.parametrize(("name", "unit_key", "queries"), PAGES)
def test_page_query_count(world, client_as, django_assert_num_queries, name, unit_key, queries, extra):
    add_schools_and_campuses(world, extra)
    url = reverse(name, args=[world.units[unit_key].pk] if unit_key else [])
    client = client_as("superuser")
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_school_page_shows_its_registers_and_yearly_figures(world, client_as):
    from edubureau.registry.choices import StudentStatus
    from edubureau.registry.tests.factories import (
        ClassGroupFactory, SchoolYearFiguresFactory, StudentFactory, TeacherFactory,
    )

    school = world.units["A1"]
    group = ClassGroupFactory(school=school)
    StudentFactory.create_batch(3, school=school, class_group=group)
    StudentFactory(school=school, class_group=group, status=StudentStatus.DROPPED_OUT)
    TeacherFactory.create_batch(2, school=school)
    SchoolYearFiguresFactory(school=school, school_year="2023-2024", enrolment=401)
    SchoolYearFiguresFactory(school=school, school_year="2024-2025", enrolment=412)
    page = client_as("school_admin").get(reverse("orgs:school_detail", args=[school.pk])).content.decode()
    assert "在读学生</a> <strong>3</strong>" in page
    assert "教职工</a> <strong>2</strong>" in page and "班级</a> <strong>1</strong>" in page
    assert page.index("2024-2025") < page.index("2023-2024")  # newest first
    assert '<td class="num">412</td>' in page and '<td class="num">401</td>' in page
