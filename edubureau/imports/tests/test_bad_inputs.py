"""Each bad input of issue 4 through the whole pipeline: its exact message, and nothing written.

Every case imports a students file of two rows (row 3 good, row 4 bad) as the 浩口镇中心小学
school admin, after one student already on record; the job must end "校验未通过" with exactly
the expected errors, and the registry must be exactly as before.
"""
import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edubureau.core.idnumbers import (
    ID_BIRTH_MISMATCH, ID_CHECKSUM, ID_SEX_MISMATCH, XUEJIHAO_FORMAT, build_id_number,
)
from edubureau.core.codes import HOUSEHOLD_CODE_AREA, SCHOOL_CODE_FORMAT
from edubureau.imports.kinds import STUDENTS
from edubureau.imports.kinds.base import BIRTH_DATE_FUTURE
from edubureau.imports.kinds.students import G_XUEJIHAO_OTHER_ID
from edubureau.imports.models import ImportStatus
from edubureau.imports.normalise import CHOICE_INVALID, DATE_INVALID, EXCEL_NUMBER_LOST_DIGITS
from edubureau.imports.services import Upload, import_file
from edubureau.imports.tests.helpers import xlsx_bytes
from edubureau.imports.tests.test_pipeline import STUDENT_HEADER, student_row
from edubureau.imports.validation import DUPLICATE_IN_FILE, VALUE_REQUIRED
from edubureau.imports.writers import SCHOOL_OUT_OF_SCOPE, SCHOOL_UNKNOWN, STUDENT_ID_TAKEN
from edubureau.registry.models import ENROLMENT_BEFORE_BIRTH, ClassGroup, Student

BIRTH = datetime.date(2015, 3, 6)
ON_RECORD = build_id_number("429005", BIRTH, 9)  # the student already in the registry
NEW = build_id_number("429005", BIRTH, 5)


HEADER = [*STUDENT_HEADER, "户籍所在地行政区划代码"]


def _set(column: str, value):
    def change(row, world):
        row[HEADER.index(column)] = value(world) if callable(value) else value
    return change


