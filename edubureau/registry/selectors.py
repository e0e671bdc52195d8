"""Reads of the registries (students, teachers, classes). Every selector takes the actor and filters
through the scoping choke point (accounts.scoping.scoped, on the record's school path), so a list
never holds a row of a school outside the user's scope, whatever the filters say.

Search: a query that looks like an identity number (18 characters) or a 学籍号 (19) is looked up
exactly through the keyed hash (the numbers are stored encrypted and cannot be searched by part);
any other query matches names by substring.
"""
import re
from dataclasses import dataclass

from django.db.models import Case, F, Q, QuerySet, Value, When

from edubureau.accounts.roles import SensitivePerm
from edubureau.accounts.scoping import get_in_scope_or_404, scoped
from edubureau.core.idnumbers import id_hash, normalise_id_number, normalise_xuejihao, xuejihao_hash
from edubureau.orgs.models import OrgKind, OrgUnit
from edubureau.registry.choices import StudentStatus
from edubureau.registry.models import ClassGroup, Student, Teacher

SCHOOL_PATH = "school__path"

# 班额 thresholds of /work/shared/reference/indicators.md §1 ([V]: "66人以上的超大班额 … 56人以上的大班额";
# 国发〔2016〕40号). A class's size is its students in school (ClassGroup.with_size).
LARGE_CLASS_MIN = 56  # 大班额: 56 students or more (大班额比例 counts these, 超大班额 included)
OVERSIZED_CLASS_MIN = 66  # 超大班额: 66 students or more
# The 2024 plan's item 23: starting-grade classes of at most 50 (the indicators' drill-down lists those over it).
STARTING_GRADE_MAX = 50

# What a typed query must look like, once normalised, to be looked up through a hash.
_ID_LIKE = re.compile(r"[0-9]{17}[0-9X]")
_XUEJIHAO_LIKE = re.compile(r"[GJ][0-9]{17}[0-9X]|L[0-9]{18}")


class SizeBand:
    """The class-size bands of the class list's filter (values are what the URL carries)."""

    UP_TO_55 = "up_to_55"
    LARGE = "large"
    LARGE_NOT_OVERSIZED = "large_not_oversized"
    OVERSIZED = "oversized"
    OVER_50 = "over_50"

    CHOICES = [
        (UP_TO_55, f"{LARGE_CLASS_MIN - 1}人及以下"),
        (LARGE, f"大班额({LARGE_CLASS_MIN}人及以上)"),
        (LARGE_NOT_OVERSIZED, f"大班额但未超大({LARGE_CLASS_MIN}—{OVERSIZED_CLASS_MIN - 1}人)"),
        (OVERSIZED, f"超大班额({OVERSIZED_CLASS_MIN}人及以上)"),
        (OVER_50, f"超过{STARTING_GRADE_MAX}人(起始年级班额上限)"),
    ]
    LOOKUPS = {
        UP_TO_55: Q(size__lt=LARGE_CLASS_MIN),
        LARGE: Q(size__gte=LARGE_CLASS_MIN),
        LARGE_NOT_OVERSIZED: Q(size__gte=LARGE_CLASS_MIN, size__lt=OVERSIZED_CLASS_MIN),
        OVERSIZED: Q(size__gte=OVERSIZED_CLASS_MIN),
        OVER_50: Q(size__gt=STARTING_GRADE_MAX),
    }


def size_label(size: int | None) -> str:
    """"超大班额", "大班额" or "" for a class of `size` students in school."""
    if size is None:
        return ""
    if size >= OVERSIZED_CLASS_MIN:
        return "超大班额"
    return "大班额" if size >= LARGE_CLASS_MIN else ""


# ---- search ---------------------------------------------------------------------------------------

def _id_lookup(q: str) -> str | None:
    """The keyed hash of `q` if it looks like an identity number, else None."""
    number = normalise_id_number(q)
    return id_hash(number) if _ID_LIKE.fullmatch(number) else None


def _xuejihao_lookup(q: str) -> str | None:
    number = normalise_xuejihao(q)
    return xuejihao_hash(number) if _XUEJIHAO_LIKE.fullmatch(number) else None


