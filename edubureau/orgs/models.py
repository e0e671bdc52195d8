from django.core.exceptions import ValidationError
from django.db import models

from edubureau.core.codes import validate_division_code, validate_school_code
from edubureau.core.models import BaseModel

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
