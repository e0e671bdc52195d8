"""Classes, students and teachers: the registries every indicator and workflow reads.

Identity numbers and 学籍号 are never stored in plain text (a G 学籍号 *is* "G" + an identity
number): each is a Fernet token plus a keyed hash, the hash being the natural key imports
upsert on (core.idnumbers, core.models.EncryptedIdNumber).
"""
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Count, Q

from edubureau.core import idnumbers
from edubureau.core.codes import validate_household_division_code
from edubureau.core.idnumbers import decrypt_id, encrypt_id, id_mismatches, mask_xuejihao, validate_xuejihao
from edubureau.core.models import BaseModel, EncryptedIdNumber
from edubureau.core.schoolyears import SCHOOL_YEAR_REGEX, validate_school_year
from edubureau.orgs.models import OrgUnit, school_errors
from edubureau.registry.choices import (
    ETHNICITY_CHOICES, BackboneLevel, DisabilityCategory, DisabilityLevel, DualQualifiedLevel, Grade,
    PostType, ProfessionalTitle, Qualification, Sex, StudentStatus,
)

CLASS_OF_OTHER_SCHOOL = "所选班级不属于该学生的学校"
DISABILITY_LEVEL_WITHOUT_CATEGORY = "填写了残疾等级,但没有填写残疾类别"
DISABILITY_CATEGORY_WITHOUT_LEVEL = "填写了残疾类别,但没有填写残疾等级"
G_XUEJIHAO_NEEDS_ID = "G字头学籍号的学生有身份证号,请填写身份证号"
ENROLMENT_BEFORE_BIRTH = "入学日期应晚于出生日期"

XUEJIHAO_KINDS = [("G", "正式学籍号(有身份证号)"), ("J", "正式学籍号(无身份证号)"), ("L", "临时学籍号")]


def _school_fk(related_name: str) -> models.ForeignKey:
    # No limit_choices_to: forms offer the schools in the user's scope, and clean() names the
    # unit that is not a school (school_errors) instead of Django's "instance does not exist".
    return models.ForeignKey(OrgUnit, verbose_name="学校", on_delete=models.PROTECT, related_name=related_name)


class ClassGroupQuerySet(models.QuerySet):
    def with_size(self) -> "ClassGroupQuerySet":
        """Annotate `size`: the class's students in school (在读), the 班额 of reference §1."""
        return self.annotate(size=Count("students", filter=Q(students__status=StudentStatus.IN_SCHOOL)))


class ClassGroup(BaseModel):
    """A teaching class (班级) of one school in one school year; its size is derived from its students."""

    school = _school_fk("class_groups")
    school_year = models.CharField("学年", max_length=9, validators=[validate_school_year], help_text="如 2024-2025")
    grade = models.SmallIntegerField("年级", choices=Grade.choices)
    name = models.CharField("班级名称", max_length=30, help_text="如 1班")

    objects = ClassGroupQuerySet.as_manager()

    class Meta:
        verbose_name = "班级"
        verbose_name_plural = "班级"
        ordering = ["school_year", "grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "grade", "name"], name="classgroup_unique_school_year_grade_name",
            ),
            models.CheckConstraint(
                condition=Q(school_year__regex=SCHOOL_YEAR_REGEX), name="classgroup_school_year_format",
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=min(Grade.values), grade__lte=max(Grade.values)), name="classgroup_grade_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_year}学年 {self.get_grade_display()}{self.name}"

    def clean(self) -> None:
        errors = school_errors(self.school if self.school_id else None)
        if errors:
            raise ValidationError(errors)


