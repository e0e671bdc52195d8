"""Indicator reads: periods, the dashboard, ranks, child units, plan items and record links, all in scope.

The values are those of tests/permission_indicators.py over the test world (tests/world.py):
起始年级班额超过50人 (≤ 0%) is 25% at the city, 50% at 浩口镇学区 [D1], 100% at 浩口镇中心小学 [A1],
0% at A2, D2 and B1; 双师型 (≥ 60%, band 10, target 待核实) is 55% at the city.
"""
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from edubureau.accounts.models import User
from edubureau.indicators.definitions import DRILLS, REGISTRY
from edubureau.indicators.models import Comparator, Indicator, IndicatorValue, Light, PeriodType
from edubureau.indicators.records import RECORD_LINKS, RecordLink, record_links
from edubureau.indicators.selectors import (
    NO_TARGET, SECTION_OTHER, PlanItemLink, RankPosition, _period_for, child_values, dashboard_unit,
    format_number, indicator_dashboard, indicator_detail, indicator_get, indicator_home_summary, indicator_periods,
    plan_item_links, school_ranks, target_text, unit_choices,
)
from edubureau.registry.choices import Grade
from edubureau.registry.tests.factories import ClassGroupFactory
from tests.permission_indicators import (
    CLASS_SIZE, DUAL, EARLIER, EXTRA, INACTIVE, PERIOD, build_indicator_values,
)
from tests.world import plans_of, registry_of


@pytest.fixture
def indicators(world) -> dict[str, Indicator]:
    return build_indicator_values(world)


def fresh(world, role: str) -> User:
    """The world user re-read, so that no scope cache is carried over."""
    return User.objects.get(pk=world.users[role].pk)


def keys_of(world, units) -> list[str]:
    by_pk = {unit.pk: key for key, unit in world.units.items()}
    return [by_pk[unit.pk] for unit in units]


# ---- formatting -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "unit", "expected"), [
    (None, "%", "—"), (Decimal("25.0000"), "%", "25"), (Decimal("12.3456"), "%", "12.35"),
    (Decimal("100.0000"), "%", "100"), (Decimal("0.0050"), "%", "0.01"), (Decimal("3.0000"), "个", "3"),
    (Decimal("2.5000"), "个", "2.5"), (Decimal("4.2000"), "人", "4.2"), (Decimal("0.1234"), "", "0.12"),
])
def test_numbers_are_shown_without_trailing_zeros(value, unit, expected):
    assert format_number(value, unit) == expected


def test_target_text(indicators):
    assert [target_text(indicators[code]) for code in (CLASS_SIZE, DUAL, INACTIVE)] == ["≤ 0%", "≥ 60%", "≤ 0个"]
    assert target_text(Indicator(code="x", name="x", unit="%")) == ""


# ---- periods and units ----------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "expected"), [
    ("leader", [PERIOD, EARLIER]), ("school_admin", [PERIOD, EARLIER]), ("inspector", [PERIOD, EARLIER]),
    ("norole", []),
])
def test_periods_are_the_school_years_with_values_in_scope_latest_first(world, indicators, role, expected):
    assert indicator_periods(fetched_by=fresh(world, role)) == expected


def test_periods_leave_out_years_and_months_and_units_out_of_scope(world, indicators):
    now = IndicatorValue.objects.first().computed_at
    for unit, period in (("C", "2024"), ("C", "2024-05"), ("X", "2019-2020")):
        IndicatorValue.objects.create(indicator=indicators[EXTRA], org_unit=world.units[unit], period=period,
                                      computed_at=now)
    assert indicator_periods(fetched_by=fresh(world, "leader")) == [PERIOD, EARLIER]
    assert indicator_periods(fetched_by=fresh(world, "superuser")) == [PERIOD, EARLIER, "2019-2020"]


@pytest.mark.parametrize(("role", "expected"), [
    ("leader", "C"), ("district_admin", "D1"), ("school_admin", "A1"), ("inspector", "B1"), ("superuser", "C"),
    ("norole", None),
])
def test_a_page_opens_at_the_top_of_the_scope(world, role, expected):
    unit = dashboard_unit(fetched_by=fresh(world, role), unit_id=None)
    assert (keys_of(world, [unit])[0] if unit else None) == expected


