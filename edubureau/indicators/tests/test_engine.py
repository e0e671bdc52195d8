"""The indicator engine: roll-up by path, the coefficient of variation, lights, storing, syncing definitions."""
from decimal import Decimal

from django.utils import timezone

import pytest

from edubureau.indicators.definitions import REGISTRY
from edubureau.indicators.engine import (
    Rollup, UnitResult, ancestors_by_school, coefficient_of_variation, light_of, roll_up, store,
)
from edubureau.indicators.models import Certainty, Comparator, Indicator, IndicatorValue, Light
from edubureau.indicators.services import compute_indicators, indicators_sync
from edubureau.orgs.models import Stage
from edubureau.orgs.tests.factories import CityFactory, DistrictFactory, SchoolFactory
from edubureau.registry.tests.factories import SchoolYearFiguresFactory

# A tree by hand: city 1 > districts 10, 20 > schools 11, 12 (under 10) and 21 (under 20).
UNITS = {"/C/": 1, "/C/D1/": 10, "/C/D2/": 20, "/C/D1/S11/": 11, "/C/D1/S12/": 12, "/C/D2/S21/": 21}
SCHOOLS = [(11, "/C/D1/S11/"), (12, "/C/D1/S12/"), (21, "/C/D2/S21/")]
ANCESTORS = ancestors_by_school(SCHOOLS, UNITS)


def test_a_school_has_itself_and_every_unit_above_it_as_ancestors():
    assert ANCESTORS == {11: [1, 10, 11], 12: [1, 10, 12], 21: [1, 20, 21]}
    # A path segment that is no unit (a unit outside the tree) is skipped.
    assert ancestors_by_school([(5, "/C/X/S5/")], {"/C/": 1, "/C/X/S5/": 5}) == {5: [1, 5]}


def test_ratio_adds_the_components_of_every_school_under_a_unit():
    components = {11: (1, 4), 12: (2, 4), 21: (3, 12)}
    results = roll_up(components, ANCESTORS, Rollup("ratio", Decimal(100)))
    assert results[11] == UnitResult(1, 4, Decimal(25), 1)  # 1 / 4 × 100
    assert results[10] == UnitResult(3, 8, Decimal("37.5"), 2)  # (1 + 2) / (4 + 4) × 100
    assert results[20] == UnitResult(3, 12, Decimal(25), 1)
    assert results[1] == UnitResult(6, 20, Decimal(30), 3)  # 6 / 20 × 100


def test_a_ratio_with_a_zero_denominator_has_no_value():
    results = roll_up({11: (1, 0), 21: (3, 3)}, ANCESTORS, Rollup("ratio"))
    assert results[11] == UnitResult(1, 0, None, 1)
    assert results[1] == UnitResult(4, 3, Decimal(4) / 3, 2)


def test_sum_takes_the_first_component_and_keeps_the_second_as_denominator():
    results = roll_up({11: (2, 5), 12: (0, 3), 21: (1, 1)}, ANCESTORS, Rollup("sum"))
    assert results[10] == UnitResult(2, 8, 2, 2)
    assert results[1] == UnitResult(3, 9, 3, 3)


def test_combine_turns_the_summed_components_into_numerator_and_denominator():
    # (E_t, N_t, E_t-1, N_t-1) → (E_t / N_t, E_t-1 / N_t-1), as "只增不减 per student" does.
    def per_head(sums):
        return sums[0] / sums[1], sums[2] / sums[3]

    results = roll_up({11: (100, 10, 90, 10), 12: (200, 10, 90, 5)}, ANCESTORS,
                      Rollup("ratio", Decimal(100), combine=per_head))
    # District: (300 / 20) / (180 / 15) × 100 = 15 / 12 × 100 = 125.
    assert results[10] == UnitResult(Decimal(15), Decimal(12), Decimal(125), 2)


def test_a_combine_without_numerator_gives_no_value():
    results = roll_up({11: (1, 0)}, ANCESTORS, Rollup("ratio", combine=lambda sums: (None, Decimal(1))))
    assert results[11] == UnitResult(None, Decimal(1), None, 1)


