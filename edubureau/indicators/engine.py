"""Compute indicator values set-wise: per-school components from SQL, rolled up the org tree by path.

An indicator's `per_school(period, schools)` returns {school id: (c1, c2, …)} from one or a few
GROUP BY queries. Roll-up adds the components of every school under a unit (its path is a
prefix of theirs): "ratio" takes value = Σc1 / Σc2 × scale (or `combine` of the summed
components), "sum" takes Σc1, "cv" takes the enrolment-weighted coefficient of variation of
the schools' c1/c2 (reference/indicators.md §3.2; only for the units above the schools).
Values are stored per unit × period in one bulk write per indicator; nothing is computed
when a page is shown.
"""
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from edubureau.imports.upsert import upsert
from edubureau.indicators.models import Comparator, Indicator, IndicatorValue, Light
from edubureau.orgs.models import OrgKind, OrgUnit

Components = tuple  # of Decimal or int, the same length for every school of one indicator
PerSchool = Callable[[str, QuerySet], dict[int, Components]]
QUANT = Decimal("0.0001")


@dataclass(frozen=True)
class Rollup:
    kind: str = "ratio"  # "ratio", "sum" or "cv"
    scale: Decimal = Decimal(1)  # 100 for a percentage or "per hundred students"
    combine: Callable[[Sequence[Decimal]], tuple[Decimal, Decimal]] | None = None  # summed components → (num, den)


@dataclass(frozen=True)
class UnitResult:
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    schools: int


def ancestors_by_school(schools: Iterable[tuple[int, str]], units: dict[str, int]) -> dict[int, list[int]]:
    """school id → ids of the units whose path is a prefix of the school's path (itself included)."""
    result = {}
    for school_id, path in schools:
        parts = path.strip("/").split("/")
        result[school_id] = [units[p] for p in ("/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1))
                             if p in units]
    return result


def roll_up(components: dict[int, Components], ancestors: dict[int, list[int]], rollup: Rollup) -> dict[int, UnitResult]:
    """Every unit with at least one school in `components`, and its value."""
    members: dict[int, list[int]] = defaultdict(list)
    for school_id in components:
        for unit_id in ancestors.get(school_id, ()):
            members[unit_id].append(school_id)
    if rollup.kind == "cv":
        # A 差异系数 compares schools: it is stored for the units above them, never for a school itself.
        return {unit: _cv([components[s] for s in schools]) for unit, schools in members.items()
                if unit not in components}
    return {unit: _summed([components[s] for s in schools], rollup) for unit, schools in members.items()}


def _summed(rows: list[Components], rollup: Rollup) -> UnitResult:
    sums = [sum((Decimal(row[i]) for row in rows), Decimal(0)) for i in range(len(rows[0]))]
    if rollup.combine is not None:
        numerator, denominator = rollup.combine(sums)
    else:
        numerator, denominator = sums[0], (sums[1] if len(sums) > 1 else None)
    if rollup.kind == "sum":
        return UnitResult(numerator, denominator, numerator, len(rows))
    if not denominator or numerator is None:
        return UnitResult(numerator, denominator, None, len(rows))
    return UnitResult(numerator, denominator, numerator / denominator * rollup.scale, len(rows))


def coefficient_of_variation(pairs: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """差异系数 of x_i = R_i / P_i weighted by P_i: X̄ = ΣR/ΣP, S = sqrt(Σ (P_i/P)(x_i − X̄)²), CV = S / X̄."""
    pairs = [(Decimal(r), Decimal(p)) for r, p in pairs if p]
    total = sum((p for _, p in pairs), Decimal(0))
    if not total:
        return None
    mean = sum((r for r, _ in pairs), Decimal(0)) / total
    if not mean:
        return None
    variance = sum(((p / total) * (r / p - mean) ** 2 for r, p in pairs), Decimal(0))
    return Decimal(math.sqrt(variance)) / mean


def _cv(rows: list[Components]) -> UnitResult:
    value = coefficient_of_variation([(row[0], row[1]) for row in rows])
    return UnitResult(None, None, value, len(rows))


def light_of(value: Decimal | None, indicator: Indicator) -> str:
    if value is None:
        return Light.GREY
    if indicator.target is None or not indicator.comparator:
        return Light.NONE  # a value, but no target to judge it against
    target = indicator.target
    met = {Comparator.GE: value >= target, Comparator.LE: value <= target, Comparator.EQ: value == target}[
        indicator.comparator]
    if met:
        return Light.GREEN
    if indicator.yellow_band and abs(value - target) <= indicator.yellow_band:
        return Light.YELLOW
    return Light.RED


def school_paths(stages: frozenset[str] | None = None) -> QuerySet:
    """(id, path) of the open schools of the given stages (all stages when None)."""
    schools = OrgUnit.objects.filter(kind=OrgKind.SCHOOL, school_profile__status="open")
    if stages is not None:
        schools = schools.filter(school_profile__stage__in=sorted(stages))  # sorted: the same SQL every run
    return schools.values_list("id", "path")


def unit_ids_by_path() -> dict[str, int]:
    return dict(OrgUnit.objects.values_list("path", "id"))


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(QUANT)


VALUE_FIELDS = ("indicator_id", "org_unit_id", "period", "numerator", "denominator", "value", "light", "schools",
                "computed_at")


@transaction.atomic
def store(indicator: Indicator, period: str, results: dict[int, UnitResult]) -> int:
    """Replace the indicator's stored values for `period` with `results`: one DELETE, then the rows
    written set-wise (COPY on PostgreSQL, executemany on SQLite) through imports.upsert."""
    now = IndicatorValue._meta.get_field("computed_at").get_db_prep_value(timezone.now(), connection)
    IndicatorValue.objects.filter(indicator=indicator, period=period).delete()
    rows = [(indicator.pk, unit_id, period, _q(r.numerator), _q(r.denominator), _q(r.value),
             light_of(r.value, indicator), r.schools, now) for unit_id, r in results.items()]
    upsert(IndicatorValue, VALUE_FIELDS, rows, conflict=("indicator", "org_unit", "period"), update=())
    return len(rows)