@pytest.mark.parametrize(("role", "key", "allowed"), [
    ("leader", "A1", True), ("district_admin", "A2", True), ("district_admin", "B1", False),
    ("school_admin", "A1E", True), ("school_admin", "D1", False), ("leader", "X1", False),
])
def test_a_unit_asked_for_must_be_in_scope(world, role, key, allowed):
    user, pk = fresh(world, role), world.units[key].pk
    if allowed:
        assert dashboard_unit(fetched_by=user, unit_id=pk) == world.units[key]
    else:
        with pytest.raises(Http404):
            dashboard_unit(fetched_by=user, unit_id=pk)


@pytest.mark.parametrize(("role", "expected"), [
    ("leader", ["C", "D1", "D2"]), ("district_admin", ["D1"]), ("school_admin", ["A1"]),
    ("inspector", ["B1", "A2"]), ("superuser", ["C", "X", "D1", "D2"]), ("norole", []),
])
def test_the_unit_picker_offers_the_top_of_the_scope_then_its_districts(world, role, expected):
    assert keys_of(world, unit_choices(fetched_by=fresh(world, role))) == expected


@pytest.mark.parametrize(("period_type", "periods", "expected"), [
    (PeriodType.SCHOOL_YEAR, [], PERIOD),
    (PeriodType.YEAR, ["2023", "2024"], "2024"),
    (PeriodType.MONTH, ["2024-08", "2024-09", "2025-03", "2025-09"], "2025-03"),
    (PeriodType.MONTH, ["2024-08"], None),
])
def test_the_period_a_school_year_shows(period_type, periods, expected):
    assert _period_for(period_type, PERIOD, periods) == expected


# ---- the dashboard --------------------------------------------------------------------------------

def rows_by_code(board) -> dict:
    return {row.indicator.code: row for row in board.rows}


def test_the_city_dashboard(world, indicators):
    board = indicator_dashboard(fetched_by=fresh(world, "leader"), unit=world.units["C"], period=PERIOD)
    assert [(section, [row.indicator.code for row in rows]) for section, rows in board.sections] == [
        (REGISTRY[CLASS_SIZE].section, [CLASS_SIZE]), (REGISTRY[DUAL].section, [DUAL]), (SECTION_OTHER, [EXTRA]),
    ]  # in sort order, grouped by the definitions' sections; the switched-off indicator is left out
    rows = rows_by_code(board)
    assert [(code, row.display, row.light, row.target, row.uncertain, row.rank) for code, row in rows.items()] == [
        (CLASS_SIZE, "25%", Light.RED, "≤ 0%", False, None),
        (DUAL, "55%", Light.YELLOW, "≥ 60%", True, None),
        (EXTRA, "—", Light.GREY, "≥ 90%", False, None),
    ]
    assert rows[CLASS_SIZE].trend == [(EARLIER, Decimal("50.0000")), (PERIOD, Decimal("25.0000"))]
    assert rows[CLASS_SIZE].chart() == {"periods": [EARLIER, PERIOD], "values": [50.0, 25.0], "unit": "%",
                                        "target": 0.0}
    assert (rows[DUAL].value.numerator, rows[DUAL].value.denominator) == (Decimal(11), Decimal(20))
    assert board.light_counts == {Light.RED: 1, Light.YELLOW: 1, Light.GREEN: 0, Light.NONE: 0, Light.GREY: 1}


def test_an_earlier_school_year_shows_its_own_values(world, indicators):
    board = indicator_dashboard(fetched_by=fresh(world, "leader"), unit=world.units["C"], period=EARLIER)
    assert {code: row.display for code, row in rows_by_code(board).items()} == {CLASS_SIZE: "50%", DUAL: "—",
                                                                              EXTRA: "—"}


def test_a_school_dashboard_carries_its_rank(world, indicators):
    board = indicator_dashboard(fetched_by=fresh(world, "school_admin"), unit=world.units["A1"], period=PERIOD)
    rows = rows_by_code(board)
    assert (rows[CLASS_SIZE].display, rows[CLASS_SIZE].rank) == ("100%", RankPosition(3, 3))
    assert rows[CLASS_SIZE].rank.label == "第 3 / 3 名"
    assert rows[EXTRA].rank is None  # no value at A1
    # 双师型 counts 中职 schools only: left out at a primary school
    assert (list(rows), board.not_applicable) == ([CLASS_SIZE, EXTRA], 1)