def test_cv_is_stored_for_the_units_above_the_schools_only():
    # x = R / P: school 11 → 10 / 10 = 1, school 12 → 90 / 30 = 3, school 21 → 20 / 10 = 2.
    results = roll_up({11: (10, 10), 12: (90, 30), 21: (20, 10)}, ANCESTORS, Rollup("cv"))
    assert set(results) == {1, 10, 20}
    # District 10: X̄ = 100 / 40 = 2.5; S² = 10/40 × (1 − 2.5)² + 30/40 × (3 − 2.5)² = 0.5625 + 0.1875 = 0.75;
    # S = 0.8660254; CV = 0.8660254 / 2.5 = 0.3464102.
    assert results[10].value.quantize(Decimal("0.0000001")) == Decimal("0.3464102")
    assert results[10].schools == 2
    assert results[20] == UnitResult(None, None, Decimal(0), 1)  # one school: no spread


def test_coefficient_of_variation_of_two_equal_schools_by_hand():
    # x = 1 and x = 3 with 10 students each: X̄ = 40 / 20 = 2, S = √(½·1 + ½·1) = 1, CV = 1 / 2.
    assert coefficient_of_variation([(10, 10), (30, 10)]) == Decimal("0.5")


def test_coefficient_of_variation_reproduces_the_worked_example_of_the_reference():
    # reference/indicators.md §3.2, https://m.777doc.com/doc-2019910.html: five primary schools,
    # (books, students) = (279, 45), (137, 37), (935, 89), (160, 76), (402, 55); 302 students, 1,913 books.
    pairs = [(279, 45), (137, 37), (935, 89), (160, 76), (402, 55)]
    assert sum(p for _, p in pairs) == 302 and sum(r for r, _ in pairs) == 1913
    cv = coefficient_of_variation(pairs)
    mean = Decimal(1913) / 302  # X̄ = 6.33
    # Σ (P_i/P)(x_i − X̄)² = 0.003 + 0.85 + 5.13 + 4.50 + 0.17 = 10.65 (the published steps); S = √10.65 = 3.26.
    assert round(mean, 2) == Decimal("6.33")
    assert round(cv * mean, 2) == Decimal("3.26")
    assert round(cv, 3) == Decimal("0.515")  # the example rounds S and X̄ first and prints 0.52


@pytest.mark.parametrize("pairs", [[], [(5, 0)], [(0, 10), (0, 20)]])
def test_coefficient_of_variation_is_none_without_students_or_with_a_zero_mean(pairs):
    assert coefficient_of_variation(pairs) is None


def test_a_school_without_students_is_left_out_of_the_coefficient_of_variation():
    assert coefficient_of_variation([(10, 10), (30, 10), (99, 0)]) == Decimal("0.5")


def _indicator(comparator=Comparator.GE, target="60", band="10") -> Indicator:
    return Indicator(code="x", name="x", comparator=comparator, target=None if target is None else Decimal(target),
                     yellow_band=Decimal(band))


@pytest.mark.parametrize(("value", "light"), [
    ("60", Light.GREEN), ("75", Light.GREEN),  # at or above the target
    ("59.99", Light.YELLOW), ("50", Light.YELLOW),  # below, within 10 of it
    ("49.99", Light.RED), ("0", Light.RED),
])
def test_lights_at_least_with_a_yellow_band(value, light):
    assert light_of(Decimal(value), _indicator()) == light


@pytest.mark.parametrize(("value", "light"), [("0", Light.GREEN), ("0.5", Light.YELLOW), ("2", Light.RED)])
def test_lights_at_most(value, light):
    assert light_of(Decimal(value), _indicator(Comparator.LE, "0", "0.5")) == light


def test_lights_equal_and_without_a_band():
    assert light_of(Decimal(100), _indicator(Comparator.EQ, "100", "0")) == Light.GREEN
    assert light_of(Decimal("99.9"), _indicator(Comparator.EQ, "100", "0")) == Light.RED
    assert light_of(Decimal("59"), _indicator(band="0")) == Light.RED


def test_grey_without_a_value_and_none_without_a_target():
    assert light_of(None, _indicator()) == Light.GREY
    assert light_of(Decimal(5), _indicator(target=None)) == Light.NONE
    assert light_of(Decimal(5), _indicator(comparator="")) == Light.NONE


@pytest.fixture
def tree(db):
    city = CityFactory()
    d1, d2 = DistrictFactory(parent=city), DistrictFactory(parent=city)
    return {"C": city, "D1": d1, "D2": d2}


