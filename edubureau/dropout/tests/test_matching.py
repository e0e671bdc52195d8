"""The matcher: each rule, each outcome, the cases it opens, and set-wise query counts."""
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edubureau.core.idnumbers import build_id_number, encrypt_id, id_hash
from edubureau.dropout.matching import CASE_CREATED_NOTE, match_school_year
from edubureau.dropout.models import (
    CaseSource, CaseStatus, CaseTransition, DropoutCase, MatchOutcome, MatchResult, MatchRule, OutsideStudy,
    PopulationRecord,
)
from edubureau.registry.choices import Sex, StudentStatus
from edubureau.registry.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

YEAR = "2024-2025"
BORN = date(2015, 3, 6)
NUMBER = build_id_number("429005", BORN, 1)  # 429005201503060013


def resident(world, number=NUMBER, *, name="张三", born=BORN, division="429005106", village="红星村"):
    return PopulationRecord.objects.create(
        id_number_enc=encrypt_id(number), id_number_hash=id_hash(number), school_year=YEAR, city=world.units["C"],
        name=name, sex=Sex.MALE, birth_date=born, division_code=division, village=village)


def student(world, number=NUMBER, *, name="张三", born=BORN, school="A1", status=StudentStatus.IN_SCHOOL):
    return StudentFactory(school=world.units[school], id_number=number, name=name, birth_date=born, sex=Sex.MALE,
                          status=status)


def outside(number=NUMBER):
    return OutsideStudy.objects.create(id_number_enc=encrypt_id(number), id_number_hash=id_hash(number),
                                       school_year=YEAR, name="张三", receiving_school="深圳市宝安区实验学校",
                                       receiving_place="广东省深圳市", proof_reference="在读证明 2024-118")


def results():
    return list(MatchResult.objects.order_by("id").values_list("population_id", "student_id", "outcome", "rule",
                                                                "score"))


def swapped(text: str, position: int) -> str:
    return text[:position] + text[position + 1] + text[position] + text[position + 2:]


def one_digit(text: str, position: int) -> str:
    return text[:position] + str((int(text[position]) + 1) % 10) + text[position + 1:]


@pytest.mark.parametrize(("status", "outcome"), [
    (StudentStatus.IN_SCHOOL, MatchOutcome.IN_SCHOOL_HERE),
    (StudentStatus.SUSPENDED, MatchOutcome.IN_SCHOOL_HERE),
    (StudentStatus.GRADUATED, MatchOutcome.COMPLETED),
    (StudentStatus.DECEASED, MatchOutcome.DECEASED),
    (StudentStatus.DROPPED_OUT, MatchOutcome.SUSPECTED),
    (StudentStatus.TRANSFERRED_OUT, MatchOutcome.SUSPECTED),  # left without a receiving school
])
def test_exact_match_by_identity_hash_and_the_students_status(world, status, outcome):
    person, pupil = resident(world), student(world, status=status)
    summary = match_school_year(school_year=YEAR, city=world.units["C"])
    assert results() == [(person.id, pupil.id, outcome, MatchRule.EXACT_ID, Decimal("100.0"))]
    assert summary[outcome] == 1
    assert summary["cases_created"] == DropoutCase.objects.count() == (1 if outcome == MatchOutcome.SUSPECTED else 0)


def test_a_suspect_matched_to_a_dropped_out_student_is_a_case_of_the_school(world):
    person, pupil = resident(world), student(world, status=StudentStatus.DROPPED_OUT)
    match_school_year(school_year=YEAR, city=world.units["C"])
    case = DropoutCase.objects.get()
    assert (case.unit, case.student, case.population, case.source, case.status) == (
        world.units["A1"], pupil, person, CaseSource.POPULATION, CaseStatus.SUSPECTED)
    assert (case.responsible_school, case.town_unit, case.village) == (world.units["A1"], world.units["D1"], "红星村")