def test_a_vocational_school_sees_the_vocational_indicator(world, indicators):
    world.schools["CS"].stage = "vocational"
    world.schools["CS"].save()
    unit = dashboard_unit(fetched_by=fresh(world, "leader"), unit_id=world.units["CS"].pk)
    board = indicator_dashboard(fetched_by=fresh(world, "leader"), unit=unit, period=PERIOD)
    assert ([row.indicator.code for row in board.rows], board.not_applicable) == ([DUAL, EXTRA], 1)
    assert rows_by_code(board)[DUAL].rank == RankPosition(1, 1)


def test_a_school_leaves_out_indicators_that_compare_schools(world, indicators):
    cv = next((code for code, builtin in REGISTRY.items() if builtin.rollup.kind == "cv"), None)
    if cv is None:
        pytest.skip("no coefficient-of-variation built-in registered")
    Indicator.objects.create(code=cv, name="差异系数测试", comparator=Comparator.LE, target=Decimal("0.5"))
    user = fresh(world, "leader")
    school = indicator_dashboard(fetched_by=user, unit=dashboard_unit(fetched_by=user, unit_id=world.units["A1"].pk),
                                 period=PERIOD)
    district = indicator_dashboard(fetched_by=user, unit=world.units["D1"], period=PERIOD)
    assert (cv in rows_by_code(school), school.not_applicable) == (False, 2)  # and 双师型
    assert (cv in rows_by_code(district), district.not_applicable) == (True, 0)


def test_a_figure_without_a_target_is_not_judged(world, indicators):
    plain = Indicator.objects.create(code="plain", name="无目标指标", unit="人", sort_order=99)
    IndicatorValue.objects.create(indicator=plain, org_unit=world.units["C"], period=PERIOD, value=Decimal(12),
                                  light=Light.NONE, computed_at=timezone.now())  # as engine.light_of stores it
    board = indicator_dashboard(fetched_by=fresh(world, "leader"), unit=world.units["C"], period=PERIOD)
    row = rows_by_code(board)["plain"]
    assert (row.display, row.light, row.light_label, row.target) == ("12人", Light.NONE, NO_TARGET, "")
    assert board.light_counts[Light.NONE] == 1
    assert rows_by_code(board)[EXTRA].light_label == "无数据"


def test_values_out_of_scope_are_never_read(world, indicators):
    """Even handed a unit outside the scope, the selector reads no value of it."""
    board = indicator_dashboard(fetched_by=fresh(world, "school_admin"), unit=world.units["D2"], period=PERIOD)
    assert [row.value for row in board.rows] == [None, None, None]
    assert [row.trend for row in board.rows] == [[], [], []]


def test_the_home_summary(world, indicators):
    summary = indicator_home_summary(fetched_by=fresh(world, "leader"), unit=world.units["C"])
    assert (summary.period, summary.light_counts) == (PERIOD, {Light.RED: 1, Light.YELLOW: 1, Light.GREEN: 0,
                                                              Light.NONE: 0, Light.GREY: 1})
    assert [row.indicator.code for row in summary.lagging] == [CLASS_SIZE]
    assert indicator_home_summary(fetched_by=fresh(world, "norole"), unit=None) is None


# ---- ranks ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "expected"), [
    ("A1", {CLASS_SIZE: RankPosition(3, 3)}),
    ("A2", {CLASS_SIZE: RankPosition(1, 3)}),  # a tie with B1 at 0%: both first
    ("B1", {CLASS_SIZE: RankPosition(1, 3)}),
    ("CS", {DUAL: RankPosition(1, 1)}),
    ("X1", {CLASS_SIZE: RankPosition(1, 1)}),  # another city: ranked among its own schools only
])
def test_a_school_is_ranked_among_the_schools_of_its_city(world, indicators, key, expected):
    ranks = school_ranks(school=world.units[key], period=PERIOD)
    assert ranks == {indicators[code].pk: rank for code, rank in expected.items()}