def _student_search(qs: QuerySet[Student], q: str) -> QuerySet[Student]:
    if hashed := _id_lookup(q):
        return qs.filter(id_number_hash=hashed)
    if hashed := _xuejihao_lookup(q):
        return qs.filter(xuejihao_hash=hashed)
    return qs.filter(name__icontains=q)


def _teacher_search(qs: QuerySet[Teacher], q: str) -> QuerySet[Teacher]:
    if hashed := _id_lookup(q):
        return qs.filter(id_number_hash=hashed)
    return qs.filter(name__icontains=q)


def _apply_exact(qs: QuerySet, filters, fields: dict[str, str]) -> QuerySet:
    """Filter on each dataclass attribute of `fields` (attribute -> model lookup) that is set."""
    for attr, lookup in fields.items():
        value = getattr(filters, attr)
        if value is not None and value != "":
            qs = qs.filter(**{lookup: value})
    return qs


# ---- choices for the filter forms -----------------------------------------------------------------

def school_choices(*, fetched_by) -> QuerySet[OrgUnit]:
    """Schools in scope, grouped by their area as the school list orders them: what the school filter offers."""
    schools = scoped(OrgUnit.objects.filter(kind=OrgKind.SCHOOL), fetched_by)
    return schools.order_by("parent__sort_order", "parent__name", "name", "pk")


def class_choices(*, fetched_by, school_id: int) -> QuerySet[ClassGroup]:
    """Classes of one school in scope (none when the school is out of scope), latest year first."""
    qs = scoped(ClassGroup.objects.filter(school_id=school_id), fetched_by, path_field=SCHOOL_PATH)
    return qs.order_by("-school_year", "grade", "name")


def school_year_choices(*, fetched_by) -> list[str]:
    """School years that have classes in scope, latest first."""
    qs = scoped(ClassGroup.objects.all(), fetched_by, path_field=SCHOOL_PATH)
    return list(qs.order_by("-school_year").values_list("school_year", flat=True).distinct())


# ---- students -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StudentFilters:
    q: str = ""
    school: int | None = None
    grade: int | None = None
    class_group: int | None = None
    status: str = ""
    sex: str = ""
    left_behind: bool | None = None
    boarding: bool | None = None
    disability: bool | None = None  # honoured only for holders of SensitivePerm.VIEW_DISABILITY


_STUDENT_FIELDS = {
    "school": "school_id", "grade": "class_group__grade", "class_group": "class_group_id", "status": "status",
    "sex": "sex", "left_behind": "is_left_behind", "boarding": "is_boarding",
}


def student_list(*, fetched_by, filters: StudentFilters = StudentFilters()) -> QuerySet[Student]:
    """Students of the schools in scope matching `filters`, ordered by school, grade, class and name.

    Rows carry their school and class (select_related), so a page costs one query whatever its size.
    The disability filter is ignored for users without accounts.view_disability (a sensitive category).
    """
    qs = scoped(Student.objects.select_related("school", "class_group"), fetched_by, path_field=SCHOOL_PATH)
    qs = _apply_exact(qs, filters, _STUDENT_FIELDS)
    if filters.disability is not None and fetched_by.has_perm(SensitivePerm.VIEW_DISABILITY.value):
        qs = qs.exclude(disability_category="") if filters.disability else qs.filter(disability_category="")
    if filters.q:
        qs = _student_search(qs, filters.q)
    return qs.order_by(
        SCHOOL_PATH, F("class_group__grade").asc(nulls_last=True), F("class_group__name").asc(nulls_last=True),
        "name", "id",
    )


def student_get(*, fetched_by, pk: int) -> Student:
    """One student in scope with their school and class, or Http404."""
    qs = Student.objects.select_related("school", "class_group")
    return get_in_scope_or_404(qs, fetched_by, path_field=SCHOOL_PATH, pk=pk)


# ---- teachers -------------------------------------------------------------------------------------

BACKBONE_ANY = "any"
BACKBONE_NONE = "none"


