from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from edubureau.core.codes import validate_division_code, validate_school_code
from edubureau.core.models import BaseModel
from edubureau.core.schoolyears import SCHOOL_YEAR_REGEX, validate_school_year

PATH_SEPARATOR = "/"


class OrgKind(models.TextChoices):
    CITY = "city", "市教育局"
    DISTRICT = "district", "学区"
    SUB_BUREAU = "sub_bureau", "分局"
    BUREAU_UNIT = "bureau_unit", "局直单位"
    SECTION = "section", "科室"
    SCHOOL = "school", "学校"
    CAMPUS = "campus", "校区"


# The order in which kinds are listed under a parent (areas first, then the bureau's own units).
KIND_DISPLAY_ORDER = (
    OrgKind.CITY, OrgKind.SUB_BUREAU, OrgKind.DISTRICT, OrgKind.SECTION,
    OrgKind.BUREAU_UNIT, OrgKind.SCHOOL, OrgKind.CAMPUS,
)

# Kinds whose units own a subtree of schools and carry a division code.
AREA_KINDS = (OrgKind.DISTRICT, OrgKind.SUB_BUREAU)


class OrgUnit(BaseModel):
    """A node of the bureau's org tree, stored with a materialised path (DHIS2 style).

    `path` is "/code/code/.../code/" from the root down to this unit, so a subtree is
    `path__startswith=unit.path`. On PostgreSQL Django adds a varchar_pattern_ops index
    for the indexed CharField, which LIKE 'prefix%' uses. Paths are written only by
    the services in orgs.services, never by hand.
    """

    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    path = models.CharField("路径", max_length=255, unique=True, editable=False)
    level = models.PositiveSmallIntegerField("层级", editable=False)
    division_code = models.CharField(
        "行政区划代码", max_length=9, blank=True, validators=[validate_division_code],
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "组织单位"
        verbose_name_plural = "组织单位"
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "path"], name="orgunit_kind_path")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True, level=1) | models.Q(parent__isnull=False, level__gt=1),
                name="orgunit_level_matches_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if PATH_SEPARATOR in self.code:
            raise ValidationError({"code": "编码不能包含“/”"})
        if self.kind in AREA_KINDS and not self.division_code:
            raise ValidationError({"division_code": "学区和分局必须填写行政区划代码"})

    @property
    def is_school(self) -> bool:
        return self.kind == OrgKind.SCHOOL

    def ancestor_codes(self) -> list[str]:
        """Codes from the root down to (excluding) this unit, read from the path."""
        return [c for c in self.path.split(PATH_SEPARATOR) if c][:-1]


NOT_A_SCHOOL = "所选单位“{name}”不是学校"


def school_errors(unit: OrgUnit | None, field: str = "school") -> dict[str, str]:
    """For model clean(): {field: message} unless `unit` is a school unit (or not chosen yet).

    A foreign key's limit_choices_to only narrows forms; registries filled by imports and
    services need the check in clean() (the database cannot compare across tables).
    """
    if unit is not None and unit.kind != OrgKind.SCHOOL:
        return {field: NOT_A_SCHOOL.format(name=unit.name)}
    return {}


class Stage(models.TextChoices):
    KINDERGARTEN = "kindergarten", "幼儿园"
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初级中学"
    NINE_YEAR = "nine_year", "九年一贯制学校"
    TWELVE_YEAR = "twelve_year", "十二年一贯制学校"
    SENIOR = "senior", "普通高中"
    VOCATIONAL = "vocational", "中等职业学校"
    SPECIAL = "special", "特殊教育学校"
    OPEN_UNIVERSITY = "open_university", "开放大学"


# The 学校标识码 type prefixes each stage may carry (reference/indicators.md section 9).
STAGE_SCHOOL_TYPES = {
    Stage.KINDERGARTEN: {"11"},
    Stage.PRIMARY: {"21", "22"},
    Stage.JUNIOR: {"31", "32", "33"},
    Stage.NINE_YEAR: {"21", "31"},
    Stage.TWELVE_YEAR: {"21", "31", "34"},
    Stage.SENIOR: {"34", "35"},
    Stage.VOCATIONAL: {"36"},
    Stage.SPECIAL: {"51"},
    Stage.OPEN_UNIVERSITY: {"42"},
}


SCHOOL_CODE_STAGE_MISMATCH = "学段为“{stage}”的学校,标识码应以{prefixes}开头"
PUHUI_ONLY_KINDERGARTEN = "只有幼儿园可以认定为普惠性幼儿园"


class Ownership(models.TextChoices):
    PUBLIC = "public", "公办"
    PRIVATE = "private", "民办"


class Locality(models.TextChoices):
    URBAN = "urban", "城区"
    TOWN = "town", "镇区"
    RURAL = "rural", "乡村"


class OperatingStatus(models.TextChoices):
    OPEN = "open", "在办"
    PLANNED = "planned", "筹建中"


