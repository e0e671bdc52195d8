"""Reads of the indicators app: the dashboard, one indicator at one unit with its child units, a school's
rank, the plan items an indicator serves and the records behind a school's figure.

Every value read goes through the scoping choke point (accounts.scoping: `scoped` on the value's unit
path, units fetched with `get_in_scope_or_404`), so a page never holds a value of a unit outside the
user's scope. The one deliberate exception is a school's rank among the schools of its city
(`school_ranks`): computed in SQL over every school's value, it returns only the two numbers N and M
for the user's own school, never another school's name or value.

Pages cost a fixed number of queries whatever the number of indicators, units and periods: the values
of all indicators and periods of one unit come in one query, a school's ranks in one, the plan items in
three. The links from a school's figure to its records live in indicators.records.
"""
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Case, Count, F, Max, OuterRef, Q, Subquery, When
from django.db.models.functions import Abs
from django.http import Http404

from edubureau.accounts.scoping import get_in_scope_or_404, scope_prefixes, scoped
from edubureau.core.schoolyears import SCHOOL_YEAR_REGEX
from edubureau.indicators.definitions import REGISTRY
from edubureau.indicators.models import Comparator, Indicator, IndicatorValue, Light, PeriodType
from edubureau.orgs.models import AREA_KINDS, PATH_SEPARATOR, OrgKind, OrgUnit
from edubureau.orgs.selectors import orgunit_ancestors, orgunit_roots
from edubureau.plans.models import PlanStatus
from edubureau.plans.selectors import plan_items as visible_plan_items
from edubureau.plans.selectors import plan_list
from edubureau.indicators.records import RecordLink, record_links

UNIT_PATH = "org_unit__path"
SECTION_OTHER = "其他指标"
NO_TARGET = "未设目标"
COMPARATOR_SIGNS = {Comparator.GE: "≥", Comparator.LE: "≤", Comparator.EQ: "="}
LIGHT_ORDER = (Light.RED, Light.YELLOW, Light.GREEN, Light.NONE, Light.GREY)  # worst first
_SCHOOL_YEAR = re.compile(SCHOOL_YEAR_REGEX)
_ITEM_SEPARATORS = re.compile(r"[、,，\s]+")


# ---- formatting -----------------------------------------------------------------------------------

def format_number(value: Decimal | None, unit: str = "") -> str:
    """12.3456 → "12.35", 3.0000 → "3", None → "—". Whole counts show no decimals because the
    zeros are stripped; per-hundred figures in 人 keep theirs (4.2 人 per hundred students)."""
    if value is None:
        return "—"
    text = f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def target_text(indicator: Indicator) -> str:
    """"≤ 0%", "≥ 60%" or "" when the indicator has no target."""
    if indicator.target is None or not indicator.comparator:
        return ""
    return f"{COMPARATOR_SIGNS[indicator.comparator]} {format_number(indicator.target, indicator.unit)}{indicator.unit}"


def light_label(value: IndicatorValue | None) -> str:
    """达标 / 接近目标 / 未达标 / 无数据, and 未设目标 for a figure with nothing to judge it against."""
    if value is None:
        return Light.GREY.label
    return Light(value.light).label


def section_of(indicator: Indicator) -> str:
    builtin = REGISTRY.get(indicator.code)
    return builtin.section if builtin else SECTION_OTHER


# ---- periods and units ----------------------------------------------------------------------------

def indicator_periods(*, fetched_by) -> list[str]:
    """School years that have stored values for units in the user's scope, latest first.

    Read at the top units of the scope only: every value is rolled up to all the ancestors of the
    schools it counts, so a school year with any value in the scope has one there (a few rows to read
    instead of the whole scope's)."""
    values = IndicatorValue.objects.filter(org_unit__path__in=scope_prefixes(fetched_by))
    periods = values.order_by("-period").values_list("period", flat=True).distinct()
    return [p for p in periods if _SCHOOL_YEAR.fullmatch(p)]


