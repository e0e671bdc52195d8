"""The registry files a real city would hand the bureau: 学校年度数据, 班级名单, 学生名册, 教职工名册.

`write_registry_files(directory, seed=1, scale="full", school_year="2024-2025")` reads the demo
city's schools from the database (one query) and writes, deterministically from the seed, the
four import tables of edubureau.imports.kinds with their exact headers, as the import pipeline
reads them (imports.reading.read_table + imports.validation.validate_rows):

- 学校年度数据.xlsx: every school (筹建中 ones too, with zeros), for the previous and the current
  school year, so that the year-on-year "只增不减" checks have something to compare;
- 班级名单.xlsx, 学生名册.xlsx, 教职工名册.xlsx: every open school (筹建中 schools have none;
  the open university has no students and no school-teacher staff).

Generation happens in two steps. `plan_city` decides, per school, its classes (grade, name,
在读 size, and the few students on the roll who are not in school: 休学/转出/辍学) and its
staff counts: cheap, in memory, and what the tests look at for distributions. Then the row
generators turn a plan into rows, one school at a time, from per-school random streams.

Scales:
- "small": every open school of the database with at most one class per grade (the small demo
  city, seed 1: 1,537 students, 36 classes, 114 staff), for tests;
- "full": realistic sizes (the full demo city, seed 1: 111,845 students, 3,130 classes, 9,144
  staff; class sizes around 24 in kindergartens, 38 in primary schools with their village
  classes, 46 in junior and 52 in senior high schools), written as xlsx (streamed: a few seconds);
- "province": the city's schools replicated into synthetic counties (unique valid 学校标识码,
  another Hubei county code for most identity numbers) until about 8,000,000 students, written
  as UTF-8-BOM CSV (xlsx stops at 1,048,576 rows), streamed so memory stays flat. For benchmarks;
  nothing loads it.

Identity numbers are built with core.idnumbers.build_id_number, their sequence codes handed out
by one allocator so that no number repeats (per area, birth date and sex there are 499 codes).
"""
import csv
import datetime
import math
import random
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import xlsxwriter
from django.core.exceptions import ValidationError
from stdnum.cn.ric import calc_check_digit

from edubureau.core.exceptions import ApplicationError
from edubureau.core.idnumbers import area_name, build_id_number
from edubureau.core.schoolyears import previous_school_year, school_year_start, validate_school_year
from edubureau.demo import catalog
from edubureau.demo.names import SURNAMES
from edubureau.demo.specs import UnitSpec
from edubureau.imports.kinds import CLASSES, FIGURES, STUDENTS, TEACHERS, ImportKind
from edubureau.orgs.divisions import qianjiang_divisions
from edubureau.orgs.models import Locality, OperatingStatus, OrgKind, Ownership, SchoolProfile, Stage
from edubureau.registry.choices import (
    ETHNICITY_CHOICES, BackboneLevel, DisabilityCategory, DisabilityLevel, DualQualifiedLevel, Grade, PostType,
    ProfessionalTitle, Qualification, StudentStatus,
)

REGISTRY_SCALES = {"small": "精简", "full": "完整", "province": "全省(基准测试)"}
REGISTRY_SCALE_INVALID = "规模参数“{scale}”无效,可选值为 small(精简)、full(完整城市)或 province(全省基准测试)"
NO_DEMO_SCHOOLS = "数据库中没有学校,请先运行 python manage.py demo_city 生成示范城市"

KIND_KEYS = ("figures", "classes", "students", "teachers")
_KINDS: dict[str, ImportKind] = {"figures": FIGURES, "classes": CLASSES, "students": STUDENTS, "teachers": TEACHERS}
PROVINCE_STUDENTS = 8_000_000
CITY_NAME = "潜江市"
QIANJIANG = catalog.CITY_CODE  # 429005, the area code of identity numbers issued in Qianjiang
QIANJIANG_BEFORE_1994 = "422405"  # 潜江市 under 荆州地区: older people's numbers often keep it

_SEED = "edubureau-demo:registry"
_XLSX_TIME = (2024, 9, 1, 0, 0, 0)  # fixed zip and document times: the same seed gives the same bytes
_IN_SCHOOL = StudentStatus.IN_SCHOOL.value
_YES, _NO = "是", "否"


# ---- the schools -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DemoSchool:
    """What the generator needs of a school; `division_code` is its 学区/分局's township code ("" if bureau-direct)."""

    code: str
    name: str
    stage: str
    ownership: str
    locality: str
    is_boarding: bool
    status: str
    division_code: str

    @property
    def is_open(self) -> bool:
        return self.status == OperatingStatus.OPEN


def demo_schools() -> list[DemoSchool]:
    """Every school unit with a profile, in 学校标识码 order, in one query."""
    profiles = (
        SchoolProfile.objects.filter(org_unit__kind=OrgKind.SCHOOL)
        .select_related("org_unit__parent").order_by("school_code")
    )
    return [
        DemoSchool(
            code=p.school_code, name=p.org_unit.name, stage=p.stage, ownership=p.ownership, locality=p.locality,
            is_boarding=p.is_boarding, status=p.status,
            division_code=(p.org_unit.parent.division_code if p.org_unit.parent_id else "") or "",
        )
        for p in profiles
    ]


def schools_from_specs(specs: Iterable[UnitSpec]) -> list[DemoSchool]:
    """The same list from the demo tree in memory (demo.tree.full_tree), for planning without a database."""
    schools = []
    for spec in specs:
        if spec.kind != OrgKind.SCHOOL or spec.school is None:
            continue
        parent = spec.parent_code or ""
        division = parent[2:] if parent.startswith(("XQ", "FJ")) else ""
        s = spec.school
        schools.append(DemoSchool(spec.code, spec.name, s.stage, s.ownership, s.locality, s.is_boarding, s.status,
                                  division))
    return sorted(schools, key=lambda school: school.code)


# ---- the plan: classes and staff per school ---------------------------------------------------------

@dataclass
class ClassPlan:
    grade: int
    name: str
    size: int  # students in school (在读): the class's 班额
    others: list[str] = field(default_factory=list)  # statuses of the class's students not in school

    @property
    def students(self) -> int:
        return self.size + len(self.others)


@dataclass
class SchoolPlan:
    school: DemoSchool
    code: str  # the 学校标识码 written (a synthetic one in the province's replicas)
    replica: int
    area_code: str  # the county area code of most of its people's identity numbers
    classes: list[ClassPlan] = field(default_factory=list)
    fulltime_teachers: int = 0
    other_staff: int = 0
    psychology_teachers: int = 0

    @property
    def in_school(self) -> int:
        return sum(c.size for c in self.classes)

    @property
    def students(self) -> int:
        return sum(c.students for c in self.classes)

    @property
    def staff(self) -> int:
        return self.fulltime_teachers + self.other_staff


