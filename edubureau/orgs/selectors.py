"""Reads of the org tree. Every selector takes the actor and filters through the scoping choke point."""
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from edubureau.accounts.scoping import get_in_scope_or_404, orgunits_visible_for, scope_prefixes, scoped
from edubureau.orgs.models import KIND_DISPLAY_ORDER, OrgKind, OrgUnit, SchoolProfile, SchoolYearFigures, Stage

_KIND_RANK = Case(
    *(When(kind=k, then=Value(i)) for i, k in enumerate(KIND_DISPLAY_ORDER)), output_field=IntegerField(),
)
# 学段 in their declared order (幼儿园, 小学, 初中, …), not in the alphabetical order of their codes.
_STAGE_RANK = Case(
    *(When(stage=s, then=Value(i)) for i, s in enumerate(Stage.values)), output_field=IntegerField(),
)


def orgunit_roots(*, fetched_by) -> QuerySet[OrgUnit]:
    """The top units of the user's scope: the units their memberships (or city) point at."""
    return OrgUnit.objects.filter(path__in=scope_prefixes(fetched_by)).order_by("path")


def orgunit_get(*, fetched_by, pk: int) -> OrgUnit:
    """One unit in scope, or Http404."""
    return get_in_scope_or_404(OrgUnit.objects.select_related("parent"), fetched_by, pk=pk)


def orgunit_children(*, fetched_by, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """Direct children in scope, each annotated with how many schools its subtree holds."""
    children = scoped(OrgUnit.objects.filter(parent=unit), fetched_by).order_by(_KIND_RANK, "sort_order", "name")
    return children.select_related("school_profile")


def school_counts_under(*, fetched_by, units: list[OrgUnit]) -> dict[int, int]:
    """Schools in scope under each of `units`, counted in one query per call (not per unit)."""
    if not units:
        return {}
    schools = scoped(OrgUnit.objects.filter(kind=OrgKind.SCHOOL), fetched_by)
    annotations = {
        f"u{u.pk}": Count("pk", filter=Q(path__startswith=u.path)) for u in units
    }
    row = schools.aggregate(**annotations)
    return {u.pk: row[f"u{u.pk}"] for u in units}


def orgunit_ancestors(*, fetched_by, unit: OrgUnit) -> list[OrgUnit]:
    """Breadcrumb: the ancestors of `unit` the user may see, root first."""
    codes = unit.ancestor_codes()
    visible = orgunits_visible_for(fetched_by).filter(code__in=codes)
    by_code = {u.code: u for u in visible}
    return [by_code[c] for c in codes if c in by_code]


@dataclass(frozen=True)
class SchoolFilters:
    q: str = ""
    stage: str = ""
    ownership: str = ""
    locality: str = ""
    area: int | None = None


def school_list(*, fetched_by, filters: SchoolFilters = SchoolFilters()) -> QuerySet[SchoolProfile]:
    """Schools in scope matching `filters`, ordered by area then name."""
    qs = scoped(SchoolProfile.objects.select_related("org_unit", "org_unit__parent"), fetched_by, path_field="org_unit__path")
    if filters.q:
        qs = qs.filter(Q(org_unit__name__contains=filters.q) | Q(school_code__startswith=filters.q))
    for field in ("stage", "ownership", "locality"):
        if value := getattr(filters, field):
            qs = qs.filter(**{field: value})
    if filters.area:
        area = OrgUnit.objects.filter(pk=filters.area).values_list("path", flat=True).first()
        qs = qs.filter(org_unit__path__startswith=area) if area else qs.none()
    return qs.order_by("org_unit__parent__sort_order", "org_unit__parent__name", _STAGE_RANK, "org_unit__name")


def school_get(*, fetched_by, pk: int) -> SchoolProfile:
    """One school (by its org unit id) in scope, or Http404."""
    qs = SchoolProfile.objects.select_related("org_unit", "org_unit__parent")
    return get_in_scope_or_404(qs, fetched_by, path_field="org_unit__path", org_unit_id=pk)


def school_campuses(*, fetched_by, school: SchoolProfile) -> QuerySet[OrgUnit]:
    return scoped(OrgUnit.objects.filter(parent=school.org_unit, kind=OrgKind.CAMPUS), fetched_by)


def area_choices(*, fetched_by) -> QuerySet[OrgUnit]:
    """Districts and sub-bureaus in scope, for filter drop-downs."""
    return orgunits_visible_for(fetched_by).filter(kind__in=[OrgKind.DISTRICT, OrgKind.SUB_BUREAU]).order_by("sort_order", "name")


def scope_summary(*, fetched_by) -> dict[str, int]:
    """How many units of each kind the user can see, in one grouped query."""
    rows = orgunits_visible_for(fetched_by).values("kind").annotate(n=Count("pk")).order_by()
    counts = {r["kind"]: r["n"] for r in rows}
    return {kind.label: counts[kind] for kind in KIND_DISPLAY_ORDER if kind in counts}


def school_year_figures(*, school: SchoolProfile) -> QuerySet[SchoolYearFigures]:
    """The school's yearly figures, newest school year first (the caller has checked scope)."""
    return SchoolYearFigures.objects.filter(school_id=school.org_unit_id).order_by("-school_year")