def dashboard_unit(*, fetched_by, unit_id: int | None) -> OrgUnit | None:
    """The unit a page shows: `unit_id` if it is in scope (else Http404), otherwise the first unit at
    the top of the user's scope, or None for a user who sees nothing."""
    if unit_id is not None:
        return get_in_scope_or_404(OrgUnit.objects.select_related("school_profile"), fetched_by, pk=unit_id)
    return orgunit_roots(fetched_by=fetched_by).select_related("school_profile").first()


def unit_choices(*, fetched_by) -> list[OrgUnit]:
    """Units offered by the dashboard's unit picker: the top of the user's scope (in path order, where a
    page opens first), then the districts and sub-bureaus in scope as the org tree lists them. One query."""
    roots = orgunit_roots(fetched_by=fetched_by).values("path")
    units = list(scoped(OrgUnit.objects.filter(Q(path__in=roots) | Q(kind__in=AREA_KINDS)), fetched_by))
    tops = set(scope_prefixes(fetched_by))
    return sorted(units, key=lambda u: (u.path not in tops, u.path if u.path in tops else "", u.sort_order, u.name))


def _period_for(period_type: str, school_year: str, periods: list[str]) -> str | None:
    """The stored period of an indicator that the chosen school year shows: the school year itself, the
    calendar year it starts in (年度), or its latest month on record (月度, September to August)."""
    if period_type == PeriodType.SCHOOL_YEAR:
        return school_year
    start = int(school_year[:4])
    if period_type == PeriodType.YEAR:
        return str(start)
    months = [p for p in periods if f"{start}-09" <= p <= f"{start + 1}-08" and len(p) == 7]
    return max(months) if months else None


# ---- plan items -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanItemLink:
    number: str
    title: str = ""
    pk: int | None = None  # the item of the work plan the user sees, if any

    @property
    def label(self) -> str:
        return f"第{self.number}条 {self.title}".strip()


def item_numbers(indicator: Indicator) -> list[str]:
    """"12、23" → ["12", "23"]."""
    return [part for part in _ITEM_SEPARATORS.split(indicator.plan_items or "") if part]


def plan_item_links(*, fetched_by, school_year: str | None, indicators: list[Indicator]) -> dict[int, list[PlanItemLink]]:
    """indicator id → the items of the published work plan the user sees that the indicator serves.

    The plan is the one of the year the school year starts in, else the latest published one. Items
    the user may not see (a school sees only the items it shares in) are named by number only.
    Two queries, whatever the number of indicators.
    """
    numbers = {n for indicator in indicators for n in item_numbers(indicator)}
    found: dict[str, tuple[str, int]] = {}  # number → (title, pk)
    plan = _plan_for(fetched_by, school_year) if numbers else None
    if plan is not None:
        items = visible_plan_items(fetched_by=fetched_by, plan=plan).prefetch_related(None)
        for pk, number, title in items.filter(number__in=numbers).values_list("pk", "number", "title"):
            found.setdefault(number, (title, pk))
    return {
        indicator.pk: [PlanItemLink(n, *found[n]) if n in found else PlanItemLink(n)
                       for n in item_numbers(indicator)]
        for indicator in indicators
    }


def _plan_for(user, school_year: str | None):
    plans = list(plan_list(fetched_by=user).filter(status=PlanStatus.PUBLISHED).order_by("-year", "-version")[:20])
    start = int(school_year[:4]) if school_year else None
    return next((p for p in plans if p.year == start), plans[0] if plans else None)


# ---- ranks ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RankPosition:
    position: int
    total: int

    @property
    def label(self) -> str:
        return f"第 {self.position} / {self.total} 名"


def _better_first() -> Case:
    """A sort key where smaller is better: −value when higher is better, |value − target| for "等于"."""
    return Case(
        When(indicator__comparator=Comparator.GE, then=-F("value")),
        When(indicator__comparator=Comparator.EQ, then=Abs(F("value") - F("indicator__target"))),
        default=F("value"),
    )