class SchoolProfile(BaseModel):
    """What a school is, as the bureau's registers describe it; one per school unit."""

    org_unit = models.OneToOneField(
        OrgUnit, verbose_name="学校", on_delete=models.CASCADE, related_name="school_profile",
        limit_choices_to={"kind": OrgKind.SCHOOL},
    )
    school_code = models.CharField("学校标识码", max_length=10, unique=True, validators=[validate_school_code])
    stage = models.CharField("学段", max_length=16, choices=Stage.choices)
    ownership = models.CharField("办学性质", max_length=8, choices=Ownership.choices)
    is_puhui = models.BooleanField("普惠性幼儿园", default=False)
    locality = models.CharField("城乡分类", max_length=8, choices=Locality.choices)
    is_boarding = models.BooleanField("寄宿制学校", default=False)
    status = models.CharField("办学状态", max_length=8, choices=OperatingStatus.choices, default=OperatingStatus.OPEN)
    address = models.CharField("地址", max_length=200, blank=True)
    principal = models.CharField("校长", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "学校档案"
        verbose_name_plural = "学校档案"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_puhui=False) | models.Q(stage=Stage.KINDERGARTEN),
                name="schoolprofile_puhui_only_kindergarten",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit.name}({self.school_code})"

    def clean(self) -> None:
        prefix = (self.school_code or "")[:2]
        allowed = STAGE_SCHOOL_TYPES.get(self.stage, set())
        if self.school_code and prefix not in allowed:
            message = SCHOOL_CODE_STAGE_MISMATCH.format(stage=self.get_stage_display(), prefixes="/".join(sorted(allowed)))
            raise ValidationError({"school_code": message})
        if self.is_puhui and self.stage != Stage.KINDERGARTEN:
            raise ValidationError({"is_puhui": PUHUI_ONLY_KINDERGARTEN})


TEACHING_AREA_OVER_BUILDING = "教学及辅助用房面积不能大于校舍建筑面积"

# Decimal figures that cannot be negative (checked by the database as well as by the form).
_NON_NEGATIVE_DECIMALS = ("building_area", "teaching_area", "sports_area", "equipment_value", "public_budget_spending")


def _area(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])


def _wan_yuan(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=14, decimal_places=4, validators=[MinValueValidator(0)], help_text="单位:万元",
    )


class SchoolYearFigures(BaseModel):
    """One school's facility, equipment, security and funding figures for one school year (学年).

    They are the numerators and denominators the indicators need per school: 优质均衡
    resources per student (reference/indicators.md §3.1: teaching area, sports area, equipment
    value, networked multimedia classrooms), 生机比/师机比 (§4), campus security "四个100%"
    (§5: guards, closed management, police-linked alarm and video, 护学岗) and "两个只增不减"
    (§6: general public budget education spending and enrolment, year on year). Areas are in
    m²; money in 万元 to 4 decimals (one yuan), as the statistical returns report it.
    """

    school = models.ForeignKey(OrgUnit, verbose_name="学校", on_delete=models.PROTECT, related_name="year_figures")
    school_year = models.CharField("学年", max_length=9, validators=[validate_school_year], help_text="如 2024-2025")
    enrolment = models.PositiveIntegerField("在校生数")
    building_area = _area("校舍建筑面积(m²)")
    teaching_area = _area("教学及辅助用房面积(m²)")
    sports_area = _area("体育运动场馆面积(m²)")
    equipment_value = _wan_yuan("教学仪器设备资产值(万元)")
    networked_multimedia_classrooms = models.PositiveIntegerField("网络多媒体教室数(间)")
    student_computers = models.PositiveIntegerField("学生用计算机数(台)")
    teacher_computers = models.PositiveIntegerField("教师用计算机数(台)")
    security_guards = models.PositiveIntegerField("专职保安员数")
    closed_management = models.BooleanField("实行封闭化管理", default=False)
    alarm_linked_to_police = models.BooleanField("一键式紧急报警与公安机关联网", default=False)
    video_linked_to_police = models.BooleanField("视频监控系统与公安机关联网", default=False)
    protection_post = models.BooleanField("设置护学岗", default=False)
    public_budget_spending = _wan_yuan("一般公共预算教育经费(万元)")

    class Meta:
        verbose_name = "学校年度数据"
        verbose_name_plural = "学校年度数据"
        ordering = ["school_year", "school_id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="schoolyearfigures_unique_school_year"),
            models.CheckConstraint(
                condition=models.Q(school_year__regex=SCHOOL_YEAR_REGEX), name="schoolyearfigures_school_year_format",
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 0}), name=f"schoolyearfigures_{name}_gte_0",
                )
                for name in _NON_NEGATIVE_DECIMALS
            ),
            models.CheckConstraint(
                condition=models.Q(teaching_area__lte=models.F("building_area")),
                name="schoolyearfigures_teaching_area_within_building",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school.name} {self.school_year}学年"

    def clean(self) -> None:
        errors = school_errors(self.school if self.school_id else None)
        teaching, building = self.teaching_area, self.building_area
        if teaching is not None and building is not None and teaching > building:
            errors["teaching_area"] = TEACHING_AREA_OVER_BUILDING
        if errors:
            raise ValidationError(errors)
