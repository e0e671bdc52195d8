"""make run's demo registry: the generated files go through the import pipeline, once."""
from io import StringIO

import pytest
from django.core.management import call_command

from edubureau.demo.registry_load import load_demo_registry
from edubureau.demo.services import build_demo_city
from edubureau.imports.models import ImportJob, ImportStatus
from edubureau.orgs.models import SchoolYearFigures
from edubureau.registry.models import ClassGroup, Student, Teacher


@pytest.mark.django_db
def test_the_small_demo_registry_is_imported_through_the_pipeline_once():
    build_demo_city(seed=1, scale="small")
    load = load_demo_registry(seed=1, scale="small")
    counts = load.files.counts
    assert [(job.kind, job.status, job.rows, job.created, job.created_by) for job in load.jobs] == [
        ("figures", ImportStatus.DONE, counts["figures"], counts["figures"], None),
        ("classes", ImportStatus.DONE, counts["classes"], counts["classes"], None),
        ("students", ImportStatus.DONE, counts["students"], counts["students"], None),
        ("teachers", ImportStatus.DONE, counts["teachers"], counts["teachers"], None),
    ]
    assert (SchoolYearFigures.objects.count(), ClassGroup.objects.count(), Student.objects.count(),
            Teacher.objects.count()) == (counts["figures"], counts["classes"], counts["students"], counts["teachers"])
    assert all(job.unit.code == "429005" or job.unit.parent_id is None for job in load.jobs)

    again = load_demo_registry(seed=1, scale="small")
    assert again.skipped and ImportJob.objects.count() == 4


@pytest.mark.django_db
def test_demo_city_prints_what_the_registry_load_did():
    out = StringIO()
    call_command("demo_city", "--scale", "small", stdout=out)
    text = out.getvalue()
    students = Student.objects.count()
    assert f"学生名册:{students} 行,新增 {students}" in text
    out = StringIO()
    call_command("demo_city", "--scale", "small", stdout=out)
    assert "学生等名册已有数据,本次未导入示范名册。" in out.getvalue()
    assert Student.objects.count() == students


@pytest.mark.django_db
def test_no_registry_leaves_the_registers_empty():
    call_command("demo_city", "--scale", "small", "--no-registry", stdout=StringIO())
    assert (Student.objects.count(), ImportJob.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_the_demo_load_computes_the_indicators_for_both_school_years():
    from edubureau.indicators.models import IndicatorValue
    from edubureau.orgs.models import OrgUnit

    build_demo_city(seed=1, scale="small")
    load_demo_registry(seed=1, scale="small")
    city = OrgUnit.objects.get(parent__isnull=True)
    periods = set(IndicatorValue.objects.filter(org_unit=city).values_list("period", flat=True))
    assert periods == {"2023-2024", "2024-2025"}
    classes = IndicatorValue.objects.get(org_unit=city, period="2024-2025", indicator__code="huge_classes")
    assert classes.denominator == ClassGroup.objects.filter(school__school_profile__stage__in=[
        "primary", "junior", "nine_year", "twelve_year", "senior"]).count()
