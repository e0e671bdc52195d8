"""Registry models: natural keys, database constraints, clean() messages, and no plain identity numbers at rest."""
from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction

from edubureau.core.idnumbers import (
    ID_BIRTH_MISMATCH, ID_SEX_MISMATCH, build_id_number, decrypt_id, id_hash, xuejihao_hash,
)
from edubureau.core.schoolyears import SCHOOL_YEAR_FORMAT
from edubureau.orgs.models import NOT_A_SCHOOL, OrgKind
from edubureau.orgs.tests.factories import DistrictFactory, SchoolFactory
from edubureau.registry.choices import DisabilityCategory, DisabilityLevel, Grade, Sex, StudentStatus
from edubureau.registry.models import (
    CLASS_OF_OTHER_SCHOOL, DISABILITY_CATEGORY_WITHOUT_LEVEL, DISABILITY_LEVEL_WITHOUT_CATEGORY,
    ENROLMENT_BEFORE_BIRTH, G_XUEJIHAO_NEEDS_ID, ClassGroup, Student, Teacher,
)
from edubureau.registry.tests.factories import ClassGroupFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

GIRL_ID = build_id_number("429005", date(2016, 5, 20), 24)  # even sequence: female
BOY_ID = build_id_number("429005", date(2016, 5, 20), 25)


def assert_rejected_by_database(model, make) -> None:
    """`make()` must raise IntegrityError and leave the table as it was."""
    before = model.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        make()
    assert model.objects.count() == before


def clean_errors(obj) -> dict:
    with pytest.raises(ValidationError) as info:
        obj.full_clean()
    return info.value.message_dict


# ---- ClassGroup ---------------------------------------------------------------------------------------

def test_class_group_natural_key_is_school_year_grade_name():
    first = ClassGroupFactory(grade=Grade.G1, name="1班")
    ClassGroupFactory(school=first.school, grade=Grade.G2, name="1班")
    ClassGroupFactory(school=first.school, school_year="2025-2026", grade=Grade.G1, name="1班")
    ClassGroupFactory(grade=Grade.G1, name="1班")  # another school
    assert_rejected_by_database(ClassGroup, lambda: ClassGroupFactory(school=first.school, grade=Grade.G1, name="1班"))
    assert ClassGroup.objects.count() == 4


@pytest.mark.parametrize("fields", [
    {"grade": 13}, {"grade": -4}, {"school_year": "2024/2025"}, {"school_year": "24-25"},
])
def test_class_group_database_checks(fields):
    school = SchoolFactory().org_unit
    assert_rejected_by_database(ClassGroup, lambda: ClassGroup.objects.create(
        school=school, **{"school_year": "2024-2025", "grade": 1, "name": "1班", **fields},
    ))


@pytest.mark.parametrize("grade", [Grade.KG_MIXED, Grade.KG_SMALL, Grade.KG_LARGE, Grade.G12])
def test_class_group_grades_from_kindergarten_to_senior_three(grade):
    ClassGroupFactory(grade=grade).full_clean()


def test_class_group_clean_messages():
    district = DistrictFactory(name="浩口镇学区")
    group = ClassGroup(school=district, school_year="2024-2026", grade=1, name="1班")
    assert clean_errors(group) == {
        "school_year": [SCHOOL_YEAR_FORMAT], "school": [NOT_A_SCHOOL.format(name="浩口镇学区")],
    }
    assert district.kind == OrgKind.DISTRICT


def test_class_size_counts_students_in_school_only():
    group, empty = ClassGroupFactory(), ClassGroupFactory()
    StudentFactory.create_batch(3, class_group=group)
    StudentFactory(class_group=group, status=StudentStatus.TRANSFERRED_OUT)
    StudentFactory(class_group=group, status=StudentStatus.DROPPED_OUT)
    sizes = dict(ClassGroup.objects.with_size().values_list("pk", "size"))
    assert sizes == {group.pk: 3, empty.pk: 0}


# ---- Student ----------------------------------------------------------------------------------------

def test_student_factory_makes_a_valid_student():
    student = StudentFactory(id_number=GIRL_ID, sex=Sex.FEMALE, birth_date=date(2016, 5, 20))
    student.full_clean()
    assert (student.xuejihao_kind, student.id_masked, student.xuejihao_masked) == (
        "G", f"429005********{GIRL_ID[-4:]}", f"G429005********{GIRL_ID[-4:]}",
    )
    assert Student.objects.get(id_number_hash=id_hash(GIRL_ID.lower())) == student
    assert Student.objects.get(xuejihao_hash=xuejihao_hash(f"g{GIRL_ID}")) == student


def test_student_xuejihao_is_unique():
    StudentFactory(id_number=None, xuejihao="L429005201605201234")
    assert_rejected_by_database(Student, lambda: StudentFactory(id_number=None, xuejihao="l429005201605201234"))


def test_student_identity_number_is_unique_but_many_students_have_none():
    StudentFactory(id_number=GIRL_ID, xuejihao=f"G{GIRL_ID}")
    StudentFactory.create_batch(2, id_number=None)
    assert Student.objects.filter(id_number_hash__isnull=True).count() == 2
    # The same person under a second 学籍号 (e.g. an older G number): one identity number, refused.
    assert_rejected_by_database(Student, lambda: StudentFactory(id_number=GIRL_ID, xuejihao="J42900520160520001X"))