@dataclass(frozen=True)
class TeacherFilters:
    q: str = ""
    school: int | None = None
    post_type: str = ""
    professional_title: str = ""
    highest_qualification: str = ""
    backbone_level: str = ""  # a BackboneLevel value, BACKBONE_ANY or BACKBONE_NONE
    fulltime_psychology: bool | None = None
    fulltime_pe: bool | None = None
    fulltime_arts: bool | None = None
    fulltime_ideology: bool | None = None


_TEACHER_FIELDS = {
    "school": "school_id", "post_type": "post_type", "professional_title": "professional_title",
    "highest_qualification": "highest_qualification", "fulltime_psychology": "is_fulltime_psychology",
    "fulltime_pe": "is_fulltime_pe", "fulltime_arts": "is_fulltime_arts", "fulltime_ideology": "is_fulltime_ideology",
}


def _backbone(qs: QuerySet[Teacher], level: str) -> QuerySet[Teacher]:
    if level == BACKBONE_ANY:
        return qs.exclude(backbone_level="")
    if level == BACKBONE_NONE:
        return qs.filter(backbone_level="")
    return qs.filter(backbone_level=level) if level else qs


def teacher_list(*, fetched_by, filters: TeacherFilters = TeacherFilters()) -> QuerySet[Teacher]:
    """Staff of the schools in scope matching `filters`, ordered by school and name (school joined)."""
    qs = scoped(Teacher.objects.select_related("school"), fetched_by, path_field=SCHOOL_PATH)
    qs = _backbone(_apply_exact(qs, filters, _TEACHER_FIELDS), filters.backbone_level)
    if filters.q:
        qs = _teacher_search(qs, filters.q)
    return qs.order_by(SCHOOL_PATH, "name", "id")


def teacher_get(*, fetched_by, pk: int) -> Teacher:
    """One member of staff in scope with their school, or Http404."""
    qs = Teacher.objects.select_related("school")
    return get_in_scope_or_404(qs, fetched_by, path_field=SCHOOL_PATH, pk=pk)


# ---- classes --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClassFilters:
    school: int | None = None
    school_year: str = ""
    grade: int | None = None
    size_band: str = ""  # a SizeBand value


def class_list(*, fetched_by, filters: ClassFilters = ClassFilters()) -> QuerySet[ClassGroup]:
    """Classes of the schools in scope, each annotated with `size` (students in school), latest year
    first, then by school, grade and name."""
    qs = scoped(ClassGroup.objects.select_related("school").with_size(), fetched_by, path_field=SCHOOL_PATH)
    qs = _apply_exact(qs, filters, {"school": "school_id", "school_year": "school_year", "grade": "grade"})
    if band := SizeBand.LOOKUPS.get(filters.size_band):
        qs = qs.filter(band)
    return qs.order_by("-school_year", SCHOOL_PATH, "grade", "name", "id")


def class_get(*, fetched_by, pk: int) -> ClassGroup:
    """One class in scope with its school and `size`, or Http404."""
    qs = ClassGroup.objects.select_related("school").with_size()
    return get_in_scope_or_404(qs, fetched_by, path_field=SCHOOL_PATH, pk=pk)


def class_students(*, fetched_by, class_group: ClassGroup) -> QuerySet[Student]:
    """Every student of the class (any status) in scope, in school first, then by name."""
    qs = scoped(Student.objects.filter(class_group=class_group), fetched_by, path_field=SCHOOL_PATH)
    in_school_first = Case(When(status=StudentStatus.IN_SCHOOL, then=Value(0)), default=Value(1))
    return qs.order_by(in_school_first, "name", "id")


def school_registry_counts(*, school: OrgUnit) -> dict[str, int]:
    """In-school students, staff and classes on record for one school (the caller has checked scope)."""
    return {
        "students": Student.objects.filter(school=school, status=StudentStatus.IN_SCHOOL).count(),
        "teachers": Teacher.objects.filter(school=school).count(),
        "classes": ClassGroup.objects.filter(school=school).count(),
    }
