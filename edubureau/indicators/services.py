"""Writes of the indicators app: definitions synced from code, values computed and stored."""
import time
from dataclasses import dataclass

from django.db import transaction

from edubureau.indicators.definitions import REGISTRY, SHARED, BuiltIn
from edubureau.indicators.engine import ancestors_by_school, light_of, roll_up, school_paths, store, unit_ids_by_path
from edubureau.indicators.linking import suggest_target_links
from edubureau.indicators.models import Indicator, IndicatorValue


def _defaults(builtin: BuiltIn, order: int) -> dict:
    return {
        "name": builtin.name, "unit": builtin.unit, "description": builtin.description, "source": builtin.source,
        "plan_items": builtin.plan_items, "period_type": builtin.period_type, "comparator": builtin.comparator,
        "target": builtin.target, "target_year": builtin.target_year, "target_certainty": builtin.certainty,
        "yellow_band": builtin.yellow_band, "sort_order": order,
    }


# Fields a bureau may change on an indicator: syncing never overwrites them once the row exists.
BUREAU_FIELDS = ("comparator", "target", "target_year", "target_certainty", "yellow_band", "is_active")


@transaction.atomic
def indicators_sync() -> dict[str, Indicator]:
    """One Indicator row per built-in (created with the reference defaults; names and wording
    refreshed from code; targets as the bureau set them). Returns them by code."""
    existing = {i.code: i for i in Indicator.objects.filter(code__in=list(REGISTRY))}
    fresh, changed = [], []
    for order, builtin in enumerate(REGISTRY.values(), 1):
        values = _defaults(builtin, order * 10)
        row = existing.get(builtin.code)
        if row is None:
            fresh.append(Indicator(code=builtin.code, **values))
            continue
        updates = {k: v for k, v in values.items() if k not in BUREAU_FIELDS and getattr(row, k) != v}
        if updates:
            for key, value in updates.items():
                setattr(row, key, value)
            changed.append(row)
    Indicator.objects.bulk_create(fresh)
    if changed:
        Indicator.objects.bulk_update(changed, [f for f in _defaults(next(iter(REGISTRY.values())), 0)
                                                if f not in BUREAU_FIELDS])
    return {i.code: i for i in Indicator.objects.filter(code__in=list(REGISTRY))}


@dataclass
class ComputeResult:
    period: str
    indicators: int
    values: int
    seconds: float


def compute_indicators(*, period: str, codes: list[str] | None = None) -> ComputeResult:
    """Compute the built-in indicators (all, or `codes`) for `period` and store every unit's value."""
    started = time.perf_counter()
    SHARED.clear()
    rows = indicators_sync()
    units = unit_ids_by_path()
    paths_by_stages: dict = {}
    stored = computed = 0
    for code, builtin in REGISTRY.items():
        if codes is not None and code not in codes:
            continue
        indicator = rows[code]
        if not indicator.is_active:
            continue
        key = builtin.stages
        if key not in paths_by_stages:
            schools = school_paths(builtin.stages)
            paths_by_stages[key] = (schools, ancestors_by_school(schools, units))
        schools, ancestors = paths_by_stages[key]
        components = builtin.per_school(period, schools)
        stored += store(indicator, period, roll_up(components, ancestors, builtin.rollup))
        computed += 1
    SHARED.clear()
    suggest_target_links()
    return ComputeResult(period, computed, stored, time.perf_counter() - started)


@transaction.atomic
def indicator_relight(*, indicator: Indicator) -> int:
    """Judge the indicator's stored values again against its (changed) target; one bulk update."""
    values = list(IndicatorValue.objects.filter(indicator=indicator).only("id", "value", "light"))
    changed = []
    for stored in values:
        light = light_of(stored.value, indicator)
        if light != stored.light:
            stored.light = light
            changed.append(stored)
    IndicatorValue.objects.bulk_update(changed, ["light"], batch_size=2000)
    return len(values)
