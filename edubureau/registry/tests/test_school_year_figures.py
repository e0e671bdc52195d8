"""orgs.SchoolYearFigures: one row per school and year, no negative figures, teaching area within the building."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from edubureau.core.schoolyears import SCHOOL_YEAR_FORMAT
from edubureau.orgs.models import NOT_A_SCHOOL, TEACHING_AREA_OVER_BUILDING, SchoolYearFigures
from edubureau.orgs.tests.factories import DistrictFactory
from edubureau.registry.tests.factories import SchoolYearFiguresFactory

pytestmark = pytest.mark.django_db

DECIMALS = ("building_area", "teaching_area", "sports_area", "equipment_value", "public_budget_spending")
COUNTS = ("enrolment", "networked_multimedia_classrooms", "student_computers", "teacher_computers", "security_guards")


def assert_rejected_by_database(make) -> None:
    before = SchoolYearFigures.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        make()
    assert SchoolYearFigures.objects.count() == before


def test_one_row_per_school_and_school_year():
    figures = SchoolYearFiguresFactory(school_year="2024-2025")
    SchoolYearFiguresFactory(school=figures.school, school_year="2023-2024")
    assert_rejected_by_database(lambda: SchoolYearFiguresFactory(school=figures.school, school_year="2024-2025"))
    assert list(figures.school.year_figures.values_list("school_year", flat=True)) == ["2023-2024", "2024-2025"]


@pytest.mark.parametrize("field", DECIMALS + COUNTS)
def test_negative_figures_are_refused_by_the_database(field):
    assert_rejected_by_database(lambda: SchoolYearFiguresFactory(**{field: -1}))


def test_teaching_area_cannot_exceed_building_area():
    SchoolYearFiguresFactory(building_area=Decimal("5000"), teaching_area=Decimal("5000"))
    assert_rejected_by_database(
        lambda: SchoolYearFiguresFactory(building_area=Decimal("5000"), teaching_area=Decimal("5000.01")),
    )


@pytest.mark.parametrize("school_year", ["2024/2025", "2024", "2024-25"])
def test_school_year_shape_is_checked_by_the_database(school_year):
    assert_rejected_by_database(lambda: SchoolYearFiguresFactory(school_year=school_year))


def test_clean_messages():
    figures = SchoolYearFiguresFactory.build(
        school=DistrictFactory(name="熊口镇学区"), school_year="2024-2026",
        building_area=Decimal("100"), teaching_area=Decimal("120"), sports_area=Decimal("-1"),
    )
    with pytest.raises(ValidationError) as info:
        figures.full_clean()
    errors = info.value.error_dict
    assert sorted(errors) == ["school", "school_year", "sports_area", "teaching_area"]
    assert errors["school"][0].messages == [NOT_A_SCHOOL.format(name="熊口镇学区")]
    assert errors["school_year"][0].messages == [SCHOOL_YEAR_FORMAT]
    assert errors["teaching_area"][0].messages == [TEACHING_AREA_OVER_BUILDING]
    assert errors["sports_area"][0].code == "min_value"


def test_a_complete_row_is_valid_and_reads_back_exactly():
    figures = SchoolYearFiguresFactory(equipment_value=Decimal("260.1234"))
    figures.full_clean()
    stored = SchoolYearFigures.objects.get()
    assert (stored.equipment_value, stored.teaching_area, stored.enrolment) == (
        Decimal("260.1234"), Decimal("5600.00"), 1200,
    )
    assert str(stored) == f"{figures.school.name} 2024-2025学年"