def _school_rng(seed: int, replica: int, code: str, purpose: str) -> random.Random:
    return random.Random(f"{_SEED}:{seed}:{replica}:{code}:{purpose}")


def _shape(school: DemoSchool, rng: random.Random) -> list[tuple[int, int, float]]:
    """(grade, classes, mean class size) of each grade a school of this kind has, at full scale."""
    stage, locality, name = school.stage, school.locality, school.name
    urban, rural = locality == Locality.URBAN, locality == Locality.RURAL
    private = school.ownership == Ownership.PRIVATE
    randint, gauss, uniform = rng.randint, rng.gauss, rng.uniform
    flagship = "园林第" in name or "实验" in name

    def grades(first: int, last: int, classes: tuple[int, int], mean: float, starting_offset: float = 0.0):
        """Grades first..last with randint(*classes) classes each; starting grades a little smaller."""
        return [(g, randint(*classes), mean + (starting_offset if g in (1, 7, 10) else 0.0))
                for g in range(first, last + 1)]

    if stage == Stage.KINDERGARTEN:
        if rural and not private:  # a village kindergarten: one class per year, or one mixed class
            if rng.random() < 0.3:
                return [(Grade.KG_MIXED, 1, uniform(16, 28))]
            return [(g, 1, uniform(12, 24)) for g in (Grade.KG_SMALL, Grade.KG_MIDDLE, Grade.KG_LARGE)]
        if private:
            per_grade, base = (randint(2, 4), gauss(25, 2)) if urban else (randint(1, 3), gauss(24, 2))
        elif flagship:
            per_grade, base = randint(4, 5), gauss(30, 1.5)
        else:
            per_grade, base = (randint(3, 4), gauss(29, 1.5)) if urban else (randint(2, 3), gauss(27, 2))
        return [(Grade.KG_SMALL, per_grade, base - 3), (Grade.KG_MIDDLE, per_grade, base),
                (Grade.KG_LARGE, per_grade, base + 2)]
    if stage == Stage.PRIMARY:
        if "教学点" in name:
            return [(g, 1, uniform(5, 15)) for g in range(1, randint(3, 4) + 1)]
        if rural:
            return [(g, 1, uniform(12, 34)) for g in range(1, 7)]
        classes = (5, 6) if urban and (flagship or "育才" in name) else (3, 5) if urban else (3, 4)
        mean = gauss(51.5, 1.5) if rng.random() < 0.15 else gauss(44 if urban else 41, 2)  # some are crowded
        return grades(1, 6, classes, mean, starting_offset=-1.5)
    if stage == Stage.JUNIOR:
        crowded = rng.random() < 0.2 and not rural
        classes = (7, 9) if urban and "园林第" in name else (2, 3) if rural else (4, 5)
        mean = gauss(53, 1.5) if crowded else gauss(42 if rural else 46.5, 2)
        return grades(7, 9, classes, mean, starting_offset=-1.0)
    if stage == Stage.NINE_YEAR:
        if urban:
            primary, junior, mean = (2, 3), (3, 4), gauss(45, 2)
        elif rural:
            primary, junior, mean = (1, 1), (1, 2), gauss(34, 4)
        else:
            primary, junior, mean = (1, 2), (2, 2), gauss(42, 3)
        return grades(1, 6, primary, mean - 3) + grades(7, 9, junior, mean + 3)
    if stage == Stage.TWELVE_YEAR:
        return grades(1, 12, (2, 2), gauss(40, 1.5))
    if stage == Stage.SENIOR:
        flagship_senior = school.code == catalog.NAMED_SCHOOLS["潜江中学"]
        classes = (15, 17) if flagship_senior else (5, 6) if private else (9, 11)
        return grades(10, 12, classes, gauss(53, 1), starting_offset=-1.5)
    if stage == Stage.VOCATIONAL:
        return grades(10, 12, (5, 6) if private else (15, 17), gauss(43, 2))
    if stage == Stage.SPECIAL:
        return [(g, 2 if g <= 6 else 1, uniform(7, 11)) for g in range(1, 10)]
    return []  # open university: no school students


_SIZE_LIMITS = {  # (lowest, highest) 班额 drawn before the city's outliers are placed
    Stage.KINDERGARTEN: (8, 38), Stage.PRIMARY: (3, 56), Stage.JUNIOR: (15, 58), Stage.NINE_YEAR: (8, 56),
    Stage.TWELVE_YEAR: (30, 48), Stage.SENIOR: (42, 60), Stage.VOCATIONAL: (30, 52), Stage.SPECIAL: (5, 12),
}
# 在读 students per 专任教师, by stage and locality (reference §1-§3 ratios and county practice).
_PUPILS_PER_TEACHER = {
    Stage.KINDERGARTEN: 14.0, Stage.PRIMARY: 17.0, Stage.JUNIOR: 12.5, Stage.TWELVE_YEAR: 11.5,
    Stage.SENIOR: 12.5, Stage.VOCATIONAL: 15.5, Stage.SPECIAL: 3.5,
}


def _teacher_counts(school: DemoSchool, classes: list[ClassPlan], rng: random.Random) -> tuple[int, int, int]:
    """(专任教师, other staff, of the 专任教师 those teaching mental health full time)."""
    if not classes:
        return 0, 0, 0
    in_school = sum(c.size for c in classes)
    stage = school.stage
    if stage in (Stage.PRIMARY, Stage.NINE_YEAR, Stage.JUNIOR):
        primary = [c for c in classes if c.grade <= 6]
        junior = [c for c in classes if c.grade >= 7]
        fulltime = 0.0
        if primary:
            pupils = sum(c.size for c in primary)
            ratio = {Locality.URBAN: 18.0, Locality.TOWN: 17.0}.get(school.locality, 11.5)
            fulltime += max(pupils / ratio, len(primary) * (1.6 if school.locality == Locality.RURAL else 1.2))
        if junior:
            pupils = sum(c.size for c in junior)
            fulltime += max(pupils / (10.5 if school.locality == Locality.RURAL else 12.5), len(junior) * 2.6)
        fulltime = math.ceil(fulltime * rng.uniform(0.95, 1.05))
    else:
        ratio = _PUPILS_PER_TEACHER[stage] * (1.15 if school.ownership == Ownership.PRIVATE else 1.0)
        fulltime = max(2, math.ceil(in_school / ratio * rng.uniform(0.95, 1.05)))
    others = round(fulltime * rng.uniform(0.04, 0.1))
    if stage == Stage.KINDERGARTEN:
        others += 2 + len(classes) // 2  # 保育员, 保健医, 财务
    psychology = 0
    if stage != Stage.KINDERGARTEN:
        if in_school >= 2000:
            psychology = 2 if rng.random() < 0.7 else 1
        elif in_school >= 500:
            psychology = 1 if rng.random() < 0.85 else 0
        elif in_school >= 150:
            psychology = 1 if rng.random() < 0.35 else 0
    return fulltime, others, min(psychology, fulltime)