def school_ranks(*, school: OrgUnit, period: str) -> dict[int, RankPosition]:
    """indicator id → the school's rank among the schools of its city with a value for `period`:
    1 + the schools doing strictly better (so ties share a rank), out of all of them. "Better" follows
    the target's comparator; indicators without one are not ranked. One query (grouped by indicator,
    the school's own score as a correlated subquery); the caller has checked that the user sees `school`."""
    city = PATH_SEPARATOR + school.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)[0] + PATH_SEPARATOR
    ranked = (IndicatorValue.objects
              .filter(period=period, value__isnull=False, indicator__is_active=True)
              .exclude(indicator__comparator="")
              .exclude(indicator__comparator=Comparator.EQ, indicator__target__isnull=True))
    own = (ranked.filter(org_unit_id=school.pk, indicator_id=OuterRef("indicator_id"))
           .annotate(score=_better_first()).values("score")[:1])
    rows = (ranked.filter(org_unit__kind=OrgKind.SCHOOL, org_unit__path__startswith=city)
            .annotate(score=_better_first(), own=Subquery(own)).filter(own__isnull=False)
            .values("indicator_id").order_by("indicator_id")
            .annotate(total=Count("pk"), better=Count("pk", filter=Q(score__lt=F("own")))))
    return {row["indicator_id"]: RankPosition(row["better"] + 1, row["total"]) for row in rows}


# ---- the dashboard --------------------------------------------------------------------------------

@dataclass
class IndicatorRow:
    """One indicator at one unit for the chosen school year, with its trend over the stored periods."""

    indicator: Indicator
    section: str
    value: IndicatorValue | None
    trend: list[tuple[str, Decimal | None]]  # (period, value), oldest first
    rank: RankPosition | None = None
    plan_items: list[PlanItemLink] = field(default_factory=list)

    @property
    def light(self) -> str:
        return self.value.light if self.value else Light.GREY

    @property
    def light_label(self) -> str:
        return light_label(self.value)

    @property
    def display(self) -> str:
        if self.value is None or self.value.value is None:
            return "—"
        return f"{format_number(self.value.value, self.indicator.unit)}{self.indicator.unit}"

    @property
    def target(self) -> str:
        return target_text(self.indicator)

    @property
    def uncertain(self) -> bool:
        """The target comes from a source still to be checked (shown as “待核实”)."""
        return self.indicator.target_certainty == "R" and bool(self.target)

    def chart(self) -> dict:
        """The trend as the sparkline script reads it (numbers as floats, gaps as null)."""
        return {
            "periods": [p for p, _ in self.trend],
            "values": [None if v is None else float(v) for _, v in self.trend],
            "unit": self.indicator.unit,
            "target": None if self.indicator.target is None else float(self.indicator.target),
        }


@dataclass
class Dashboard:
    unit: OrgUnit
    period: str
    sections: list[tuple[str, list[IndicatorRow]]]
    not_applicable: int = 0  # indicators left out at a school because they count other stages

    @property
    def rows(self) -> list[IndicatorRow]:
        return [row for _, rows in self.sections for row in rows]

    @property
    def light_counts(self) -> dict[str, int]:
        counts = {light: 0 for light in LIGHT_ORDER}
        for row in self.rows:
            counts[row.light] += 1
        return counts

    def charts(self) -> dict[str, dict]:
        return {row.indicator.code: row.chart() for row in self.rows}


def active_indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True).order_by("sort_order", "code"))


def unit_values(*, fetched_by, unit: OrgUnit, indicators: list[Indicator] | None = None) -> dict[int, dict[str, IndicatorValue]]:
    """indicator id → {period: value} of one unit in scope, every period, in one query."""
    values = scoped(IndicatorValue.objects.filter(org_unit=unit), fetched_by, path_field=UNIT_PATH)
    if indicators is not None:
        values = values.filter(indicator__in=[i.pk for i in indicators])
    by_indicator: dict[int, dict[str, IndicatorValue]] = defaultdict(dict)
    for value in values.order_by("period"):
        by_indicator[value.indicator_id][value.period] = value
    return by_indicator