def _wrong_check_digit(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


SEX_OPTIONS = "男、女"
CASES = {
    # name: (change to row 4, [(column, value shown, reason)])
    "excel_number_id": (_set("身份证号", float(NEW)), [("身份证号", "429005201503060000", EXCEL_NUMBER_LOST_DIGITS)]),
    "scientific_id": (_set("身份证号", "4.29005E+17"), [("身份证号", "4.29005E+17", EXCEL_NUMBER_LOST_DIGITS)]),
    "checksum": (_set("身份证号", _wrong_check_digit(NEW)),
                 [("身份证号", _wrong_check_digit(NEW), ID_CHECKSUM)]),
    "xuejihao_format": (_set("学籍号", "G12345"), [("学籍号", "G12345", XUEJIHAO_FORMAT)]),
    "g_xuejihao_of_another_id": (_set("学籍号", "G" + build_id_number("429005", BIRTH, 7)),
                                 [("学籍号", "G" + build_id_number("429005", BIRTH, 7), G_XUEJIHAO_OTHER_ID)]),
    "birth_mismatch": (_set("出生日期", "2015年3月7日"),
                       [("出生日期", "2015年3月7日", ID_BIRTH_MISMATCH.format(birth="2015-03-06"))]),
    "sex_mismatch": (_set("性别", "女"), [("性别", "女", ID_SEX_MISMATCH.format(sex="男"))]),
    "bad_sex": (_set("性别", "未知"), [("性别", "未知", CHOICE_INVALID.format(value="未知", options=SEX_OPTIONS))]),
    "bad_date": (_set("入学日期", "2021.13.1"), [("入学日期", "2021.13.1", DATE_INVALID)]),
    "future_birth": (_set("出生日期", datetime.date(2030, 1, 1)), [
        ("出生日期", "2030-01-01", BIRTH_DATE_FUTURE),
        ("出生日期", "2030-01-01", ID_BIRTH_MISMATCH.format(birth="2015-03-06")),
        ("入学日期", "2021-09-01", ENROLMENT_BEFORE_BIRTH)]),
    "missing_name": (_set("姓名", "  "), [("姓名", "", VALUE_REQUIRED)]),
    "bad_school_code": (_set("学校标识码", "12345"), [("学校标识码", "12345", SCHOOL_CODE_FORMAT)]),
    "unknown_school": (_set("学校标识码", "2142009999"),
                       [("学校标识码", "2142009999", SCHOOL_UNKNOWN.format(code="2142009999"))]),
    "other_school": (_set("学校标识码", lambda w: w.schools["B1"].school_code),
                     [("学校标识码", lambda w: w.schools["B1"].school_code,
                       SCHOOL_OUT_OF_SCOPE.format(name="熊口镇中心小学"))]),
    "duplicate_in_file": (_set("学籍号", lambda w: f"G{build_id_number('429005', BIRTH, 1)}"), [
        ("学籍号", f"G{build_id_number('429005', BIRTH, 1)}", DUPLICATE_IN_FILE.format(row=3))]),
    "id_of_another_student": (_set("身份证号", ON_RECORD), [
        ("学籍号", f"G{NEW}", G_XUEJIHAO_OTHER_ID),
        ("身份证号", ON_RECORD, STUDENT_ID_TAKEN.format(xuejihao=f"G{ON_RECORD[:6]}********{ON_RECORD[-4:]}"))]),
    "household_area": (_set("户籍所在地行政区划代码", "999999"),
                       [("户籍所在地行政区划代码", "999999", HOUSEHOLD_CODE_AREA.format(code="999999"))]),
}


@pytest.fixture
def on_record(world):
    row = student_row(world.schools["A1"].school_code, 9)
    job = import_file(kind="students", upload=Upload(xlsx_bytes(STUDENT_HEADER, row), "first.xlsx"),
                      actor=world.users["sysadmin"], school_year="2024-2025")
    assert job.status == ImportStatus.DONE
    return _snapshot()


def _snapshot():
    return (list(Student.objects.order_by("id").values_list()), list(ClassGroup.objects.order_by("id").values_list()))


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_explained_and_nothing_is_written(world, on_record, case):
    change, expected = CASES[case]
    good = [*student_row(world.schools["A1"].school_code, 1), ""]
    bad = [*student_row(world.schools["A1"].school_code, 5, name="李四"), ""]
    change(bad, world)
    job = import_file(kind="students", upload=Upload(xlsx_bytes(["学生名册"], HEADER, good, bad), "bad.xlsx"),
                      actor=world.users["school_admin"], school_year="2024-2025")
    assert job.status == ImportStatus.INVALID
    assert (job.created, job.updated, job.unchanged) == (0, 0, 0)
    assert job.errors == [[4, column, value(world) if callable(value) else value, reason]
                          for column, value, reason in expected]
    assert _snapshot() == on_record


def test_an_id_on_record_for_another_student_is_refused(world, on_record):
    row = student_row(world.schools["A1"].school_code, 9)
    row[1] = "L" + "4290052015030600019"[:18]  # another 学籍号 (an L one has no identity number in it)
    job = import_file(kind="students", upload=Upload(xlsx_bytes(STUDENT_HEADER, row), "again.xlsx"),
                      actor=world.users["school_admin"], school_year="2024-2025")
    masked = f"G{ON_RECORD[:6]}********{ON_RECORD[-4:]}"
    assert job.errors == [[2, "身份证号", ON_RECORD, STUDENT_ID_TAKEN.format(xuejihao=masked)]]
    assert _snapshot() == on_record


# ---- the row validator, property-based -------------------------------------------------------------

AREAS = ("429005", "420102", "110101", "429004")
births = st.dates(min_value=datetime.date(2005, 1, 1), max_value=datetime.date(2020, 12, 31))


@st.composite
def valid_rows(draw):
    birth, sequence, area = draw(births), draw(st.integers(0, 999)), draw(st.sampled_from(AREAS))
    number = build_id_number(area, birth, sequence)
    return {
        "school_code": None, "xuejihao": f"G{number}", "id_number": number, "name": draw(st.text(min_size=1, max_size=5)),
        "sex": "M" if sequence % 2 else "F", "birth_date": birth, "ethnicity": "01", "household_division_code": None,
        "grade": draw(st.sampled_from([None, "1", "6"])), "class_name": None, "status": None,
        "enrolment_date": birth + datetime.timedelta(days=draw(st.integers(1, 6000))),
        "disability_category": None, "disability_level": None, "is_left_behind": None, "is_boarding": None,
    }


TODAY = datetime.date(2026, 11, 29)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(valid_rows())
def test_every_valid_row_passes_the_row_validator(values):
    assert STUDENTS.row_validator(dict(values), TODAY) == []


MUTATIONS = {
    "id_digit": lambda v, d: {**v, "id_number": v["id_number"][:d] + str((int(v["id_number"][d]) + 1) % 10)
                              + v["id_number"][d + 1:]},
    "birth": lambda v, d: {**v, "birth_date": v["birth_date"] + datetime.timedelta(days=d + 1)},
    "sex": lambda v, d: {**v, "sex": "F" if v["sex"] == "M" else "M"},
    "xuejihao": lambda v, d: {**v, "xuejihao": "G" + build_id_number("429005", v["birth_date"], (d + 1) * 37 % 1000)
                              if "G" + build_id_number("429005", v["birth_date"], (d + 1) * 37 % 1000) != v["xuejihao"]
                              else "X"},
    "enrolment": lambda v, d: {**v, "enrolment_date": v["birth_date"] - datetime.timedelta(days=d)},
    "disability": lambda v, d: {**v, "disability_category": "visual"},
}


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(valid_rows(), st.sampled_from(sorted(MUTATIONS)), st.integers(0, 16))
def test_any_single_corruption_is_caught_and_never_raises(values, mutation, digit):
    broken = MUTATIONS[mutation](values, digit)
    problems = STUDENTS.row_validator(dict(broken), TODAY)
    assert problems, (mutation, broken)
    assert all(isinstance(field, str) and isinstance(reason, str) and reason for field, reason in problems)