@pytest.mark.parametrize("fields", [
    {"id_number_enc": ""},  # a hash without its ciphertext
    {"id_number_hash": None},  # a ciphertext without its hash
    {"disability_category": DisabilityCategory.HEARING, "disability_level": None},
    {"disability_category": "", "disability_level": DisabilityLevel.LEVEL_2},
    {"enrolment_date": date(2016, 5, 20), "birth_date": date(2016, 5, 20)},
    {"status": None},
])
def test_student_database_checks(fields):
    assert_rejected_by_database(Student, lambda: StudentFactory(id_number=GIRL_ID, **fields))


def test_student_clean_messages():
    group = ClassGroupFactory()
    student = StudentFactory.build(
        id_number=BOY_ID, xuejihao=f"G{BOY_ID}", sex=Sex.FEMALE, birth_date=date(2016, 5, 21),
        school=SchoolFactory().org_unit, class_group=group, enrolment_date=date(2016, 5, 21),
        disability_category="", disability_level=DisabilityLevel.LEVEL_1,
    )
    assert clean_errors(student) == {
        "class_group": [CLASS_OF_OTHER_SCHOOL],
        "disability_category": [DISABILITY_LEVEL_WITHOUT_CATEGORY],
        "enrolment_date": [ENROLMENT_BEFORE_BIRTH],
        "birth_date": [ID_BIRTH_MISMATCH.format(birth="2016-05-20")],
        "sex": [ID_SEX_MISMATCH.format(sex="男")],
    }


def test_student_clean_wants_an_id_for_a_g_number_and_a_level_for_a_category():
    student = StudentFactory.build(
        id_number=None, xuejihao=f"G{GIRL_ID}", school=SchoolFactory().org_unit,
        disability_category=DisabilityCategory.VISUAL, disability_level=None,
    )
    assert clean_errors(student) == {
        NON_FIELD_ERRORS: [G_XUEJIHAO_NEEDS_ID], "disability_level": [DISABILITY_CATEGORY_WITHOUT_LEVEL],
    }


def test_set_id_number_and_xuejihao_validate_encrypt_and_index():
    student = StudentFactory.build(id_number=None, school=SchoolFactory().org_unit)
    student.set_id_number(" ４２９００５" + GIRL_ID[6:].lower())
    student.set_xuejihao(f"g{GIRL_ID}")
    assert (decrypt_id(student.id_number_enc), student.id_number_hash) == (GIRL_ID, id_hash(GIRL_ID))
    assert (decrypt_id(student.xuejihao_enc), student.xuejihao_kind) == (f"G{GIRL_ID}", "G")
    assert student.xuejihao_hash == xuejihao_hash(f"G{GIRL_ID}")
    with pytest.raises(ValidationError):
        student.set_id_number("429005200501011000")
    assert student.id_number_hash == id_hash(GIRL_ID)  # a rejected number leaves the old one
    student.set_id_number(None)
    cleared = (student.id_number_enc, student.id_number_hash, student.id_masked, student.has_id_number)
    assert cleared == ("", None, "", False)


def test_no_identity_number_is_stored_in_plain_text():
    student = StudentFactory(id_number=GIRL_ID, xuejihao=f"G{GIRL_ID}", name="王小丫")
    teacher = TeacherFactory(id_number="11010519491231002X", sex=Sex.FEMALE, birth_date=date(1949, 12, 31))
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM registry_student WHERE id = %s", [student.pk])
        student_row = [str(v) for v in cursor.fetchone()]
        cursor.execute("SELECT * FROM registry_teacher WHERE id = %s", [teacher.pk])
        teacher_row = [str(v) for v in cursor.fetchone()]
    # Neither the number nor its birth-date-sequence-check part appears anywhere in the row.
    assert not [v for v in student_row if GIRL_ID in v or GIRL_ID[6:] in v]
    assert not [v for v in teacher_row if "11010519491231002X" in v or "19491231002X" in v]
    assert "王小丫" in student_row  # the query did read the row


# ---- Teacher ----------------------------------------------------------------------------------------

def test_teacher_identity_number_is_required_and_unique():
    TeacherFactory(id_number="11010519491231002X", sex=Sex.FEMALE, birth_date=date(1949, 12, 31))
    assert_rejected_by_database(Teacher, lambda: TeacherFactory(id_number="11010519491231002x"))
    assert_rejected_by_database(Teacher, lambda: TeacherFactory(id_number_hash=None, id_number_enc=""))


def test_teacher_clean_cross_checks_birth_date_and_sex():
    teacher = TeacherFactory.build(
        id_number="11010519491231002X", sex=Sex.MALE, birth_date=date(1950, 1, 1), school=SchoolFactory().org_unit,
    )
    assert clean_errors(teacher) == {
        "birth_date": [ID_BIRTH_MISMATCH.format(birth="1949-12-31")], "sex": [ID_SEX_MISMATCH.format(sex="女")],
    }
    teacher.sex, teacher.birth_date = Sex.FEMALE, date(1949, 12, 31)
    teacher.full_clean()
    assert teacher.id_masked == "110105********002X"


def test_teacher_subject_list():
    assert TeacherFactory.build(subjects="语文、道德与法治、").subject_list == ["语文", "道德与法治"]
