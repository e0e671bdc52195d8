"""From a school's figure to the records behind it: the one place that maps drill keys to pages.

Each built-in names the records behind its figure with a drill key (definitions.BuiltIn.drill, described
in definitions.DRILLS). RECORD_LINKS maps every key to the pages that list those records for one school:
the registry lists with their filters (the parameter names of registry/forms.py), or the school's page
with its yearly figures (facilities, security, funding) where no registry holds the records. Above a
school, the drill-down page itself lists the units beneath, down to the schools.
"""
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from edubureau.indicators.definitions import REGISTRY
from edubureau.indicators.models import Indicator
from edubureau.orgs.models import OrgUnit
from edubureau.registry.choices import STARTING_GRADES, Grade, StudentStatus
from edubureau.registry.models import ClassGroup
from edubureau.registry.selectors import LARGE_CLASS_MIN, OVERSIZED_CLASS_MIN, STARTING_GRADE_MAX, SizeBand


@dataclass(frozen=True)
class RecordLink:
    label: str
    url: str


RecordLinks = Callable[[OrgUnit, str], list[RecordLink]]


def drill_of(indicator: Indicator) -> str:
    builtin = REGISTRY.get(indicator.code)
    return builtin.drill if builtin else ""


def _query_url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def _classes(label: str, **filters) -> RecordLinks:
    """The school's classes of the school year under `filters` (registry class list)."""
    return lambda school, period: [RecordLink(label, _query_url("registry:class_list", school=school.pk,
                                                                school_year=period, **filters))]


def _teachers(*links: tuple[str, dict]) -> RecordLinks:
    """The school's staff under each link's filters (registry staff list; a register, not per year)."""
    return lambda school, period: [RecordLink(label, _query_url("registry:teacher_list", school=school.pk, **filters))
                                   for label, filters in links]


def _school_page(label: str) -> RecordLinks:
    """The school's page: its registers and its yearly figures (enrolment, facilities, security, funding)."""
    return lambda school, period: [RecordLink(label, reverse("orgs:school_detail", args=[school.pk]))]


def _starting_grades(school: OrgUnit, period: str) -> list[int]:
    grades = (ClassGroup.objects.filter(school=school, school_year=period, grade__in=STARTING_GRADES)
              .order_by("grade").values_list("grade", flat=True).distinct())
    return list(grades)


def _starting_over_50(school: OrgUnit, period: str) -> list[RecordLink]:
    """One link per starting grade the school has classes in (the class list filters one grade)."""
    return [RecordLink(f"{Grade(grade).label}班额超过{STARTING_GRADE_MAX}人的班级",
                       _query_url("registry:class_list", school=school.pk, school_year=period, grade=grade,
                                  size_band=SizeBand.OVER_50))
            for grade in _starting_grades(school, period)]


_LARGE = _classes(f"大班额({LARGE_CLASS_MIN}人及以上)的班级", size_band=SizeBand.LARGE)
_HUGE = _classes(f"超大班额({OVERSIZED_CLASS_MIN}人及以上)的班级", size_band=SizeBand.OVERSIZED)
_FIGURES = _school_page("学校基本情况和年度数据")
_SECURITY = _school_page("学校年度数据(安保情况)")
_PSYCH = _teachers(("专职心理健康教师", {"fulltime_psychology": 1}), ("全部教职工(含兼职)", {}))

RECORD_LINKS: dict[str, RecordLinks] = {
    "starting_over_50": _starting_over_50,
    "huge": _HUGE,
    "large_primary": _LARGE, "large_junior": _LARGE, "large_senior": _LARGE,
    "huge_primary": _HUGE, "huge_junior": _HUGE, "huge_senior": _HUGE,
    # "more than 55" is the registry's 大班额 band (56 and more)
    "senior_intake_over_55": _classes(f"高一班额超过{LARGE_CLASS_MIN - 1}人的班级", grade=Grade.G10,
                                      size_band=SizeBand.LARGE),
    "large_schools": lambda school, period: [
        RecordLink("在读学生名单", _query_url("registry:student_list", school=school.pk, status=StudentStatus.IN_SCHOOL)),
        *_FIGURES(school, period)],
    "kindergartens": _school_page("幼儿园基本情况(办园性质、普惠性、在园幼儿数)"),
    "school_values": _FIGURES,
    "cv_schools": _FIGURES,
    "balance_not_ok": _FIGURES,
    "no_guards": _SECURITY, "not_closed": _SECURITY, "not_linked": _SECURITY, "no_post": _SECURITY,
    "security_failing": _SECURITY,
    "spending_schools": _school_page("学校年度数据(教育经费、在校生数)"),
    "no_psych_teacher": _PSYCH,
    "no_fulltime_psych": _PSYCH,
    "ideology_teachers": _teachers(("专职思政课教师", {"fulltime_ideology": 1}), ("全部教职工(含兼职)", {})),
}


def record_links(*, indicator: Indicator, school: OrgUnit, period: str) -> list[RecordLink]:
    """Links to the pages listing the records behind a school's figure (the caller has checked scope)."""
    make = RECORD_LINKS.get(drill_of(indicator))
    return make(school, period) if make else []