def test_transferred_out_with_an_outside_study_record_is_studying_elsewhere(world):
    person, pupil = resident(world), student(world, status=StudentStatus.TRANSFERRED_OUT)
    outside()
    match_school_year(school_year=YEAR, city=world.units["C"])
    assert results() == [(person.id, pupil.id, MatchOutcome.STUDYING_ELSEWHERE, MatchRule.EXACT_ID, Decimal("100.0"))]
    assert DropoutCase.objects.count() == 0


def test_a_resident_not_in_school_with_an_outside_study_record_is_studying_elsewhere(world):
    person = resident(world)
    outside()
    match_school_year(school_year=YEAR, city=world.units["C"])
    assert results() == [(person.id, None, MatchOutcome.STUDYING_ELSEWHERE, "", None)]


def test_a_resident_found_nowhere_is_a_suspect_with_a_case_in_their_town(world):
    person = resident(world)
    actor = world.users["sysadmin"]
    summary = match_school_year(school_year=YEAR, city=world.units["C"], actor=actor)
    assert results() == [(person.id, None, MatchOutcome.SUSPECTED, "", None)]
    assert summary[MatchOutcome.SUSPECTED] == summary["cases_created"] == 1
    case = DropoutCase.objects.get()
    assert (case.unit, case.town_unit, case.village, case.source, case.name, case.birth_date) == (
        world.units["D1"], world.units["D1"], "红星村", CaseSource.POPULATION, "张三", BORN)
    assert case.id_number_hash == id_hash(NUMBER)
    assert list(CaseTransition.objects.values_list("case", "from_status", "to_status", "by", "note")) == [
        (case.id, "", CaseStatus.SUSPECTED, actor.id, CASE_CREATED_NOTE)]


def test_a_suspect_in_a_town_without_a_district_belongs_to_the_city(world):
    resident(world, division="429005450")
    match_school_year(school_year=YEAR, city=world.units["C"])
    assert (DropoutCase.objects.get().unit, DropoutCase.objects.get().town_unit) == (world.units["C"], None)


def test_same_name_and_birth_date_is_a_candidate(world):
    person = resident(world)
    pupil = student(world, number=None)  # an L 学籍号 and no identity number
    match_school_year(school_year=YEAR, city=world.units["C"])
    assert results() == [(person.id, pupil.id, MatchOutcome.CANDIDATE, MatchRule.NAME_BIRTH, Decimal("100.0"))]
    assert DropoutCase.objects.count() == 0


@pytest.mark.parametrize("position", [2, 10, 13, 14, 16, 17])  # area, birth date, both sides of the blocks, check
def test_an_identity_number_one_digit_away_is_a_candidate(world, position):
    person = resident(world, one_digit(NUMBER, position))
    pupil = student(world, name="张山")  # a name variant too: ratio 50
    match_school_year(school_year=YEAR, city=world.units["C"])
    # (50 + (1 - 1/18) × 100) / 2 = 72.2
    assert results() == [(person.id, pupil.id, MatchOutcome.CANDIDATE, MatchRule.ID_ONE_DIGIT, Decimal("72.2"))]


@pytest.mark.parametrize("position", [2, 9, 13, 16])  # area, birth date, across the blocks, sequence/check
def test_an_identity_number_with_two_adjacent_digits_swapped_is_a_candidate(world, position):
    person = resident(world, swapped(NUMBER, position))
    pupil = student(world, born=date(2015, 3, 7))  # not the same birth date: only the number can find it
    match_school_year(school_year=YEAR, city=world.units["C"])
    # (100 + (1 - 1/18) × 100) / 2 = 97.2
    assert results() == [(person.id, pupil.id, MatchOutcome.CANDIDATE, MatchRule.ID_TRANSPOSITION, Decimal("97.2"))]


def test_two_digits_away_is_no_candidate(world):
    person = resident(world, one_digit(one_digit(NUMBER, 16), 2))
    student(world, born=date(2015, 3, 7))
    match_school_year(school_year=YEAR, city=world.units["C"])
    assert results() == [(person.id, None, MatchOutcome.SUSPECTED, "", None)]


