"""The demo registry files: they read and validate through the import pipeline's front half with zero
errors, are deterministic, and have the realistic distributions the indicators need."""
import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from edubureau.core.codes import validate_school_code
from edubureau.core.exceptions import ApplicationError
from edubureau.core.idnumbers import id_birth_date, id_sex, validate_id_number
from edubureau.demo import registry_files
from edubureau.demo.registry_files import (
    KIND_KEYS, NO_DEMO_SCHOOLS, REGISTRY_SCALE_INVALID, SequenceAllocator, demo_schools, plan_city,
    schools_from_specs, student_rows, teacher_rows, write_registry_files,
)
from edubureau.demo.services import build_demo_city
from edubureau.demo.tree import full_tree, small_tree
from edubureau.imports.kinds import KINDS
from edubureau.imports.reading import read_table
from edubureau.imports.validation import validate_rows
from edubureau.orgs.models import STAGE_SCHOOL_TYPES, Stage

# Seed 1 at scale "small" on the small demo city (8 open schools of 10).
SMALL_COUNTS = {"figures": 20, "classes": 36, "students": 1537, "teachers": 114}
SMALL_IN_SCHOOL = 1530
PLANNED = {"2142005011", "1142005010"}  # 兴盛路小学 and 浩口公办幼儿园 (筹建中)
SCHOOL_YEAR = "2024-2025"


def _validated(path, key: str):
    kind = KINDS[key]
    table = read_table(path.read_bytes(), path.name)
    return validate_rows(
        table, kind.specs, row_validator=kind.validator(datetime.date.today()), unique_together=kind.unique_together,
    )


@pytest.fixture
def small_city(db):
    build_demo_city(seed=1, scale="small")


@pytest.fixture(scope="module")
def full_plan():
    return plan_city(schools_from_specs(full_tree(1)), seed=1, scale="full")


def _context(year: int = 2024):
    areas = (registry_files.QIANJIANG, registry_files.QIANJIANG_BEFORE_1994, *registry_files.NEIGHBOUR_AREAS)
    sequences = SequenceAllocator(areas, datetime.date(year - 66, 1, 1), datetime.date(year + 1, 12, 31))
    return registry_files._Context(1, f"{year}-{year + 1}", year, sequences)


# ---- the files, through the pipeline -----------------------------------------------------------------

def test_small_scale_files_validate_with_zero_errors(small_city, tmp_path):
    result = write_registry_files(tmp_path, seed=1, scale="small")

    assert result.counts == SMALL_COUNTS
    assert result.in_school == SMALL_IN_SCHOOL
    assert {key: path.name for key, path in result.paths.items()} == {
        "figures": "学校年度数据.xlsx", "classes": "班级名单.xlsx", "students": "学生名册.xlsx",
        "teachers": "教职工名册.xlsx",
    }
    for key in KIND_KEYS:
        validated = _validated(result.paths[key], key)
        assert validated.errors == [], key
        assert validated.header.row == 2 and validated.header.warnings == []  # a title row above the header
        assert len(validated.rows) == SMALL_COUNTS[key]


def test_small_scale_files_agree_with_each_other(small_city, tmp_path):
    paths = write_registry_files(tmp_path, seed=1, scale="small").paths
    figures, classes, students, teachers = (_validated(paths[key], key).rows for key in KIND_KEYS)

    class_keys = {(c["school_code"], c["grade"], c["name"]) for c in classes}
    assert all((s["school_code"], s["grade"], s["class_name"]) in class_keys for s in students)
    assert {c["school_year"] for c in classes} == {SCHOOL_YEAR}
    in_school = Counter(s["school_code"] for s in students if s["status"] == "in_school")
    current = {f["school_code"]: f["enrolment"] for f in figures if f["school_year"] == SCHOOL_YEAR}
    assert Counter(f["school_year"] for f in figures) == {"2023-2024": 10, SCHOOL_YEAR: 10}  # every school, two years
    assert {code: count for code, count in current.items() if count} == dict(in_school)
    assert PLANNED.isdisjoint({s["school_code"] for s in students} | {t["school_code"] for t in teachers})
    assert all(current[code] == 0 for code in PLANNED)
    assert {t["school_code"] for t in teachers} == set(in_school)
    assert Counter(s["status"] for s in students)["dropped_out"] >= 1


