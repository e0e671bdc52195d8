"""factory_boy factories for the registries and the yearly school figures.

Identity numbers are real-looking and valid (area 429005 潜江市, the birth date and sex of the
row, a sequence number of the right parity). Pass `id_number=None` for a student without one
(an L 学籍号 is made instead) or `id_number="…"` / `xuejihao="…"` to choose them. A class's,
a student's and a teacher's school default to one new school, shared by a student and its class.
"""
from datetime import date, timedelta
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from edubureau.core import idnumbers
from edubureau.core.idnumbers import build_id_number, encrypt_id, id_hash
from edubureau.orgs.models import SchoolYearFigures
from edubureau.orgs.tests.factories import SchoolFactory
from edubureau.registry.choices import HAN, Grade, PostType, ProfessionalTitle, Qualification, Sex
from edubureau.registry.models import ClassGroup, Student, Teacher

QIANJIANG = "429005"


def _valid_id(o, n: int) -> str:
    # The sequence number's last digit is odd for men; n keeps numbers distinct per birth date.
    parity = 1 if o.sex == Sex.MALE else 0
    return build_id_number(QIANJIANG, o.birth_date, (n % 500) * 2 + parity)


# Students are born on one of STUDENT_BIRTH_DAYS days from STUDENT_BIRTH_START, all before their
# enrolment (1 September 2021): with the sequence numbers 500-999 that makes (birth date, sequence)
# distinct for the first 750,000 students of a test run, and apart from hand-picked numbers (below 500).
STUDENT_BIRTH_START = date(2012, 1, 1)
STUDENT_BIRTH_DAYS = 3000


def _valid_student_id(o, n: int) -> str:
    parity = 1 if o.sex == Sex.MALE else 0
    return build_id_number(QIANJIANG, o.birth_date, 500 + (n // STUDENT_BIRTH_DAYS % 250) * 2 + parity)


def _new_school():
    return SchoolFactory().org_unit


class ClassGroupFactory(DjangoModelFactory):
    class Meta:
        model = ClassGroup

    school = factory.LazyFunction(_new_school)
    school_year = "2024-2025"
    grade = Grade.G1
    name = factory.Sequence(lambda n: f"{n + 1}班")


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    class Params:
        id_number = factory.LazyAttributeSequence(_valid_student_id)
        xuejihao = factory.LazyAttributeSequence(
            lambda o, n: f"G{o.id_number}" if o.id_number else f"L{QIANJIANG}{o.birth_date:%Y%m%d}{n % 10000:04d}"
        )

    name = factory.Sequence(lambda n: f"学生{n:05d}")
    sex = factory.Iterator([Sex.MALE, Sex.FEMALE])
    birth_date = factory.Sequence(lambda n: STUDENT_BIRTH_START + timedelta(days=n % STUDENT_BIRTH_DAYS))
    ethnicity = HAN
    household_division_code = "429005106"
    class_group = None
    school = factory.LazyAttribute(lambda o: o.class_group.school if o.class_group else _new_school())
    enrolment_date = date(2021, 9, 1)
    id_number_enc = factory.LazyAttribute(lambda o: encrypt_id(o.id_number) if o.id_number else "")
    id_number_hash = factory.LazyAttribute(lambda o: id_hash(o.id_number) if o.id_number else None)
    xuejihao_enc = factory.LazyAttribute(lambda o: encrypt_id(o.xuejihao))
    xuejihao_hash = factory.LazyAttribute(lambda o: idnumbers.xuejihao_hash(o.xuejihao))
    xuejihao_kind = factory.LazyAttribute(lambda o: o.xuejihao[0])


class TeacherFactory(DjangoModelFactory):
    class Meta:
        model = Teacher

    class Params:
        id_number = factory.LazyAttributeSequence(_valid_id)

    name = factory.Sequence(lambda n: f"教师{n:05d}")
    sex = factory.Iterator([Sex.FEMALE, Sex.MALE])
    birth_date = factory.Sequence(lambda n: date(1975, 1, 1) + timedelta(days=n % 7000))
    school = factory.LazyFunction(_new_school)
    subjects = "语文"
    highest_qualification = Qualification.BACHELOR
    professional_title = ProfessionalTitle.FIRST
    post_type = PostType.FULLTIME_TEACHER
    years_at_school = 3
    id_number_enc = factory.LazyAttribute(lambda o: encrypt_id(o.id_number))
    id_number_hash = factory.LazyAttribute(lambda o: id_hash(o.id_number))


class SchoolYearFiguresFactory(DjangoModelFactory):
    class Meta:
        model = SchoolYearFigures

    school = factory.LazyFunction(_new_school)
    school_year = "2024-2025"
    enrolment = 1200
    building_area = Decimal("9000.00")
    teaching_area = Decimal("5600.00")
    sports_area = Decimal("9500.00")
    equipment_value = Decimal("260.5000")
    networked_multimedia_classrooms = 30
    student_computers = 80
    teacher_computers = 90
    security_guards = 3
    closed_management = True
    alarm_linked_to_police = True
    video_linked_to_police = True
    protection_post = True
    public_budget_spending = Decimal("1850.0000")