def test_the_best_candidate_wins(world):
    person = resident(world)
    student(world, one_digit(NUMBER, 17), name="张山")  # 72.2
    best = student(world, number=None)  # same name and birth date: 100
    match_school_year(school_year=YEAR, city=world.units["C"])
    assert results() == [(person.id, best.id, MatchOutcome.CANDIDATE, MatchRule.NAME_BIRTH, Decimal("100.0"))]


def test_a_student_matched_exactly_is_no_candidate_for_another_resident(world):
    first = resident(world)
    second = resident(world, build_id_number("429005", BORN, 3))  # same name and birth date, another person
    pupil = student(world)
    match_school_year(school_year=YEAR, city=world.units["C"])
    assert results() == [(first.id, pupil.id, MatchOutcome.IN_SCHOOL_HERE, MatchRule.EXACT_ID, Decimal("100.0")),
                         (second.id, None, MatchOutcome.SUSPECTED, "", None)]


def test_students_who_left_are_suspects_from_the_student_side(world):
    dropped = student(world, status=StudentStatus.DROPPED_OUT)
    left = student(world, build_id_number("429005", BORN, 3), status=StudentStatus.TRANSFERRED_OUT, school="B1")
    student(world, build_id_number("429005", BORN, 5), status=StudentStatus.TRANSFERRED_OUT)
    outside(build_id_number("429005", BORN, 5))  # left with a receiving school: not a suspect
    student(world, build_id_number("429005", BORN, 7), status=StudentStatus.DROPPED_OUT, school="X1")  # other city
    student(world, build_id_number("429005", date(2007, 3, 6), 9), born=date(2007, 3, 6),
            status=StudentStatus.DROPPED_OUT)  # 17: past compulsory-school age
    summary = match_school_year(school_year=YEAR, city=world.units["C"])
    assert results() == [(None, dropped.id, MatchOutcome.SUSPECTED, "", None),
                         (None, left.id, MatchOutcome.SUSPECTED, "", None)]
    assert summary["cases_created"] == 2
    assert sorted(DropoutCase.objects.values_list("unit", "source", "student")) == [
        (world.units["A1"].id, CaseSource.STUDENT, dropped.id), (world.units["B1"].id, CaseSource.STUDENT, left.id)]


def test_residents_outside_compulsory_school_age_are_not_matched(world):
    resident(world, build_id_number("429005", date(2018, 9, 1), 1), born=date(2018, 9, 1))
    resident(world, build_id_number("429005", date(2008, 8, 31), 1), born=date(2008, 8, 31))
    kept = resident(world, build_id_number("429005", date(2018, 8, 31), 1), born=date(2018, 8, 31))
    match_school_year(school_year=YEAR, city=world.units["C"])
    assert [row[0] for row in results()] == [kept.id]


def test_rerunning_replaces_the_results_and_opens_no_second_case(world):
    resident(world)
    match_school_year(school_year=YEAR, city=world.units["C"])
    first = results()
    summary = match_school_year(school_year=YEAR, city=world.units["C"])
    assert [row[:3] for row in results()] == [row[:3] for row in first]
    assert summary["cases_created"] == 0
    assert DropoutCase.objects.count() == 1 and CaseTransition.objects.count() == 1


def _queries(world, count: int, start: int) -> int:
    for sequence in range(start, start + 2 * count, 2):
        number = build_id_number("429005", BORN, sequence)
        resident(world, number)
        student(world, one_digit(number, 17) if sequence % 4 == 1 else number)
    resident(world, build_id_number("429005", BORN, start + 2 * count + 1))  # a suspect
    with CaptureQueriesContext(connection) as queries:
        match_school_year(school_year=YEAR, city=world.units["C"])
    MatchResult.objects.all().delete()
    CaseTransition.objects.all().delete()
    DropoutCase.objects.all().delete()
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_data(world):
    assert _queries(world, 3, 1) == _queries(world, 30, 101)