def _row(indicator: Indicator, periods: dict[str, IndicatorValue], school_year: str) -> IndicatorRow:
    stored = sorted(periods)
    if indicator.period_type == PeriodType.SCHOOL_YEAR:
        stored = [p for p in stored if _SCHOOL_YEAR.fullmatch(p)]
    chosen = _period_for(indicator.period_type, school_year, stored)
    return IndicatorRow(indicator=indicator, section=section_of(indicator), value=periods.get(chosen),
                        trend=[(p, periods[p].value) for p in stored])


def applies_to(indicator: Indicator, unit: OrgUnit) -> bool:
    """False at a school for an indicator that does not count its stage (e.g. 双师型 at a primary school)
    or that compares schools with each other (差异系数, meaningful for an area only)."""
    builtin = REGISTRY.get(indicator.code)
    if unit.kind != OrgKind.SCHOOL or builtin is None:
        return True
    if builtin.rollup.kind == "cv":
        return False
    profile = getattr(unit, "school_profile", None)  # select_related by dashboard_unit
    return builtin.stages is None or profile is None or profile.stage in builtin.stages


def indicator_dashboard(*, fetched_by, unit: OrgUnit, period: str) -> Dashboard:
    """Every active indicator at `unit` (in the user's scope) for school year `period`, grouped by the
    dashboard section of its definition, in definition order; a school's rows carry its rank, and
    indicators of other stages than the school's are left out (counted in `not_applicable`)."""
    every = active_indicators()
    indicators = [indicator for indicator in every if applies_to(indicator, unit)]
    values = unit_values(fetched_by=fetched_by, unit=unit, indicators=indicators)
    ranks = school_ranks(school=unit, period=period) if unit.kind == OrgKind.SCHOOL else {}
    links = plan_item_links(fetched_by=fetched_by, school_year=period, indicators=indicators)
    sections: dict[str, list[IndicatorRow]] = {}
    for indicator in indicators:
        row = _row(indicator, values.get(indicator.pk, {}), period)
        row.rank, row.plan_items = ranks.get(indicator.pk), links[indicator.pk]
        sections.setdefault(row.section, []).append(row)
    return Dashboard(unit=unit, period=period, sections=list(sections.items()),
                     not_applicable=len(every) - len(indicators))


# ---- the home page summary ------------------------------------------------------------------------

@dataclass
class HomeSummary:
    unit: OrgUnit
    period: str
    light_counts: dict[str, int]
    lagging: list[IndicatorRow]  # the red rows, for the leader's attention


def indicator_home_summary(*, fetched_by, unit: OrgUnit | None) -> HomeSummary | None:
    """The dashboard in brief at `unit` for the latest school year: lights counted and the indicators
    that miss their target. None when nothing has been computed in the user's scope."""
    periods = indicator_periods(fetched_by=fetched_by)
    if unit is None or not periods:
        return None
    indicators = active_indicators()
    values = unit_values(fetched_by=fetched_by, unit=unit, indicators=indicators)
    rows = [_row(indicator, values.get(indicator.pk, {}), periods[0]) for indicator in indicators]
    counts = Dashboard(unit, periods[0], [("", rows)]).light_counts
    return HomeSummary(unit, periods[0], counts, [row for row in rows if row.light == Light.RED])


# ---- one indicator at one unit, and its child units -----------------------------------------------

def indicator_get(*, code: str) -> Indicator:
    """An active indicator by code, or Http404."""
    indicator = Indicator.objects.filter(code=code, is_active=True).first()
    if indicator is None:
        raise Http404("未找到该指标")
    return indicator


def _worst_first(indicator: Indicator):
    """Sort key of child values: red before yellow before green, then the further from the target first."""
    order = {light: i for i, light in enumerate(LIGHT_ORDER)}

    def key(value: IndicatorValue):
        number = value.value if value.value is not None else Decimal(0)
        if indicator.comparator == Comparator.GE:
            distance = number
        elif indicator.comparator == Comparator.EQ and indicator.target is not None:
            distance = -abs(number - indicator.target)
        else:
            distance = -number
        return order[value.light], value.value is None, distance, value.org_unit.path

    return key