def _plan_school(school: DemoSchool, *, seed: int, scale: str, replica: int, code: str, area: str) -> SchoolPlan:
    rng = _school_rng(seed, replica, school.code, "plan")
    plan = SchoolPlan(school, code, replica, area)
    if not school.is_open:
        return plan
    low, high = _SIZE_LIMITS.get(school.stage, (1, 60))
    for grade, count, mean in _shape(school, rng):
        if scale == "small":
            count = 1
        for number in range(1, count + 1):
            size = min(high, max(low, round(rng.gauss(mean, 2.2 if mean > 20 else 1.5))))
            plan.classes.append(ClassPlan(int(grade), f"{number}班", size))
    for cls in plan.classes:  # a few students on the roll who are not in school
        for status, rate in ((StudentStatus.SUSPENDED, 0.0012), (StudentStatus.TRANSFERRED_OUT, 0.0025)):
            if rng.random() < cls.size * rate:
                cls.others.append(status.value)
    plan.fulltime_teachers, plan.other_staff, plan.psychology_teachers = _teacher_counts(school, plan.classes, rng)
    return plan


def _place_outliers(plans: list[SchoolPlan], *, seed: int, replica: int, scale: str) -> None:
    """The city's 大班额 and 超大班额 (reference §1), and its few 辍学 students (§8).

    A couple of classes over 66 and about 1% of the eligible ones at 56–63, among the primary and
    junior classes of urban and town schools; dropouts in rural and town compulsory classes,
    mostly in junior grades.
    """
    rng = random.Random(f"{_SEED}:{seed}:{replica}:city")
    compulsory = (Stage.PRIMARY, Stage.JUNIOR, Stage.NINE_YEAR)
    eligible = [c for p in plans if p.school.stage in compulsory and p.school.locality != Locality.RURAL
                for c in p.classes if 1 <= c.grade <= 9 and c.size >= 40]
    over_66 = 1 if scale == "small" else 2
    picked = rng.sample(eligible, min(len(eligible), over_66 + max(1, len(eligible) // 90)))
    for index, cls in enumerate(picked):
        cls.size = rng.randint(67, 70) if index < over_66 else rng.randint(56, 63)
    candidates = [c for p in plans if p.school.stage in compulsory and p.school.locality != Locality.URBAN
                  for c in p.classes if 1 <= c.grade <= 9]
    if candidates:
        weights = [4 if c.grade >= 7 else 1 for c in candidates]
        pupils = sum(c.size for c in candidates)
        for cls in rng.choices(candidates, weights=weights, k=max(2, round(pupils * 0.0002))):
            cls.others.append(StudentStatus.DROPPED_OUT.value)


def plan_city(schools: list[DemoSchool], *, seed: int = 1, scale: str = "full", replica: int = 0,
              codes: dict[str, str] | None = None, area: str = QIANJIANG) -> list[SchoolPlan]:
    """The plan of every school (筹建中 ones get no classes and no staff), in the order given.

    `codes` maps a school's code to the 学校标识码 written for it (province replicas).
    """
    check_scale(scale)
    plans = [
        _plan_school(school, seed=seed, scale=scale, replica=replica, code=(codes or {}).get(school.code, school.code),
                     area=area)
        for school in schools
    ]
    _place_outliers(plans, seed=seed, replica=replica, scale=scale)
    return plans


# ---- identity numbers --------------------------------------------------------------------------------

# Counties people of Qianjiang come from (GB/T 2260): 仙桃, 天门, 监利, 洪湖, 公安, 荆州区, 沙市区,
# 石首, 江陵, 沙洋, 钟祥, 京山, 汉川, 武汉江岸区, 长阳 (土家族).
NEIGHBOUR_AREAS = (
    "429004", "429006", "421088", "421083", "421022", "421003", "421002", "421081", "421024", "420822",
    "420881", "420882", "420984", "420102", "420528",
)
_NEIGHBOUR_WEIGHTS = (16, 14, 12, 8, 6, 6, 5, 4, 4, 5, 4, 4, 3, 3, 2)
_NEIGHBOUR_POOL = tuple(area for area, weight in zip(NEIGHBOUR_AREAS, _NEIGHBOUR_WEIGHTS) for _ in range(weight))


@cache
def hubei_county_areas() -> tuple[str, ...]:
    """County-level area codes of Hubei (current and former) known to python-stdnum, for the province's replicas."""
    prefectures = [f"42{p:02d}" for p in range(1, 14)] + ["4228", "4290"]  # 武汉 … 随州, 恩施, 省直辖
    codes = []
    for prefecture in prefectures:
        for suffix in range(2, 100):
            code = f"{prefecture}{suffix:02d}"
            name = area_name(code)
            if name and not name.endswith(("市辖区", "市区", "郊区")) and code != QIANJIANG:
                codes.append(code)
    return tuple(codes)


class SequenceAllocator:
    """The 3-digit sequence codes of identity numbers: never the same (area, birth date, sex) code twice.

    One flat array of counters (two bytes each), so the province's millions of numbers take no
    more memory than the city's. Men get odd codes 001–997, women even codes 002–998.
    """

    PER_DAY = 499

    def __init__(self, areas: Iterable[str], first: datetime.date, last: datetime.date):
        self.areas = tuple(dict.fromkeys(areas))
        self.index = {area: i for i, area in enumerate(self.areas)}
        self.first = first.toordinal()
        self.days = last.toordinal() - self.first + 1
        self.counts = array("H", bytes(2 * len(self.areas) * self.days * 2))

    def take(self, area: str, born: datetime.date, male: bool) -> tuple[str, int]:
        """(area, sequence) for a new number; another area of the list when `area`'s codes of that day are used up."""
        start = self.index[area]
        day = born.toordinal() - self.first
        for step in range(len(self.areas)):
            index = (start + step) % len(self.areas)
            slot = (index * self.days + day) * 2 + male
            used = self.counts[slot]
            if used < self.PER_DAY:
                self.counts[slot] = used + 1
                return self.areas[index], 2 * used + (1 if male else 2)
        raise RuntimeError("身份证号顺序码已用尽")


# ---- names -------------------------------------------------------------------------------------------

_BOY_CHARS = "子浩宇轩俊博文泽睿杰涛鑫豪晨阳铭然翔鹏航凯志梓一皓天思明嘉瑞奕辰昊恒宸煜诚磊旭"
_GIRL_CHARS = "欣怡梓涵雨萱思琪佳悦诗可馨语婷雅雪晴彤梦琳心妍若静嘉颖蕾瑶钰菲慧月晓一依安乐"
_MAN_FIRST = "建国志文明永海德金俊家振立新宏卫光春"
_MAN_SECOND = "华军平强明伟杰涛斌勇波辉林峰鹏刚宇"
_WOMAN_FIRST = "秀丽红春晓海金美玉桂小思雨佳嘉婷"
_WOMAN_SECOND = "芳英敏静霞燕琴洁玲萍丹红娟艳慧兰梅"
# Surnames drawn by frequency rank (names.SURNAMES is ordered by it): one entry per 1/(rank + 4) share.
_SURNAME_POOL = tuple(name for rank, name in enumerate(SURNAMES) for _ in range(round(400 / (rank + 4))))


def _pick(rng: random.Random, pool):
    """rng.choice(pool) without its overhead (the province draws tens of millions of these)."""
    return pool[int(rng.random() * len(pool))]


def _surname(rng: random.Random) -> str:
    return _pick(rng, _SURNAME_POOL)


def child_name(rng: random.Random, male: bool) -> str:
    chars = _BOY_CHARS if male else _GIRL_CHARS
    first = _pick(rng, chars)
    if rng.random() < 0.22:
        return _surname(rng) + first
    second = _pick(rng, chars)
    return _surname(rng) + first + (second if second != first else _pick(rng, chars))


def adult_name(rng: random.Random, male: bool) -> str:
    first, second = (_MAN_FIRST, _MAN_SECOND) if male else (_WOMAN_FIRST, _WOMAN_SECOND)
    given = rng.choice(first) + rng.choice(second)
    return _surname(rng) + (given if rng.random() < 0.75 else given[1])


# ---- rows --------------------------------------------------------------------------------------------

STUDENT_FIELDS = (
    "school_code", "xuejihao", "id_number", "name", "sex", "birth_date", "ethnicity", "household_division_code",
    "grade", "class_name", "status", "enrolment_date", "disability_category", "disability_level",
    "is_left_behind", "is_boarding",
)
TEACHER_FIELDS = (
    "school_code", "id_number", "name", "sex", "birth_date", "subjects", "highest_qualification",
    "professional_title", "post_type", "dual_qualified_level", "backbone_level", "is_fulltime_psychology",
    "is_fulltime_pe", "is_fulltime_arts", "is_fulltime_ideology", "years_at_school",
)
CLASS_FIELDS = ("school_code", "school_year", "grade", "name")
FIGURE_FIELDS = (
    "school_code", "school_year", "enrolment", "building_area", "teaching_area", "sports_area", "equipment_value",
    "networked_multimedia_classrooms", "student_computers", "teacher_computers", "security_guards",
    "closed_management", "alarm_linked_to_police", "video_linked_to_police", "protection_post",
    "public_budget_spending",
)
FIELDS = {"figures": FIGURE_FIELDS, "classes": CLASS_FIELDS, "students": STUDENT_FIELDS, "teachers": TEACHER_FIELDS}
_DATE_FIELDS = {"birth_date", "enrolment_date"}

_GRADE_LABELS = {grade.value: grade.label for grade in Grade}
_STATUS_LABELS = {status.value: status.label for status in StudentStatus}
_ETHNIC_LABELS = dict(ETHNICITY_CHOICES)
# (GB/T 3304 code, cumulative share): 汉族 first, then the groups living in and around Hubei.
_ETHNIC_CUM = tuple(
    (_ETHNIC_LABELS[code], share) for code, share in
    (("01", 0.9855), ("15", 0.9925), ("03", 0.995), ("06", 0.9965), ("11", 0.9975), ("02", 0.998),
     ("08", 0.9985), ("12", 0.999), ("07", 0.9995), ("13", 1.0))
)
_HAN, _HAN_SHARE = _ETHNIC_CUM[0]
_DISABILITY_LABELS = {category.value: category.label for category in DisabilityCategory}
_LEVEL_LABELS = {level.value: level.label for level in DisabilityLevel}
_MAINSTREAM_DISABILITY = (("intellectual", 35), ("physical", 25), ("hearing", 10), ("visual", 10), ("speech", 10),
                          ("multiple", 5), ("mental", 5))
_SPECIAL_DISABILITY = (("intellectual", 45), ("hearing", 20), ("visual", 10), ("multiple", 15), ("mental", 10))
_LEFT_BEHIND = {Locality.URBAN: 0.07, Locality.TOWN: 0.17, Locality.RURAL: 0.27}


@dataclass
class _Context:
    seed: int
    school_year: str
    year: int  # the calendar year the school year starts in
    sequences: SequenceAllocator
    l_numbers: dict[tuple[str, int], int] = field(default_factory=dict)  # (region, birth ordinal) → L issued


def _birth_window(grade: int, year: int) -> tuple[int, int]:
    """(first ordinal, days) of the birth dates of a class: age 6 by 31 August of the year of 一年级."""
    first_grade_year = year - (grade - 1)  # also right for kindergarten: 大班 (0) starts school next year
    start = datetime.date(first_grade_year - 7, 9, 1).toordinal()
    return start, datetime.date(first_grade_year - 6, 9, 1).toordinal() - start


def _entry_year(stage: str, grade: int, year: int, rng: random.Random) -> int:
    """The year the student started at this school (enrolment date: 1 September of it)."""
    if grade <= 0:
        return year - (grade + 2) if grade >= Grade.KG_SMALL else year - rng.randint(0, 2)
    if stage in (Stage.SENIOR, Stage.VOCATIONAL):
        return year - (grade - 10)
    if stage == Stage.JUNIOR:
        return year - (grade - 7)
    if stage in (Stage.NINE_YEAR, Stage.TWELVE_YEAR) and grade >= 7 and rng.random() < 0.3:  # joined later
        return year - (grade - (10 if grade >= 10 else 7))
    return year - (grade - 1)


def _boarding_share(school: DemoSchool, grade: int) -> float:
    if not school.is_boarding or grade <= 0:
        return 0.0
    if school.stage == Stage.SPECIAL:
        return 0.6
    if grade >= 10:
        return 0.85 if school.stage != Stage.VOCATIONAL else 0.8
    if grade >= 7:
        return 0.5 if school.locality == Locality.URBAN else 0.72
    return 0.1 if grade <= 3 else 0.35


def _household_code(rng: random.Random, id_area: str | None, school: DemoSchool, divisions: tuple[str, ...]) -> str:
    if id_area and id_area != QIANJIANG and rng.random() < 0.7:
        return id_area
    draw = rng.random()
    if draw < 0.1:
        return QIANJIANG
    if school.division_code and draw < 0.85:
        return school.division_code
    return rng.choice(divisions)


@cache
def _divisions() -> tuple[str, ...]:
    return tuple(d.code for d in qianjiang_divisions() if d.in_2023_data)


def student_rows(plan: SchoolPlan, ctx: _Context) -> Iterator[list]:
    """One row per student of the school (STUDENT_FIELDS order), class by class."""
    school, code, area = plan.school, plan.code, plan.area_code
    rng = _school_rng(ctx.seed, plan.replica, school.code, "students")
    random_, randrange = rng.random, rng.randrange
    divisions = _divisions()
    special = school.stage == Stage.SPECIAL
    left_behind = _LEFT_BEHIND[school.locality] * (0.6 if school.stage in (Stage.SENIOR, Stage.VOCATIONAL) else 1.0)
    take = ctx.sequences.take
    windows = {grade: _birth_window(grade, ctx.year) for grade in _GRADE_LABELS}
    september = {year: datetime.date(year, 9, 1) for year in range(ctx.year - 12, ctx.year + 1)}
    for cls in plan.classes:
        grade_label = _GRADE_LABELS[cls.grade]
        boarding = _boarding_share(school, cls.grade)
        late_share = 0.15 if cls.grade >= 10 else 0.03
        mixed = cls.grade == Grade.KG_MIXED
        statuses = [_IN_SCHOOL] * cls.size + cls.others
        for status in statuses:
            start, days = windows[rng.randint(-2, 0) if mixed else cls.grade]
            older = 0
            if special:
                older = rng.randint(0, 3)
            elif random_() < late_share:
                older = 1
            born = datetime.date.fromordinal(start - 365 * older + randrange(days))
            male = random_() < 0.52
            kind = random_()
            id_area = None
            if kind < 0.982:
                id_area = area if random_() < 0.92 else _pick(rng, _NEIGHBOUR_POOL)
                id_area, sequence = take(id_area, born, male)
                id_number = build_id_number(id_area, born, sequence)
                xuejihao = "G" + id_number
            elif kind < 0.994:
                id_number = None
                region, sequence = take(area, born, male)
                body = f"{region}{born:%Y%m%d}{sequence:03d}"
                xuejihao = "J" + body + calc_check_digit(body + "0")
            else:
                id_number = None
                key = (area, born.toordinal())
                issued = ctx.l_numbers.get(key, 0)
                if issued >= 100:
                    raise RuntimeError("临时学籍号已用尽")
                ctx.l_numbers[key] = issued + 1
                xuejihao = f"L{area}{born:%Y%m%d}{issued:02d}{randrange(100):02d}"
            disability = level = None
            if special or random_() < 0.009:
                category = rng.choices(*zip(*(_SPECIAL_DISABILITY if special else _MAINSTREAM_DISABILITY)))[0]
                disability = _DISABILITY_LABELS[category]
                level = _LEVEL_LABELS[rng.randint(1, 3) if special else rng.choice((2, 3, 3, 4, 4, 4))]
            draw = random_()
            ethnicity = _HAN if draw < _HAN_SHARE else next(label for label, share in _ETHNIC_CUM if draw < share)
            if kind >= 0.994 and random_() < 0.5:
                household = None  # some L students have no 户籍 at all
            else:
                household = _household_code(rng, id_area, school, divisions)
            entry = _entry_year(school.stage, cls.grade, ctx.year, rng)
            yield [
                code, xuejihao, id_number, child_name(rng, male), "男" if male else "女", born, ethnicity, household,
                grade_label, cls.name, _STATUS_LABELS[status], september[entry], disability, level,
                _YES if random_() < left_behind else _NO, _YES if random_() < boarding else _NO,
            ]


# Subjects of 专任教师 by stage: (subject, weight).
_PRIMARY_SUBJECTS = (("语文", 30), ("数学", 25), ("英语", 10), ("科学", 6), ("道德与法治", 5), ("体育", 7),
                     ("音乐", 5), ("美术", 5), ("信息技术", 3), ("综合实践", 2))
_JUNIOR_SUBJECTS = (("语文", 15), ("数学", 15), ("英语", 13), ("物理", 7), ("化学", 5), ("生物", 5), ("历史", 5),
                    ("地理", 5), ("道德与法治", 6), ("体育", 7), ("音乐", 3), ("美术", 3), ("信息技术", 3))
_SENIOR_SUBJECTS = (("语文", 13), ("数学", 13), ("英语", 12), ("物理", 9), ("化学", 7), ("生物", 7), ("历史", 6),
                    ("地理", 6), ("思想政治", 6), ("体育", 6), ("音乐", 2), ("美术", 2), ("信息技术", 3),
                    ("通用技术", 2))
_VOCATIONAL_PUBLIC = (("语文", 4), ("数学", 4), ("英语", 3), ("思想政治", 3), ("体育", 2), ("历史", 1), ("信息技术", 2))
_VOCATIONAL_MAJORS = ("机电技术应用", "数控技术应用", "汽车运用与维修", "计算机应用", "电子商务", "会计事务", "护理",
                      "幼儿保育", "电子技术应用", "旅游服务与管理")
_SPECIAL_SUBJECTS = (("特殊教育", 45), ("康复训练", 20), ("语文", 10), ("数学", 10), ("体育", 5), ("音乐", 5),
                     ("美术", 5))
_VILLAGE_COMBINED = ("语文、道德与法治", "数学、科学", "语文、音乐", "数学、体育", "英语、美术", "语文、数学")
_FEMALE_SHARE = {Stage.KINDERGARTEN: 0.97, Stage.PRIMARY: 0.72, Stage.JUNIOR: 0.55, Stage.NINE_YEAR: 0.62,
                 Stage.TWELVE_YEAR: 0.6, Stage.SENIOR: 0.45, Stage.VOCATIONAL: 0.5, Stage.SPECIAL: 0.75}
_QUALIFICATIONS = {  # (value, weight) by stage for 专任教师
    Stage.KINDERGARTEN: ((Qualification.BACHELOR, 35), (Qualification.ASSOCIATE, 55),
                         (Qualification.SENIOR_SECONDARY, 10)),
    Stage.PRIMARY: ((Qualification.MASTER, 2), (Qualification.BACHELOR, 62), (Qualification.ASSOCIATE, 33),
                    (Qualification.SENIOR_SECONDARY, 3)),
    Stage.JUNIOR: ((Qualification.MASTER, 5), (Qualification.BACHELOR, 85), (Qualification.ASSOCIATE, 10)),
    Stage.SENIOR: ((Qualification.MASTER, 18), (Qualification.BACHELOR, 81), (Qualification.ASSOCIATE, 1)),
    Stage.VOCATIONAL: ((Qualification.MASTER, 14), (Qualification.BACHELOR, 76), (Qualification.ASSOCIATE, 10)),
    Stage.SPECIAL: ((Qualification.MASTER, 5), (Qualification.BACHELOR, 75), (Qualification.ASSOCIATE, 20)),
}
_STAFF_QUALIFICATIONS = ((Qualification.BACHELOR, 35), (Qualification.ASSOCIATE, 40),
                         (Qualification.SENIOR_SECONDARY, 20), (Qualification.BELOW_SENIOR_SECONDARY, 5))
_STAFF_POSTS = ((PostType.ADMINISTRATIVE, 45), (PostType.TEACHING_SUPPORT, 35), (PostType.WORKER, 20))
_IDEOLOGY = ("道德与法治", "思想政治")


def _weighted(rng: random.Random, pairs) -> object:
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def _title(rng: random.Random, age: int, private: bool) -> str:
    if private and rng.random() < 0.5:
        return ProfessionalTitle.UNRATED
    if age < 25:
        return ProfessionalTitle.UNRATED if rng.random() < 0.6 else ProfessionalTitle.SECOND
    second, first, senior = ProfessionalTitle.SECOND, ProfessionalTitle.FIRST, ProfessionalTitle.SENIOR
    if age < 32:
        return _weighted(rng, ((second, 60), (first, 35), (ProfessionalTitle.UNRATED, 5)))
    if age < 42:
        return _weighted(rng, ((second, 15), (first, 60), (senior, 25)))
    return _weighted(rng, ((second, 8), (first, 50), (senior, 40), (ProfessionalTitle.SENIOR_FULL, 2)))


# 骨干教师 recognised at each level: (level, cumulative share of the teachers old enough).
_BACKBONE_CUM = ((BackboneLevel.COUNTY.label, 0.1), (BackboneLevel.CITY.label, 0.14),
                 (BackboneLevel.PROVINCE.label, 0.152), (BackboneLevel.NATIONAL.label, 0.1528))


def _backbone(draw: float) -> str | None:
    return next((label for label, share in _BACKBONE_CUM if draw < share), None)


def _teacher_subject(school: DemoSchool, rng: random.Random, junior_share: float) -> tuple[str, bool]:
    """(任教学科, is a 专业课 teacher of a 中职)."""
    stage = school.stage
    if stage == Stage.KINDERGARTEN:
        return "学前教育", False
    if stage == Stage.VOCATIONAL:
        if rng.random() < 0.6:
            return rng.choice(_VOCATIONAL_MAJORS), True
        return _weighted(rng, _VOCATIONAL_PUBLIC), False
    if stage == Stage.SPECIAL:
        return _weighted(rng, _SPECIAL_SUBJECTS), False
    if stage == Stage.SENIOR or (stage == Stage.TWELVE_YEAR and rng.random() < 0.25):
        return _weighted(rng, _SENIOR_SUBJECTS), False
    if rng.random() < junior_share:
        return _weighted(rng, _JUNIOR_SUBJECTS), False
    if school.locality == Locality.RURAL and rng.random() < 0.4:
        return rng.choice(_VILLAGE_COMBINED), False
    return _weighted(rng, _PRIMARY_SUBJECTS), False


def teacher_rows(plan: SchoolPlan, ctx: _Context) -> Iterator[list]:
    """One row per member of staff of the school (TEACHER_FIELDS order), 专任教师 first."""
    if not plan.staff:
        return
    school, code = plan.school, plan.code
    rng = _school_rng(ctx.seed, plan.replica, school.code, "teachers")
    random_ = rng.random
    private = school.ownership == Ownership.PRIVATE
    pupils = plan.in_school or 1
    junior_share = sum(c.size for c in plan.classes if c.grade >= 7) / pupils
    female_share = _FEMALE_SHARE.get(school.stage, 0.6)
    mixed_stage = school.stage in (Stage.NINE_YEAR, Stage.TWELVE_YEAR)
    qualifications = _QUALIFICATIONS[Stage.JUNIOR if mixed_stage else school.stage]
    mean_age = {Locality.URBAN: 39, Locality.TOWN: 43, Locality.RURAL: 47}[school.locality] - (6 if private else 0)
    term_start = datetime.date(ctx.year, 9, 1)
    for index in range(plan.staff):
        fulltime = index < plan.fulltime_teachers
        psychology = index < plan.psychology_teachers
        male = random_() >= (female_share if fulltime else 0.55)
        oldest = 60 if male else 55
        age = min(oldest, max(22, round(rng.gauss(mean_age, 9))))
        born = datetime.date.fromordinal(
            datetime.date(term_start.year - age - 1, 9, 2).toordinal() + rng.randrange(365))
        if born.year < 1984 and random_() < 0.45:
            area = QIANJIANG_BEFORE_1994
        else:
            area = plan.area_code if random_() < 0.8 else rng.choice(_NEIGHBOUR_POOL)
        area, sequence = ctx.sequences.take(area, born, male)
        subjects, professional = "", False
        dual = backbone = None
        pe = arts = ideology = False
        if psychology:
            subjects = "心理健康"
            qualification = Qualification.MASTER if random_() < 0.3 else Qualification.BACHELOR
        elif fulltime:
            subjects, professional = _teacher_subject(school, rng, junior_share)
            qualification = _weighted(rng, qualifications)
            pe = subjects == "体育" and random_() < 0.95
            arts = subjects in ("音乐", "美术") and random_() < 0.9
            ideology = subjects in _IDEOLOGY and (school.stage != Stage.PRIMARY or random_() < 0.5)
        else:
            qualification = _weighted(rng, _STAFF_QUALIFICATIONS)
        if age < 24 and qualification == Qualification.MASTER:
            qualification = Qualification.BACHELOR
        if fulltime:
            title = _title(rng, age, private)
            post = PostType.FULLTIME_TEACHER
            if school.stage == Stage.VOCATIONAL and random_() < (0.62 if professional else 0.1):
                dual = _weighted(rng, ((DualQualifiedLevel.JUNIOR, 40), (DualQualifiedLevel.INTERMEDIATE, 45),
                                       (DualQualifiedLevel.SENIOR, 15))).label
            if age >= (30 if school.stage == Stage.KINDERGARTEN else 28):
                backbone = _backbone(random_())
        else:
            title = ProfessionalTitle.UNRATED if random_() < 0.7 else _title(rng, age, private)
            post = _weighted(rng, _STAFF_POSTS)
        years = min(age - 22, 35, int(rng.expovariate(1 / (6 if private else 10))))
        yield [
            code, build_id_number(area, born, sequence), adult_name(rng, male), "男" if male else "女", born,
            subjects or None, Qualification(qualification).label, ProfessionalTitle(title).label,
            PostType(post).label, dual, backbone, *(_YES if flag else _NO for flag in (psychology, pe, arts, ideology)),
            years,
        ]


def class_rows(plan: SchoolPlan, ctx: _Context) -> Iterator[list]:
    for cls in plan.classes:
        yield [plan.code, ctx.school_year, _GRADE_LABELS[cls.grade], cls.name]


# Per-student standards the figures are drawn around: (teaching m², sports m², equipment 元, rooms per 100).
# Primary and junior are the 优质均衡 thresholds of reference §3.1; the others are plausible levels.
_FIGURE_STANDARDS = {
    Stage.KINDERGARTEN: (8.17, 4.0, 800, 0.0),
    Stage.PRIMARY: (4.5, 7.5, 2000, 2.3),
    Stage.JUNIOR: (5.8, 10.2, 2500, 2.4),
    Stage.NINE_YEAR: (5.0, 8.5, 2200, 2.35),
    Stage.TWELVE_YEAR: (6.0, 10.0, 3000, 2.4),
    Stage.SENIOR: (7.0, 11.0, 3500, 2.5),
    Stage.VOCATIONAL: (10.0, 9.0, 8000, 3.0),
    Stage.SPECIAL: (25.0, 20.0, 10000, 10.0),
}
# 生均公用经费 (万元) on top of staff costs, for public schools.
_RUNNING_COSTS = {Stage.KINDERGARTEN: 0.05, Stage.PRIMARY: 0.072, Stage.JUNIOR: 0.092, Stage.NINE_YEAR: 0.08,
                  Stage.TWELVE_YEAR: 0.09, Stage.SENIOR: 0.12, Stage.VOCATIONAL: 0.2, Stage.SPECIAL: 0.6}


def figure_rows(plan: SchoolPlan, ctx: _Context) -> tuple[list, list]:
    """The school's (previous year, current year) rows (FIGURE_FIELDS order)."""
    school = plan.school
    rng = _school_rng(ctx.seed, plan.replica, school.code, "figures")
    uniform, random_ = rng.uniform, rng.random
    current, previous = ctx.school_year, previous_school_year(ctx.school_year)
    if not school.is_open:
        zeros = [0, 0.0, 0.0, 0.0, 0.0, 0, 0, 0, 0, _NO, _NO, _NO, _NO, 0.0]
        return [plan.code, previous, *zeros], [plan.code, current, *zeros]
    enrolment, staff, classes = plan.in_school, plan.staff, len(plan.classes)
    private = school.ownership == Ownership.PRIVATE
    if school.stage == Stage.OPEN_UNIVERSITY:
        teaching, sports, equipment, rooms = uniform(7000, 9000), uniform(2500, 4000), uniform(500, 700), 30
        student_pcs, teacher_pcs = rng.randint(150, 250), rng.randint(60, 90)
    else:
        teaching_std, sports_std, equipment_std, rooms_std = _FIGURE_STANDARDS[school.stage]
        factors = [uniform(1.02, 1.3 if school.locality == Locality.URBAN else 1.7) for _ in range(4)]
        draw = random_()
        if draw < 0.06:  # one indicator far below: the school fails the 85% rule
            factors[rng.randrange(4)] = uniform(0.55, 0.84)
        elif draw < 0.2:  # one or two indicators a little below
            for index in rng.sample(range(4), rng.randint(1, 2)):
                factors[index] = uniform(0.86, 0.99)
        if school.locality == Locality.URBAN and enrolment > 1500 and random_() < 0.5:
            factors[1] = min(factors[1], uniform(0.6, 0.95))  # crowded city schools lack playground space
        teaching = max(300.0, enrolment * teaching_std * factors[0])
        sports = max(800.0, enrolment * sports_std * factors[1])
        equipment = max(8.0, enrolment * equipment_std * factors[2] / 10000)
        rooms = max(classes, math.ceil(enrolment * rooms_std / 100 * factors[3]))
        if school.stage == Stage.KINDERGARTEN:
            student_pcs = rng.randint(0, 12)
        else:
            student_pcs = round(enrolment / (uniform(5, 12) if random_() < 0.85 else uniform(15, 25)))
        teacher_pcs = round(staff * uniform(0.8, 1.15))
    building = teaching / uniform(0.55, 0.72)
    headcount = enrolment + staff
    needed = 1 if enrolment < 100 else 2
    if headcount > 1500:
        needed = max(2, math.ceil(headcount * (0.003 if school.is_boarding else 0.002)))
    guards = needed + rng.randint(0, 1) if random_() < 0.9 else max(0, needed - 1)
    laxer = 0.05 if private else 0.0
    flags = [random_() < share - laxer for share in (0.97, 0.95, 0.96, 0.94)]
    if private:
        spending = enrolment * uniform(0.02, 0.06)
    elif school.stage == Stage.OPEN_UNIVERSITY:
        spending = uniform(350, 500)
    else:
        pupils_funded = max(enrolment, 100) if school.locality == Locality.RURAL else enrolment
        spending = staff * uniform(9.5, 12.5) + pupils_funded * _RUNNING_COSTS[school.stage] + uniform(5, 40)
    grew = random_() < 0.88
    new_building = random_() < 0.08
    shrink = uniform(0.75, 0.95) if new_building else 1.0
    previous_flags = [flag and random_() < 0.95 for flag in flags]
    this_year = [
        plan.code, current, enrolment, round(building, 2), round(teaching, 2), round(sports, 2), round(equipment, 4),
        rooms, student_pcs, teacher_pcs, guards, *(_YES if f else _NO for f in flags), round(spending, 4),
    ]
    last_year = [
        plan.code, previous, max(0, round(enrolment * uniform(0.94, 1.06))), round(building * shrink, 2),
        round(teaching * shrink, 2), round(sports, 2), round(equipment / uniform(1.0, 1.15), 4),
        max(0, rooms - rng.randint(0, 3)), round(student_pcs * uniform(0.85, 1.0)),
        round(teacher_pcs * uniform(0.85, 1.0)),
        max(0, guards - rng.randint(0, 1)), *(_YES if f else _NO for f in previous_flags),
        round(spending / (uniform(1.01, 1.08) if grew else uniform(0.9, 0.99)), 4),
    ]
    return last_year, this_year


# ---- files -------------------------------------------------------------------------------------------

@dataclass
class RegistryFiles:
    """What write_registry_files wrote: a path and a row count per kind key."""

    directory: Path
    seed: int
    scale: str
    school_year: str
    paths: dict[str, Path] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # data rows written per kind
    schools: int = 0  # schools in the files (with the province's synthetic ones)
    in_school: int = 0  # students 在读 (the rest are 休学/转出/辍学)


def check_scale(scale: str) -> None:
    if scale not in REGISTRY_SCALES:
        raise ApplicationError(REGISTRY_SCALE_INVALID.format(scale=scale))


def header_row(key: str) -> list[str]:
    """The kind's headers (ColumnSpec.header) in the order this module writes its columns."""
    kind = _KINDS[key]
    return [kind.spec(name).header for name in FIELDS[key]]


def file_name(key: str, scale: str) -> str:
    return f"{_KINDS[key].label}{'.csv' if scale == 'province' else '.xlsx'}"


_COLUMN_WIDTHS = {"school_code": 13, "xuejihao": 22, "id_number": 21, "birth_date": 12, "enrolment_date": 12,
                  "household_division_code": 14, "school_year": 11, "subjects": 18}
class _XlsxSink:
    """One worksheet written with XlsxWriter in constant-memory mode (rows streamed to disk): a
    title row, the header row, then the data rows. Identifiers are text cells, dates are date
    cells (yyyy-mm-dd), numbers are numbers, empty values are left out. The document's times are
    fixed, so the same seed gives the same bytes."""

    def __init__(self, path: Path, key: str, title: str):
        self.path = path
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                                     "strings_to_formulas": False, "strings_to_urls": False})
        self.book.set_properties({"author": "EduBureau 示范数据", "created": datetime.datetime(*_XLSX_TIME)})
        self.sheet = self.book.add_worksheet(_KINDS[key].label)
        self.date_format = self.book.add_format({"num_format": "yyyy-mm-dd"})
        fields = FIELDS[key]
        for index, name in enumerate(fields):
            self.sheet.set_column(index, index, _COLUMN_WIDTHS.get(name, 10))
        self.sheet.freeze_panes(2, 0)
        self.sheet.write_string(0, 0, title, self.book.add_format({"bold": True, "font_size": 14}))
        bold = self.book.add_format({"bold": True})
        for index, header in enumerate(header_row(key)):
            self.sheet.write_string(1, index, header, bold)
        self.row = 1

    def append(self, values: list) -> None:
        self.row = number = self.row + 1
        sheet = self.sheet
        for column, value in enumerate(values):
            kind = type(value)
            if kind is str:
                sheet.write_string(number, column, value)
            elif kind is datetime.date:
                sheet.write_datetime(number, column, value, self.date_format)
            elif kind is bool:
                sheet.write_boolean(number, column, value)
            elif value is not None:
                sheet.write_number(number, column, value)

    def close(self) -> None:
        self.book.close()


class _CsvSink:
    """UTF-8-BOM CSV: the header row, then the data rows (dates as 2015-03-06)."""

    def __init__(self, path: Path, key: str, title: str):
        self.path = path
        self.file = path.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file)
        self.writer.writerow(header_row(key))
        dates = [i for i, name in enumerate(FIELDS[key]) if name in _DATE_FIELDS]
        writerow = self.writer.writerow
        if dates:
            def append(row: list) -> None:
                for i in dates:
                    row[i] = row[i].isoformat()
                writerow(row)
            self.append = append
        else:
            self.append = writerow

    def close(self) -> None:
        self.file.close()