class Student(EncryptedIdNumber, BaseModel):
    """A student on a school's roll (学籍). Students without an identity number (J and L 学籍号)
    have none stored; everyone else's is unique across the province through its hash."""

    xuejihao_enc = models.TextField("学籍号(密文)", editable=False)
    xuejihao_hash = models.CharField(
        "学籍号索引", max_length=64, unique=True, editable=False, help_text="学籍号的带密钥哈希,导入按此更新",
    )
    xuejihao_kind = models.CharField("学籍号类型", max_length=1, choices=XUEJIHAO_KINDS, editable=False)
    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    ethnicity = models.CharField("民族", max_length=2, choices=ETHNICITY_CHOICES)
    household_division_code = models.CharField(
        "户籍所在地行政区划代码", max_length=9, blank=True, validators=[validate_household_division_code],
        help_text="6位(县级)或9位(乡级);无户籍可不填",
    )
    disability_category = models.CharField("残疾类别", max_length=16, choices=DisabilityCategory.choices, blank=True)
    disability_level = models.PositiveSmallIntegerField(
        "残疾等级", choices=DisabilityLevel.choices, null=True, blank=True,
    )
    is_left_behind = models.BooleanField("留守儿童", default=False)
    is_boarding = models.BooleanField("住校生", default=False)
    school = _school_fk("students")
    class_group = models.ForeignKey(
        ClassGroup, verbose_name="班级", null=True, blank=True, on_delete=models.PROTECT, related_name="students",
    )
    status = models.CharField("学籍状态", max_length=16, choices=StudentStatus.choices, default=StudentStatus.IN_SCHOOL)
    enrolment_date = models.DateField("入学日期")

    class Meta:
        verbose_name = "学生"
        verbose_name_plural = "学生"
        ordering = ["school_id", "name", "id"]
        indexes = [
            models.Index(fields=["school", "status"], name="student_school_status"),
            models.Index(fields=["class_group", "status"], name="student_class_status"),
        ]
        constraints = [
            *EncryptedIdNumber.Meta.constraints,
            models.CheckConstraint(
                condition=Q(disability_category="", disability_level__isnull=True)
                | (~Q(disability_category="") & Q(disability_level__isnull=False)),
                name="student_disability_category_and_level",
            ),
            models.CheckConstraint(
                condition=Q(enrolment_date__gt=models.F("birth_date")), name="student_enrolled_after_birth",
            ),
        ]

    def __str__(self) -> str:
        # No identifier here: __str__ ends up in audit rows and log lines.
        return self.name

    def set_xuejihao(self, value: str) -> None:
        """Validate, encrypt and index a 学籍号. Does not save."""
        number = validate_xuejihao(value)
        self.xuejihao_enc, self.xuejihao_hash, self.xuejihao_kind = encrypt_id(number), idnumbers.xuejihao_hash(number), number[0]

    @property
    def xuejihao_masked(self) -> str:
        """"G429005********1234" (a G number carries the identity number)."""
        return mask_xuejihao(decrypt_id(self.xuejihao_enc)) if self.xuejihao_enc else ""

    def clean(self) -> None:
        errors = school_errors(self.school if self.school_id else None)
        if self.class_group_id and self.school_id and self.class_group.school_id != self.school_id:
            errors["class_group"] = CLASS_OF_OTHER_SCHOOL
        if self.disability_level and not self.disability_category:
            errors["disability_category"] = DISABILITY_LEVEL_WITHOUT_CATEGORY
        if self.disability_category and not self.disability_level:
            errors["disability_level"] = DISABILITY_CATEGORY_WITHOUT_LEVEL
        if self.xuejihao_kind == "G" and not self.has_id_number:
            errors[NON_FIELD_ERRORS] = G_XUEJIHAO_NEEDS_ID
        if self.enrolment_date and self.birth_date and self.enrolment_date <= self.birth_date:
            errors["enrolment_date"] = ENROLMENT_BEFORE_BIRTH
        errors.update(_id_cross_check(self))
        if errors:
            raise ValidationError(errors)


class Teacher(EncryptedIdNumber, BaseModel):
    """A member of a school's staff (教职工); every teacher has an identity number."""

    id_number_hash = models.CharField(
        "身份证号索引", max_length=64, unique=True, editable=False,
        help_text="身份证号的带密钥哈希(HMAC-SHA256),用于精确查找和查重",
    )
    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    school = _school_fk("teachers")
    subjects = models.CharField("任教学科", max_length=200, blank=True, help_text="多个学科用“、”分隔")
    highest_qualification = models.CharField("最高学历", max_length=24, choices=Qualification.choices)
    professional_title = models.CharField("职称", max_length=16, choices=ProfessionalTitle.choices)
    post_type = models.CharField("岗位类别", max_length=20, choices=PostType.choices)
    dual_qualified_level = models.CharField(
        "双师型教师等级", max_length=16, choices=DualQualifiedLevel.choices, blank=True,
    )
    backbone_level = models.CharField("骨干教师级别", max_length=16, choices=BackboneLevel.choices, blank=True)
    is_fulltime_psychology = models.BooleanField("专职心理健康教师", default=False)
    is_fulltime_pe = models.BooleanField("专职体育教师", default=False)
    is_fulltime_arts = models.BooleanField("专职艺术(音乐、美术)教师", default=False)
    is_fulltime_ideology = models.BooleanField("专职思政课教师", default=False)
    years_at_school = models.PositiveSmallIntegerField("在本校任教年限", help_text="按导入时的学年计")

    class Meta:
        verbose_name = "教师"
        verbose_name_plural = "教师"
        ordering = ["school_id", "name", "id"]
        indexes = [models.Index(fields=["school", "post_type"], name="teacher_school_post")]
        constraints = [*EncryptedIdNumber.Meta.constraints]

    def __str__(self) -> str:
        return self.name

    @property
    def subject_list(self) -> list[str]:
        return [s for s in self.subjects.split("、") if s]

    def clean(self) -> None:
        errors = {**school_errors(self.school if self.school_id else None), **_id_cross_check(self)}
        if errors:
            raise ValidationError(errors)


def _id_cross_check(person: EncryptedIdNumber) -> dict[str, str]:
    """The birth-date and sex fields must agree with the identity number, if there is one."""
    if not person.has_id_number or not person.birth_date or not person.sex:
        return {}
    return id_mismatches(person.decrypt_id_number(), birth_date=person.birth_date, sex=person.sex)