def child_values(*, fetched_by, indicator: Indicator, unit: OrgUnit, period: str) -> list[IndicatorValue]:
    """The values of the unit's direct children in scope (units without any school counted have none),
    worst first, each with its org unit. One query."""
    values = scoped(IndicatorValue.objects.filter(indicator=indicator, period=period, org_unit__parent=unit),
                    fetched_by, path_field=UNIT_PATH).select_related("org_unit")
    return sorted(values, key=_worst_first(indicator))


@dataclass
class IndicatorDetail:
    row: IndicatorRow
    unit: OrgUnit
    period: str
    ancestors: list[OrgUnit]
    children: list[IndicatorValue]
    records: list[RecordLink]

    @property
    def indicator(self) -> Indicator:
        return self.row.indicator

    def charts(self) -> dict:
        return {
            "trend": self.row.chart(),
            "children": {
                "names": [v.org_unit.name for v in self.children],
                "values": [None if v.value is None else float(v.value) for v in self.children],
                "lights": [v.light for v in self.children],
                "unit": self.indicator.unit,
                "target": self.row.chart()["target"],
            },
        }


def indicator_detail(*, fetched_by, indicator: Indicator, unit: OrgUnit, period: str) -> IndicatorDetail:
    """`indicator` at `unit` (in scope) for `period`: its value, trend, rank (schools), plan items, the
    child units in scope with their values, and, for a school, links to the records behind the figure."""
    values = unit_values(fetched_by=fetched_by, unit=unit, indicators=[indicator]).get(indicator.pk, {})
    row = _row(indicator, values, period)
    row.plan_items = plan_item_links(fetched_by=fetched_by, school_year=period, indicators=[indicator])[indicator.pk]
    is_school = unit.kind == OrgKind.SCHOOL
    if is_school:
        row.rank = school_ranks(school=unit, period=period).get(indicator.pk)
    return IndicatorDetail(
        row=row, unit=unit, period=period, ancestors=orgunit_ancestors(fetched_by=fetched_by, unit=unit),
        children=child_values(fetched_by=fetched_by, indicator=indicator, unit=unit, period=period),
        records=record_links(indicator=indicator, school=unit, period=period) if is_school else [],
    )


def dashboard_cache_key(*, user, unit: OrgUnit, period: str) -> str:
    """Changes whenever a value of the unit and period is recomputed or any indicator is edited."""
    computed = IndicatorValue.objects.filter(org_unit=unit, period=period).aggregate(at=Max("computed_at"))["at"]
    edited = Indicator.objects.aggregate(at=Max("updated_at"))["at"]
    stamp = f"{computed.timestamp() if computed else 0}:{edited.timestamp() if edited else 0}"
    return f"indicators:dashboard:{user.pk}:{unit.pk}:{period}:{stamp}"


def dashboard_page_key(*, user, query: str) -> str:
    """Changes whenever any indicator value is recomputed or any indicator edited, and with the
    user's scope (a membership granted or revoked) and the query string."""
    quote = connection.ops.quote_name
    values, indicators = IndicatorValue._meta.db_table, Indicator._meta.db_table
    with connection.cursor() as cursor:  # one round trip for both stamps
        cursor.execute(f"SELECT (SELECT MAX(computed_at) FROM {quote(values)}), "
                       f"(SELECT MAX(updated_at) FROM {quote(indicators)})")
        stamp = ":".join(map(str, cursor.fetchone()))
    scope = hashlib.sha1("|".join(scope_prefixes(user)).encode()).hexdigest()[:16]
    digest = hashlib.sha1(query.encode()).hexdigest()[:16]
    return f"indicators:page:{user.pk}:{scope}:{digest}:{hashlib.sha1(stamp.encode()).hexdigest()[:16]}"
