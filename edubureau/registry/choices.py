"""Coded values of the registries. Values are stored; labels are what templates and pages show."""
import csv
from pathlib import Path

from django.db import models

ETHNIC_GROUPS_FILE = Path(__file__).parent / "data" / "ethnic_groups.csv"


def _ethnic_groups() -> tuple[tuple[str, str], ...]:
    with ETHNIC_GROUPS_FILE.open(encoding="utf-8") as fh:
        return tuple((row["code"], row["name"]) for row in csv.DictReader(fh))


# 民族: GB/T 3304-1991 two-digit codes (data/ethnic_groups.csv, see data/PROVENANCE.md).
ETHNICITY_CHOICES = _ethnic_groups()
HAN = "01"


class Sex(models.TextChoices):
    # The same letters core.idnumbers.id_sex returns.
    MALE = "M", "男"
    FEMALE = "F", "女"


class Grade(models.IntegerChoices):
    """年级 as one integer so that grades sort and compare: kindergarten years are 0 and below,
    primary 1–6, junior 7–9, senior (and 中职) 10–12. A 中职 school's 一年级 is 10."""

    KG_MIXED = -3, "混合班"  # a kindergarten class of mixed ages (《幼儿园工作规程》)
    KG_SMALL = -2, "小班"
    KG_MIDDLE = -1, "中班"
    KG_LARGE = 0, "大班"
    G1 = 1, "一年级"
    G2 = 2, "二年级"
    G3 = 3, "三年级"
    G4 = 4, "四年级"
    G5 = 5, "五年级"
    G6 = 6, "六年级"
    G7 = 7, "七年级"
    G8 = 8, "八年级"
    G9 = 9, "九年级"
    G10 = 10, "高一"
    G11 = 11, "高二"
    G12 = 12, "高三"


KINDERGARTEN_GRADES = frozenset({Grade.KG_MIXED, Grade.KG_SMALL, Grade.KG_MIDDLE, Grade.KG_LARGE})
PRIMARY_GRADES = frozenset(range(1, 7))
JUNIOR_GRADES = frozenset(range(7, 10))
SENIOR_GRADES = frozenset(range(10, 13))
# 起始年级: the first year of primary, junior and senior school (class-size rules for new intakes).
STARTING_GRADES = frozenset({Grade.G1, Grade.G7, Grade.G10})


class StudentStatus(models.TextChoices):
    IN_SCHOOL = "in_school", "在读"  # counts towards class size and enrolment
    TRANSFERRED_OUT = "transferred_out", "转出"  # left for another school; the new school's record is in_school
    SUSPENDED = "suspended", "休学"  # approved leave; keeps the 学籍
    DROPPED_OUT = "dropped_out", "辍学"  # the 控辍保学 zero-dropout indicator counts these
    GRADUATED = "graduated", "毕业"
    DECEASED = "deceased", "死亡"  # excluded from 巩固率 denominators


class DisabilityCategory(models.TextChoices):
    """残疾类别 per GB/T 26341-2010 《残疾人残疾分类和分级》; blank means no disability."""

    VISUAL = "visual", "视力残疾"
    HEARING = "hearing", "听力残疾"
    SPEECH = "speech", "言语残疾"
    PHYSICAL = "physical", "肢体残疾"
    INTELLECTUAL = "intellectual", "智力残疾"
    MENTAL = "mental", "精神残疾"
    MULTIPLE = "multiple", "多重残疾"


class DisabilityLevel(models.IntegerChoices):
    """残疾等级: 一级 is the most severe."""

    LEVEL_1 = 1, "一级"
    LEVEL_2 = 2, "二级"
    LEVEL_3 = 3, "三级"
    LEVEL_4 = 4, "四级"


class Qualification(models.TextChoices):
    """最高学历, highest first."""

    DOCTORATE = "doctorate", "博士研究生"
    MASTER = "master", "硕士研究生"
    BACHELOR = "bachelor", "本科"
    ASSOCIATE = "associate", "专科"
    SENIOR_SECONDARY = "senior_secondary", "高中阶段"
    BELOW_SENIOR_SECONDARY = "below_senior_secondary", "高中阶段以下"


# 高于规定学历 (reference §3.1 #1): 小学 counts 专科及以上, 初中 本科及以上.
BACHELOR_OR_ABOVE = frozenset({Qualification.DOCTORATE, Qualification.MASTER, Qualification.BACHELOR})
ASSOCIATE_OR_ABOVE = BACHELOR_OR_ABOVE | {Qualification.ASSOCIATE}


class ProfessionalTitle(models.TextChoices):
    """职称 of primary and secondary teachers (中小学教师职称: 正高级 down to 三级)."""

    SENIOR_FULL = "senior_full", "正高级"
    SENIOR = "senior", "高级"
    FIRST = "first", "一级"
    SECOND = "second", "二级"
    THIRD = "third", "三级"
    UNRATED = "unrated", "未定级"


class PostType(models.TextChoices):
    FULLTIME_TEACHER = "fulltime_teacher", "专任教师"  # the denominator of teacher ratios
    TEACHING_SUPPORT = "teaching_support", "教辅人员"
    ADMINISTRATIVE = "administrative", "行政人员"
    WORKER = "worker", "工勤人员"


class DualQualifiedLevel(models.TextChoices):
    """双师型 certification level (教师厅〔2022〕2号); blank means not certified."""

    JUNIOR = "junior", "初级"
    INTERMEDIATE = "intermediate", "中级"
    SENIOR = "senior", "高级"


class BackboneLevel(models.TextChoices):
    """骨干教师 recognition; blank means none. 县级以上 counts for reference §3.1 #2."""

    COUNTY = "county", "县级"
    CITY = "city", "市级"
    PROVINCE = "province", "省级"
    NATIONAL = "national", "国家级"