def _titles(school_year: str) -> dict[str, str]:
    both = f"{previous_school_year(school_year)}、{school_year}"
    return {
        "figures": f"{CITY_NAME}学校年度数据({both}学年)",
        "classes": f"{CITY_NAME}班级名单({school_year}学年)",
        "students": f"{CITY_NAME}学生名册({school_year}学年)",
        "teachers": f"{CITY_NAME}教职工名册({school_year}学年)",
    }


def _replica_codes(schools: list[DemoSchool], replica: int) -> dict[str, str]:
    """Synthetic 学校标识码 of the schools in a province replica: the type prefix, 42, then a sequence
    from 100000 up that no city code (sequences 005001–099999) and no other replica uses."""
    if replica == 0:
        return {s.code: s.code for s in schools}
    by_type: dict[str, list[str]] = {}
    for school in schools:
        by_type.setdefault(school.code[:2], []).append(school.code)
    codes = {}
    for prefix, members in by_type.items():
        for index, code in enumerate(members):
            sequence = 100000 + (replica - 1) * len(members) + index
            if sequence > 999999:
                raise ApplicationError("全省规模的学校标识码已用尽,请减少学生数")
            codes[code] = f"{prefix}{code[2:4]}{sequence:06d}"
    return codes


def write_registry_files(directory: Path, *, seed: int = 1, scale: str = "full", school_year: str = "2024-2025",
                         province_students: int = PROVINCE_STUDENTS) -> RegistryFiles:
    """Write the four registry files of the demo city's schools (read from the database) into `directory`.

    Same seed, scale, school year and schools → the same files, byte for byte for xlsx. At scale
    "province" the city is replicated until about `province_students` students (CSV files).
    Raises ApplicationError for an unknown scale, a malformed school year or an empty database.
    """
    check_scale(scale)
    try:
        validate_school_year(school_year)
    except ValidationError as error:
        raise ApplicationError(error.messages[0]) from error
    schools = demo_schools()
    if not schools:
        raise ApplicationError(NO_DEMO_SCHOOLS)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    year = school_year_start(school_year)
    plan_scale = "full" if scale == "province" else scale
    first_plans = plan_city(schools, seed=seed, scale=plan_scale)
    replicas = 1
    replica_areas: tuple[str, ...] = (QIANJIANG,)
    if scale == "province":
        city_students = max(1, sum(p.students for p in first_plans))
        replicas = max(1, round(province_students / city_students))
        counties = hubei_county_areas()
        replica_areas = (QIANJIANG, *(counties[(r - 1) % len(counties)] for r in range(1, replicas)))
    areas = (*replica_areas, QIANJIANG_BEFORE_1994, *NEIGHBOUR_AREAS)
    if scale == "province":
        areas += hubei_county_areas()  # where numbers go when a day's codes of an area run out
    ctx = _Context(seed, school_year, year, SequenceAllocator(
        areas, datetime.date(year - 66, 1, 1), datetime.date(year + 1, 12, 31)))
    result = RegistryFiles(directory, seed, scale, school_year)
    sink_class = _CsvSink if scale == "province" else _XlsxSink
    titles = _titles(school_year)
    sinks = {}
    for key in KIND_KEYS:
        result.paths[key] = directory / file_name(key, scale)
        sinks[key] = sink_class(result.paths[key], key, titles[key])
        result.counts[key] = 0
    try:
        for replica in range(replicas):
            if replica == 0:
                plans = first_plans
            else:
                plans = plan_city(schools, seed=seed, scale=plan_scale, replica=replica,
                                  codes=_replica_codes(schools, replica), area=replica_areas[replica])
            _write_plans(plans, ctx, sinks, result)
    finally:
        for sink in sinks.values():
            sink.close()
    return result


def _write_plans(plans: list[SchoolPlan], ctx: _Context, sinks: dict, result: RegistryFiles) -> None:
    counts = result.counts
    figures = [figure_rows(plan, ctx) for plan in plans]
    for index in (0, 1):  # the previous school year first, then the current one
        for pair in figures:
            sinks["figures"].append(pair[index])
    counts["figures"] += 2 * len(figures)
    result.schools += len(plans)
    for key, rows in (("classes", class_rows), ("students", student_rows), ("teachers", teacher_rows)):
        append, written = sinks[key].append, 0
        for plan in plans:
            for row in rows(plan, ctx):
                append(row)
                written += 1
        counts[key] += written
    result.in_school += sum(plan.in_school for plan in plans)
