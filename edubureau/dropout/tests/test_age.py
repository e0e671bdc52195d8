"""The age rule at its boundaries (reference §8: 年满6周岁 by 31 August, up to 15)."""
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from edubureau.dropout.age import age_on, age_rule, compulsory_birth_range, is_compulsory_age


@pytest.mark.parametrize(("born", "expected"), [
    (date(2018, 8, 31), True),  # 6 on the cut-off day itself
    (date(2018, 9, 1), False),  # 6 one day later: next year's intake
    (date(2008, 9, 1), True),  # 15 on the cut-off day: the upper bound
    (date(2008, 8, 31), False),  # 16 on the cut-off day
    (date(2012, 2, 29), True),
])
def test_is_compulsory_age_at_the_boundaries(born, expected):
    assert is_compulsory_age(born, "2024-2025") is expected


def test_birth_range_matches_the_rule():
    assert compulsory_birth_range("2024-2025") == (date(2008, 9, 1), date(2018, 8, 31))
    assert compulsory_birth_range("2025-2026") == (date(2009, 9, 1), date(2019, 8, 31))


def test_age_on_counts_completed_years_and_29_february():
    assert age_on(date(2018, 8, 31), date(2024, 8, 31)) == 6
    assert age_on(date(2018, 9, 1), date(2024, 8, 31)) == 5
    assert age_on(date(2016, 2, 29), date(2023, 2, 28)) == 6
    assert age_on(date(2016, 2, 29), date(2023, 3, 1)) == 7


def test_the_cut_off_and_bounds_are_configurable(settings):
    settings.EDUBUREAU_COMPULSORY_AGE = {"cutoff_month": 12, "cutoff_day": 31, "max_age": 14}
    assert compulsory_birth_range("2024-2025") == (date(2010, 1, 1), date(2018, 12, 31))
    assert is_compulsory_age(date(2018, 12, 31), "2024-2025") is True
    assert is_compulsory_age(date(2009, 12, 31), "2024-2025") is False


@pytest.mark.parametrize("config", [{"min_age": 0}, {"min_age": 9, "max_age": 8}, {"cutoff_month": 2, "cutoff_day": 29}])
def test_a_bad_configuration_is_refused(settings, config):
    settings.EDUBUREAU_COMPULSORY_AGE = config
    with pytest.raises(ImproperlyConfigured):
        age_rule()