@pytest.mark.parametrize(("comparator", "target", "values", "expected"), [
    (Comparator.GE, Decimal(60), {"A1": 70, "A2": 80, "B1": 70}, {"A1": 2, "A2": 1, "B1": 2}),
    (Comparator.LE, Decimal(0), {"A1": 7, "A2": 2, "B1": 0}, {"A1": 3, "A2": 2, "B1": 1}),
    (Comparator.EQ, Decimal(100), {"A1": 99, "A2": 103, "B1": 100}, {"A1": 2, "A2": 3, "B1": 1}),
])
def test_better_follows_the_comparator(world, comparator, target, values, expected):
    indicator = Indicator.objects.create(code="ranked", name="排名用指标", comparator=comparator, target=target)
    now = timezone.now()
    for key, value in values.items():
        IndicatorValue.objects.create(indicator=indicator, org_unit=world.units[key], period=PERIOD,
                                      value=Decimal(value), computed_at=now)
    IndicatorValue.objects.create(indicator=indicator, org_unit=world.units["D1"], period=PERIOD, value=Decimal(1),
                                  computed_at=now)  # a district is not a school: not ranked with them
    ranks = {key: school_ranks(school=world.units[key], period=PERIOD)[indicator.pk] for key in values}
    assert ranks == {key: RankPosition(position, 3) for key, position in expected.items()}


def test_an_indicator_without_a_comparator_is_not_ranked(world):
    indicator = Indicator.objects.create(code="plain", name="无目标指标")
    IndicatorValue.objects.create(indicator=indicator, org_unit=world.units["A1"], period=PERIOD, value=Decimal(5),
                                  computed_at=timezone.now())
    assert school_ranks(school=world.units["A1"], period=PERIOD) == {}


# ---- one indicator at one unit ----------------------------------------------------------------------

@pytest.mark.parametrize(("role", "key", "expected"), [
    ("leader", "C", ["D1", "D2"]),  # worst first; 基础教育科 and the special school have no value
    ("leader", "D1", ["A1", "A2"]),
    ("district_admin", "D1", ["A1", "A2"]),
    ("inspector", "D1", ["A2"]),  # the inspector sees A2, not A1
    ("school_admin", "D1", ["A1"]),
    ("school_admin", "C", []),
    ("superuser", "X", ["X1"]),
])
def test_child_values_in_scope_worst_first(world, indicators, role, key, expected):
    rows = child_values(fetched_by=fresh(world, role), indicator=indicators[CLASS_SIZE], unit=world.units[key],
                        period=PERIOD)
    assert keys_of(world, [row.org_unit for row in rows]) == expected


def test_the_detail_of_a_district(world, indicators):
    detail = indicator_detail(fetched_by=fresh(world, "leader"), indicator=indicators[CLASS_SIZE],
                              unit=world.units["D1"], period=PERIOD)
    assert (detail.row.display, detail.row.light, detail.row.rank, detail.records) == ("50%", Light.RED, None, [])
    assert keys_of(world, detail.ancestors) == ["C"]
    assert detail.charts() == {
        "trend": {"periods": [EARLIER, PERIOD], "values": [100.0, 50.0], "unit": "%", "target": 0.0},
        "children": {"names": [world.name("A1"), world.name("A2")], "values": [100.0, 0.0],
                     "lights": [Light.RED, Light.GREEN], "unit": "%", "target": 0.0},
    }


def test_the_detail_of_a_school_for_its_admin(world, indicators):
    registry_of(world)  # A1 has a 一年级 class in 2024-2025
    detail = indicator_detail(fetched_by=fresh(world, "school_admin"), indicator=indicators[CLASS_SIZE],
                              unit=world.units["A1"], period=PERIOD)
    assert (detail.row.display, detail.row.rank, detail.ancestors, detail.children) == (
        "100%", RankPosition(3, 3), [], [])
    pk = world.units["A1"].pk
    assert detail.records == [RecordLink(
        "一年级班额超过50人的班级", f"/registry/classes/?school={pk}&school_year=2024-2025&grade=1&size_band=over_50")]


