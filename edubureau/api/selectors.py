"""Reads the API needs that no app offers as a selector yet: indicator definitions, stored indicator
values and org units. Every read of org-unit data goes through the scoping choke point
(accounts.scoping), as the registry selectors the API reuses do."""
from dataclasses import dataclass

from django.db.models import QuerySet

from edubureau.accounts.scoping import orgunits_visible_for, scoped
from edubureau.indicators.models import Indicator, IndicatorValue
from edubureau.orgs.models import OrgUnit


def indicator_list() -> QuerySet[Indicator]:
    """Active indicator definitions in display order (definitions are not org data: anyone signed in)."""
    return Indicator.objects.filter(is_active=True).order_by("sort_order", "code")


@dataclass(frozen=True)
class IndicatorValueFilters:
    indicator: str = ""  # an indicator code
    org_unit: int | None = None
    parent: int | None = None  # the values of this unit's direct children (drill-down)
    period: str = ""


def indicator_value_list(*, fetched_by, filters: IndicatorValueFilters = IndicatorValueFilters()
                         ) -> QuerySet[IndicatorValue]:
    """Stored values of active indicators for the units in the user's view scope, matching `filters`.

    An org unit that is missing or out of scope simply has no values here (no 404 for a filter).
    Rows carry their indicator and unit (select_related): a page costs one query.
    """
    qs = IndicatorValue.objects.filter(indicator__is_active=True).select_related("indicator", "org_unit")
    qs = scoped(qs, fetched_by, path_field="org_unit__path")
    if filters.indicator:
        qs = qs.filter(indicator__code=filters.indicator)
    if filters.org_unit is not None:
        qs = qs.filter(org_unit_id=filters.org_unit)
    if filters.parent is not None:
        qs = qs.filter(org_unit__parent_id=filters.parent)
    if filters.period:
        qs = qs.filter(period=filters.period)
    return qs.order_by("indicator__sort_order", "indicator__code", "org_unit__path", "period", "pk")


@dataclass(frozen=True)
class OrgUnitFilters:
    kind: str = ""
    parent: int | None = None


def orgunit_list(*, fetched_by, filters: OrgUnitFilters = OrgUnitFilters()) -> QuerySet[OrgUnit]:
    """Every org unit in the user's view scope, tree order (by path)."""
    qs = orgunits_visible_for(fetched_by)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    return qs.order_by("path")