def test_store_replaces_the_values_of_the_period_and_keeps_the_others(tree):
    indicator = Indicator.objects.create(code="share", name="占比", comparator=Comparator.GE, target=Decimal(60),
                                         yellow_band=Decimal(10))
    city, d1, d2 = tree["C"].pk, tree["D1"].pk, tree["D2"].pk
    store(indicator, "2023-2024", {city: UnitResult(Decimal(1), Decimal(2), Decimal(50), 2)})
    assert store(indicator, "2024-2025", {city: UnitResult(Decimal(1), Decimal(3), Decimal(1) / 3 * 100, 2),
                                          d1: UnitResult(Decimal(1), Decimal(1), Decimal(100), 1)}) == 2
    assert store(indicator, "2024-2025", {d2: UnitResult(Decimal(2), Decimal(3), Decimal(2) / 3 * 100, 1)}) == 1
    rows = {(v.period, v.org_unit_id): (v.numerator, v.denominator, v.value, v.light, v.schools)
            for v in IndicatorValue.objects.filter(indicator=indicator)}
    assert rows == {
        ("2023-2024", city): (Decimal(1), Decimal(2), Decimal(50), Light.YELLOW, 2),
        ("2024-2025", d2): (Decimal(2), Decimal(3), Decimal("66.6667"), Light.GREEN, 1),  # rounded to 4 places
    }


def test_sync_creates_every_builtin_with_its_defaults(db):
    indicators = indicators_sync()
    assert list(indicators) == list(REGISTRY)
    share = indicators["starting_grade_over_50"]
    assert (share.name, share.unit, share.plan_items, share.comparator, share.target, share.target_certainty) == (
        "起始年级班额超过50人的班级占比", "%", "23", Comparator.LE, Decimal(0), Certainty.VERIFIED)
    assert [i.sort_order for i in indicators.values()] == [10 * n for n in range(1, len(REGISTRY) + 1)]


def test_sync_keeps_what_the_bureau_set_and_refreshes_the_wording(db):
    indicators_sync()
    Indicator.objects.filter(code="dual_qualified_share").update(
        target=Decimal(70), comparator=Comparator.GE, target_year=2025, target_certainty=Certainty.RECALLED,
        yellow_band=Decimal(3), is_active=False, name="旧名称", description="旧口径")
    row = indicators_sync()["dual_qualified_share"]
    assert (row.target, row.target_year, row.target_certainty, row.yellow_band, row.is_active) == (
        Decimal(70), 2025, Certainty.RECALLED, Decimal(3), False)
    assert (row.name, row.description) == (REGISTRY["dual_qualified_share"].name,
                                           REGISTRY["dual_qualified_share"].description)


def test_compute_stores_the_chosen_indicators_and_skips_inactive_ones(tree):
    school = SchoolFactory(parent=tree["D1"], stage=Stage.PRIMARY).org_unit
    SchoolYearFiguresFactory(school=school, enrolment=500, student_computers=50)
    result = compute_indicators(period="2024-2025", codes=["students_per_computer", "teachers_per_computer"])
    assert (result.indicators, result.values) == (2, 6)  # school, district, city for each
    Indicator.objects.filter(code="teachers_per_computer").update(is_active=False)
    IndicatorValue.objects.all().delete()
    result = compute_indicators(period="2024-2025", codes=["students_per_computer", "teachers_per_computer"])
    assert (result.indicators, result.values) == (1, 3)
    values = IndicatorValue.objects.filter(indicator__code="students_per_computer")
    assert {(v.org_unit_id, v.value) for v in values} == {
        (school.pk, Decimal(10)), (tree["D1"].pk, Decimal(10)), (tree["C"].pk, Decimal(10))}  # 500 : 50


def test_changing_a_target_in_the_back_office_relights_the_stored_values(db):
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from edubureau.indicators.admin import IndicatorAdmin
    from edubureau.indicators.services import indicator_relight
    from edubureau.orgs.tests.factories import CityFactory

    indicator = Indicator.objects.create(code="share", name="占比", unit="%", comparator=Comparator.GE,
                                         target=Decimal(60))
    city = CityFactory()
    value = IndicatorValue.objects.create(indicator=indicator, org_unit=city, period="2024-2025", value=Decimal(55),
                                          light=Light.RED, computed_at=timezone.now())
    indicator.target = Decimal(50)
    assert indicator_relight(indicator=indicator) == 1
    value.refresh_from_db()
    assert value.light == Light.GREEN
    assert IndicatorAdmin(Indicator, site).has_add_permission(RequestFactory().get("/")) is False
