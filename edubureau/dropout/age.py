"""Compulsory-school age (义务教育适龄): the one place that says who should be in school in a school year.

The rule (reference/indicators.md §8):
- [V] 义务教育法 第十一条: a child who has reached six full years (年满六周岁) is sent to school;
  where conditions are lacking, entry may be postponed to seven.
- [V, practice] the enrolment cut-off is 8月31日 in most provinces: "年满6周岁" is counted on
  31 August of the year the school year starts.
- [R, convention] the 适龄 cohort is 6–15 周岁: ages 6–14 complete, up to 15 where entry was at 7.

Here: a child is of compulsory-school age in school year "Y-(Y+1)" when their age in completed
years on the cut-off day (31 August of Y by default) is at least MIN_AGE (6) and at most MAX_AGE
(15). Born 31 August 2018 → 6 on 2024-08-31 → of age in 2024-2025; born 1 September 2018 → 5 →
not yet. Born 1 September 2008 → 15 on 2024-08-31 → still of age; born 31 August 2008 → 16 → no.
A birthday on 29 February counts as reached on 1 March in common years.

The bounds and the cut-off day are configuration, not code (reference: "keep every threshold in
configuration"): settings.EDUBUREAU_COMPULSORY_AGE = {"min_age": 6, "max_age": 15,
"cutoff_month": 8, "cutoff_day": 31}, any key may be left out. Hubei or Qianjiang may set a
different cut-off; the [R] upper bound should be checked against the provincial 控辍保学 rules.
"""
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from edubureau.core.schoolyears import school_year_start

DEFAULTS = {"min_age": 6, "max_age": 15, "cutoff_month": 8, "cutoff_day": 31}


@dataclass(frozen=True)
class AgeRule:
    min_age: int
    max_age: int
    cutoff_month: int
    cutoff_day: int

    def cutoff(self, school_year: str) -> date:
        """The day ages are counted on for `school_year` ("2024-2025" → 2024-08-31 by default)."""
        return date(school_year_start(school_year), self.cutoff_month, self.cutoff_day)

    def birth_range(self, school_year: str) -> tuple[date, date]:
        """(earliest, latest) birth dates, both inclusive, of the children of age in `school_year`."""
        cutoff = self.cutoff(school_year)
        latest = cutoff.replace(year=cutoff.year - self.min_age)
        earliest = date.fromordinal(cutoff.replace(year=cutoff.year - self.max_age - 1).toordinal() + 1)
        return earliest, latest

    def is_of_age(self, birth_date: date, school_year: str) -> bool:
        return self.min_age <= age_on(birth_date, self.cutoff(school_year)) <= self.max_age


def age_on(birth_date: date, day: date) -> int:
    """Age in completed years (周岁) on `day`."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def age_rule() -> AgeRule:
    """The rule in force: DEFAULTS overridden by settings.EDUBUREAU_COMPULSORY_AGE."""
    values = {**DEFAULTS, **getattr(settings, "EDUBUREAU_COMPULSORY_AGE", {})}
    rule = AgeRule(**values)
    if not 0 < rule.min_age <= rule.max_age:
        raise ImproperlyConfigured("EDUBUREAU_COMPULSORY_AGE: need 0 < min_age <= max_age")
    try:
        date(2001, rule.cutoff_month, rule.cutoff_day)  # a common year: 29 February is refused
    except ValueError as exc:
        raise ImproperlyConfigured("EDUBUREAU_COMPULSORY_AGE: cutoff_month/cutoff_day is not a day of every year") from exc
    return rule


def compulsory_birth_range(school_year: str) -> tuple[date, date]:
    """(earliest, latest) birth dates, inclusive, of compulsory-school age in `school_year`."""
    return age_rule().birth_range(school_year)


def is_compulsory_age(birth_date: date, school_year: str) -> bool:
    return age_rule().is_of_age(birth_date, school_year)