def test_small_scale_students_are_plausible(small_city, tmp_path):
    students = _validated(write_registry_files(tmp_path, seed=1, scale="small").paths["students"], "students").rows

    for student in students:
        born, grade = student["birth_date"], int(student["grade"])
        assert student["enrolment_date"].month == 9 and student["enrolment_date"].day == 1
        if grade >= 1:  # 6 by 31 August of the year of 一年级 (a few a year older)
            first_grade_year = 2024 - (grade - 1)
            age = first_grade_year - born.year - ((born.month, born.day) > (8, 31))
            assert age in (6, 7), student
        if student["id_number"]:
            assert student["xuejihao"] == "G" + student["id_number"]
            assert (id_birth_date(student["id_number"]), id_sex(student["id_number"])) == (born, student["sex"])
    kinds = Counter(s["xuejihao"][0] for s in students)
    assert kinds["G"] > 0.95 * len(students) and kinds["J"] + kinds["L"] > 0
    assert not any(s["id_number"] for s in students if s["xuejihao"][0] != "G")
    males = sum(s["sex"] == "M" for s in students) / len(students)
    assert 0.47 < males < 0.57
    assert not any(s["is_boarding"] for s in students if s["school_code"].startswith(("11", "21")))  # day schools


def test_schools_are_read_from_the_database_in_one_query(small_city, django_assert_num_queries):
    with django_assert_num_queries(1):
        schools = demo_schools()

    assert schools == schools_from_specs(small_tree(1))  # what the in-memory plans below stand for
    assert {s.code for s in schools if not s.is_open} == PLANNED


def test_same_seed_writes_the_same_bytes_and_another_seed_does_not(small_city, tmp_path):
    first = write_registry_files(tmp_path / "a", seed=1, scale="small")
    second = write_registry_files(tmp_path / "b", seed=1, scale="small")
    third = write_registry_files(tmp_path / "c", seed=2, scale="small")

    for key in KIND_KEYS:
        assert first.paths[key].read_bytes() == second.paths[key].read_bytes(), key
    assert first.paths["students"].read_bytes() != third.paths["students"].read_bytes()


def test_province_scale_writes_csv_of_replicated_schools(small_city, tmp_path):
    result = write_registry_files(tmp_path, seed=1, scale="province", province_students=20_000)

    assert {path.suffix for path in result.paths.values()} == {".csv"}
    assert result.paths["students"].read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    validated = {key: _validated(result.paths[key], key) for key in KIND_KEYS}
    assert {key: v.errors for key, v in validated.items()} == {key: [] for key in KIND_KEYS}
    codes = {row["school_code"] for row in validated["figures"].rows}
    assert len(codes) == result.schools == 2 * 10  # the city and one synthetic county, full-size schools
    for code in codes:
        validate_school_code(code)
    assert Counter(code[:2] for code in codes) == {"34": 4, "21": 10, "11": 4, "31": 2}
    areas = Counter(row["id_number"][:6] for row in validated["students"].rows if row["id_number"])
    assert [area for area, count in areas.items() if count > 1000] == ["429005", "420102"]  # one per county
    assert result.counts["students"] == len(validated["students"].rows)


def test_command_prints_what_it_wrote(small_city, tmp_path):
    out = StringIO()
    call_command("demo_registry_files", str(tmp_path), "--scale", "small", "--seed", "1", stdout=out)

    text = out.getvalue()
    assert "示范登记文件已生成(随机种子 1,规模:精简,学年 2024-2025)" in text
    assert f"学生名册:{SMALL_COUNTS['students']:,} 行 → {tmp_path / '学生名册.xlsx'}" in text
    assert (tmp_path / "教职工名册.xlsx").exists()


def test_bad_arguments_and_an_empty_database_are_refused(db, tmp_path):
    with pytest.raises(ApplicationError) as error:
        write_registry_files(tmp_path, scale="huge")
    assert error.value.message == REGISTRY_SCALE_INVALID.format(scale="huge")
    with pytest.raises(ApplicationError):
        write_registry_files(tmp_path, school_year="2024-2026")
    with pytest.raises(ApplicationError) as error:
        write_registry_files(tmp_path)
    assert error.value.message == NO_DEMO_SCHOOLS
    with pytest.raises(CommandError):
        call_command("demo_registry_files", str(tmp_path), "--scale", "huge", stdout=StringIO())


# ---- the full city's plan, in memory -----------------------------------------------------------------