def test_indicator_get_refuses_unknown_and_switched_off_codes(indicators):
    assert indicator_get(code=CLASS_SIZE) == indicators[CLASS_SIZE]
    for code in ("nonexistent", INACTIVE):
        with pytest.raises(Http404):
            indicator_get(code=code)


# ---- records behind a school's figure ----------------------------------------------------------------

def test_record_links_by_drill_key(world, indicators):
    a2 = world.units["A2"]
    for grade in (Grade.G1, Grade.G7, Grade.G8):
        ClassGroupFactory(school=a2, school_year=PERIOD, grade=grade)
    ClassGroupFactory(school=a2, school_year=EARLIER, grade=Grade.G10)
    base = f"/registry/classes/?school={a2.pk}&school_year={PERIOD}"
    assert record_links(indicator=indicators[CLASS_SIZE], school=a2, period=PERIOD) == [
        RecordLink("一年级班额超过50人的班级", f"{base}&grade=1&size_band=over_50"),
        RecordLink("七年级班额超过50人的班级", f"{base}&grade=7&size_band=over_50"),
    ]
    assert record_links(indicator=indicators[EXTRA], school=a2, period=PERIOD) == []  # no drill key

    def links(code: str) -> list[RecordLink]:
        return record_links(indicator=Indicator(code=code), school=a2, period=PERIOD)

    assert links("huge_classes") == [RecordLink("超大班额(66人及以上)的班级", f"{base}&size_band=oversized")]
    if "senior_intake_over_55" in REGISTRY:
        assert links("senior_intake_over_55") == [
            RecordLink("高一班额超过55人的班级", f"{base}&grade=10&size_band=large")]
    if "psych_fulltime_schools" in REGISTRY:
        assert links("psych_fulltime_schools") == [
            RecordLink("专职心理健康教师", f"/registry/teachers/?school={a2.pk}&fulltime_psychology=1"),
            RecordLink("全部教职工(含兼职)", f"/registry/teachers/?school={a2.pk}"),
        ]


def test_every_drill_key_leads_to_records():
    """A new drill key in definitions.DRILLS needs its pages in selectors.RECORD_LINKS."""
    assert set(RECORD_LINKS) == set(DRILLS)
    assert {builtin.drill for builtin in REGISTRY.values()} - {""} <= set(RECORD_LINKS)


@pytest.mark.parametrize("key", sorted(DRILLS))
def test_every_record_link_opens(world, client_as, key):
    """Each drill key's links open for a user who sees the school (registry lists, the school page)."""
    a1 = world.units["A1"]
    ClassGroupFactory(school=a1, school_year=PERIOD, grade=Grade.G1)
    found = RECORD_LINKS[key](a1, PERIOD)
    assert found
    client = client_as("school_admin")
    for link in found:
        response = client.get(link.url)
        assert (link.label, response.status_code) == (link.label, 200)
        assert "form" not in response.context or not response.context["form"].errors  # every filter is valid


# ---- plan items -----------------------------------------------------------------------------------

def test_plan_items_of_the_plan_the_user_sees(world):
    plans = plans_of(world)  # P24 (2024) items 1-4, P23 (2023) items 1-2
    indicator = Indicator.objects.create(code="planned", name="要点指标", plan_items="2、4,99")
    i2, i4, j2 = plans.items["I2"], plans.items["I4"], plans.items["J2"]

    def links(role, period):
        return plan_item_links(fetched_by=fresh(world, role), school_year=period, indicators=[indicator])[indicator.pk]

    assert links("leader", PERIOD) == [PlanItemLink("2", i2.title, i2.pk), PlanItemLink("4", i4.title, i4.pk),
                                       PlanItemLink("99")]
    assert links("leader", EARLIER) == [PlanItemLink("2", j2.title, j2.pk), PlanItemLink("4"), PlanItemLink("99")]
    # 浩口镇中心小学 shares only in item 4 of the 2024 plan
    assert links("school_admin", PERIOD) == [PlanItemLink("2"), PlanItemLink("4", i4.title, i4.pk),
                                             PlanItemLink("99")]
    assert links("norole", PERIOD) == [PlanItemLink("2"), PlanItemLink("4"), PlanItemLink("99")]
    assert PlanItemLink("4", "建设智慧校园示范校", 1).label == "第4条 建设智慧校园示范校"