def test_full_scale_is_city_sized(full_plan):
    students = sum(p.students for p in full_plan)
    classes = sum(len(p.classes) for p in full_plan)
    staff = sum(p.staff for p in full_plan)

    assert 100_000 <= students <= 120_000
    assert 2_900 <= classes <= 3_600
    assert 8_000 <= staff <= 10_000
    assert len(full_plan) == 297
    by_stage = Counter()
    for plan in full_plan:
        by_stage[plan.school.stage] += plan.in_school
    assert by_stage[Stage.OPEN_UNIVERSITY] == 0
    assert by_stage[Stage.PRIMARY] > by_stage[Stage.KINDERGARTEN] > by_stage[Stage.SENIOR] > by_stage[Stage.SPECIAL]
    assert all(not p.classes and not p.staff for p in full_plan if not p.school.is_open)


def test_full_scale_class_sizes_include_large_and_over_large_classes(full_plan):
    sizes = Counter()
    for plan in full_plan:
        for cls in plan.classes:
            sizes[(plan.school.stage, cls.size)] += 1
    compulsory = [size for (stage, size), n in sizes.items() for _ in range(n)
                  if stage in (Stage.PRIMARY, Stage.JUNIOR, Stage.NINE_YEAR)]
    all_sizes = [size for (_, size), n in sizes.items() for _ in range(n)]

    assert sum(size > 50 for size in all_sizes) > 100  # some over 50
    assert 10 <= sum(size > 56 for size in all_sizes) <= 80  # a few over 56
    assert sum(size > 66 for size in all_sizes) == 2  # a couple over 66
    assert sum(40 <= size <= 50 for size in compulsory if size >= 30) > 0.6 * sum(size >= 30 for size in compulsory)
    kindergarten = [size for (stage, size), n in sizes.items() for _ in range(n) if stage == Stage.KINDERGARTEN]
    assert max(kindergarten) <= 38 and 22 <= sum(kindergarten) / len(kindergarten) <= 32
    special = [size for (stage, size), n in sizes.items() for _ in range(n) if stage == Stage.SPECIAL]
    assert max(special) <= 12


def test_full_scale_grades_follow_the_stage(full_plan):
    grades = {
        Stage.KINDERGARTEN: {-3, -2, -1, 0}, Stage.PRIMARY: set(range(1, 7)), Stage.JUNIOR: {7, 8, 9},
        Stage.NINE_YEAR: set(range(1, 10)), Stage.TWELVE_YEAR: set(range(1, 13)), Stage.SENIOR: {10, 11, 12},
        Stage.VOCATIONAL: {10, 11, 12}, Stage.SPECIAL: set(range(1, 10)),
    }
    for plan in full_plan:
        assert {c.grade for c in plan.classes} <= grades.get(plan.school.stage, set()), plan.school.name
        assert len({(c.grade, c.name) for c in plan.classes}) == len(plan.classes)


def test_full_scale_rows_have_valid_distinct_identity_numbers(full_plan):
    ctx = _context()
    sample = [plan for plan in full_plan if plan.classes][::6]
    numbers = []
    students = [row for plan in sample for row in student_rows(plan, ctx)]
    teachers = [row for plan in sample for row in teacher_rows(plan, ctx)]
    today = datetime.date.today()
    for row in students:
        if row[2]:
            numbers.append(validate_id_number(row[2], today=today))
    for row in teachers:
        number = validate_id_number(row[1], today=today)
        numbers.append(number)
        age = 2024 - row[4].year - ((row[4].month, row[4].day) > (9, 1))
        assert 22 <= age <= 60
    assert len(numbers) == len(set(numbers)) > 10_000
    assert Counter(n[:6] for n in numbers).most_common(1)[0][0] == "429005"


def test_sequence_allocator_never_repeats_and_moves_on_when_a_day_is_full():
    day = datetime.date(2015, 3, 6)
    allocator = SequenceAllocator(("429005", "429004"), datetime.date(2015, 1, 1), datetime.date(2015, 12, 31))

    taken = [allocator.take("429005", day, True) for _ in range(SequenceAllocator.PER_DAY + 1)]

    assert len(set(taken)) == len(taken)
    assert taken[0] == ("429005", 1) and taken[-2] == ("429005", 997) and taken[-1] == ("429004", 1)
    assert allocator.take("429005", day, False) == ("429005", 2)


def test_replica_codes_are_unique_valid_and_keep_the_stage():
    schools = schools_from_specs(full_tree(1))
    codes = [registry_files._replica_codes(schools, replica) for replica in range(80)]

    assert codes[0] == {s.code: s.code for s in schools}
    written = [code for replica in codes for code in replica.values()]
    assert len(written) == len(set(written)) == 80 * len(schools)
    for school in schools:
        for replica in codes[1:]:
            validate_school_code(replica[school.code])
            assert replica[school.code][:2] in STAGE_SCHOOL_TYPES[school.stage]
