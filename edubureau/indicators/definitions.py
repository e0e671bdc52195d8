"""The built-in indicators: what each counts, per school, in SQL — and its default target.

Each BuiltIn's `per_school(period, schools)` returns {school id: components} from GROUP BY
queries over the registries (`schools` is the (id, path) queryset of the schools it applies
to). Defaults come from reference/indicators.md with its certainty tag; a bureau changes the
targets on the Indicator rows, never here. Later workflows add their own BuiltIns to REGISTRY.

Choices that hold for every indicator below:

- Students per school (在校生数) are SchoolYearFigures.enrolment of the period's school year:
  the figures that carry the per-student numerators (areas, equipment, computers, spending)
  are per school year, and only they have a previous year for 两个只增不减. Class sizes (班额)
  are counted from the students in the registry (在读 students of the period's classes).
- Teachers come from the teacher registry as it stands (it has no school year); 专任教师 are
  post_type FULLTIME_TEACHER.
- A school without a figures row for the period has no value for the indicators that need
  one (no data is not a failure); the stored `schools` count says how many took part.
- Nine- and twelve-year schools are left out of the 7 优质均衡 resource indicators, their
  差异系数 and the share of schools meeting them (the reference's primary/junior apportioning
  rule is only [S]); they count everywhere else (class sizes by grade, size limits, …).
"""
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField, Case, Count, DecimalField, ExpressionWrapper, F, IntegerField, OuterRef, Q, QuerySet, Subquery,
    Sum, Value, When,
)
from django.db.models.functions import Coalesce

from edubureau.core.schoolyears import previous_school_year
from edubureau.indicators.engine import PerSchool, Rollup
from edubureau.indicators.models import Certainty, Comparator, PeriodType
from edubureau.orgs.models import Ownership, SchoolYearFigures, Stage
from edubureau.registry.choices import (
    ASSOCIATE_OR_ABOVE, BACHELOR_OR_ABOVE, JUNIOR_GRADES, PRIMARY_GRADES, SENIOR_GRADES, STARTING_GRADES, Grade,
    PostType, StudentStatus,
)
from edubureau.registry.models import ClassGroup, Student, Teacher

PERCENT = Decimal(100)
YUAN_PER_WAN = Decimal(10000)  # money is stored in 万元
LARGE_CLASS = 56  # 大班额: 56 and more (reference §1)
HUGE_CLASS = 66  # 超大班额: 66 and more
STARTING_GRADE_LIMIT = 50  # the plan's item 23: new intake classes of at most 50
SENIOR_INTAKE_LIMIT = 55  # 普通高中新入学年级班额不得超过55人 (reference §1)
# 大校额 (reference §1): in-school students allowed per school, by stage.
SCHOOL_SIZE_LIMITS = {Stage.PRIMARY: 2000, Stage.JUNIOR: 2000, Stage.NINE_YEAR: 2500, Stage.TWELVE_YEAR: 2500,
                      Stage.SENIOR: 3000}
# 专职保安员配备 (reference §5, local rule [S]): at least one; above 1500 students at least 2‰ (3‰ boarding).
GUARDS_LARGE_SCHOOL = 1500
GUARDS_PER_MILLE, GUARDS_PER_MILLE_BOARDING = 2, 3
BALANCE_NEAR = Decimal("0.85")  # 优质均衡: the items a school misses must reach 85 % of the standard
BALANCE_MIN_MET = 6  # … and at least 6 of the 7 must be met

# 思政课 and 心理健康 teachers are recognised by their flag or by what they teach.
IDEOLOGY_SUBJECTS = ("道德与法治", "思想政治")
PSYCHOLOGY_SUBJECT = "心理健康"


@dataclass(frozen=True)
class BuiltIn:
    code: str
    name: str
    unit: str
    section: str  # the dashboard group (the plan's theme)
    plan_items: str  # item numbers of the 2024 plan, e.g. "12、23"
    per_school: PerSchool
    rollup: Rollup = Rollup()
    stages: frozenset[str] | None = None  # the school stages counted; None: all
    comparator: str = ""
    target: Decimal | None = None
    target_year: int | None = None
    certainty: str = Certainty.VERIFIED
    yellow_band: Decimal = Decimal(0)
    description: str = ""
    source: str = ""
    period_type: str = PeriodType.SCHOOL_YEAR
    drill: str = ""  # the record list behind the figure: a key of DRILLS


REGISTRY: dict[str, BuiltIn] = {}

# Drill-down keys → what the page behind a figure lists (for the unit's subtree and the period).
DRILLS = {
    "starting_over_50": "起始年级(一年级、七年级、高一)在读学生超过50人的班级",
    "huge": "在读学生66人及以上的班级(超大班额),限小学、初中、九年一贯制、十二年一贯制、普通高中学校",
    "large_primary": "在读学生56人及以上的小学段班级(一至六年级;小学、九年一贯制、十二年一贯制学校)",
    "large_junior": "在读学生56人及以上的初中段班级(七至九年级;初级中学、九年一贯制、十二年一贯制学校)",
    "large_senior": "在读学生56人及以上的普通高中段班级(高一至高三;普通高中、十二年一贯制学校)",
    "huge_primary": "在读学生66人及以上的小学段班级(一至六年级;小学、九年一贯制、十二年一贯制学校)",
    "huge_junior": "在读学生66人及以上的初中段班级(七至九年级;初级中学、九年一贯制、十二年一贯制学校)",
    "huge_senior": "在读学生66人及以上的普通高中段班级(高一至高三;普通高中、十二年一贯制学校)",
    "senior_intake_over_55": "在读学生超过55人的高一班级(普通高中、十二年一贯制学校)",
    "large_schools": "在校生超过规模上限的学校(小学、初中2000人,九年一贯制2500人,十二年一贯制义务教育段2500人,"
                     "普通高中3000人),列出在校生数与上限",
    "kindergartens": "幼儿园名单:办园性质(公办/民办)、是否普惠性幼儿园、在园幼儿数",
    "school_values": "该单位下各学校的本指标值(分子、分母、指标值),未达标的在前;读取学校级的指标值",
    "cv_schools": "参与差异系数计算的学校:各校学生数 P_i、指标值 x_i 及与均值 X̄ 的差;即对应逐校指标的学校级值",
    "balance_not_ok": "未达到“至少6项达标、其余各项不低于标准85%”的学校,列出7项指标值及各项是否达标",
    "no_guards": "专职保安员配备不达标的学校(园):保安员数、在校生数、是否寄宿制",
    "not_closed": "未实行封闭化管理的学校(园)",
    "not_linked": "一键式紧急报警或视频监控系统未与公安机关联网的学校(园)",
    "no_post": "未设置护学岗的学校(园)",
    "security_failing": "“四个100%”有任一项未达标的学校(园),列出四项各自的情况",
    "spending_schools": "各学校本学年与上学年的一般公共预算教育经费、在校生数及生均经费",
    "no_psych_teacher": "没有专(兼)职心理健康教育教师的学校",
    "no_fulltime_psych": "没有专职心理健康教育教师的学校",
    "ideology_teachers": "思政课教师名单(专职/兼职),按学校",
}


def register(builtin: BuiltIn) -> BuiltIn:
    if builtin.code in REGISTRY:
        raise ValueError(f"indicator {builtin.code} registered twice")
    if builtin.drill and builtin.drill not in DRILLS:
        raise ValueError(f"indicator {builtin.code}: unknown drill {builtin.drill}")
    REGISTRY[builtin.code] = builtin
    return builtin


# ---- shared per-school queries --------------------------------------------------------------------------

def class_sizes(period: str, schools: QuerySet) -> QuerySet:
    """Classes of the period's school year at `schools`, each annotated with `size` (在读 students)."""
    in_school = (Student.objects.filter(class_group=OuterRef("pk"), status=StudentStatus.IN_SCHOOL)
                 .order_by().values("class_group").annotate(n=Count("pk")).values("n"))
    return (ClassGroup.objects.filter(school_year=period, school_id__in=schools.values("id"))
            .annotate(size=Coalesce(Subquery(in_school, output_field=IntegerField()), Value(0))))


def classes_counted(period: str, schools: QuerySet, *, over: int, grades=None) -> dict[int, tuple[int, int]]:
    """school id → (classes with size ≥ `over`, all classes), for the given grades."""
    classes = class_sizes(period, schools)
    if grades is not None:
        classes = classes.filter(grade__in=grades)
    rows = classes.order_by().values("school_id").annotate(hit=Count("pk", filter=Q(size__gte=over)), all=Count("pk"))
    return {row["school_id"]: (row["hit"], row["all"]) for row in rows}


def teachers_counted(schools: QuerySet, hit: Q, base: Q) -> dict[int, tuple[int, int]]:
    """school id → (teachers matching `hit` among those matching `base`, teachers matching `base`)."""
    rows = (Teacher.objects.filter(base, school_id__in=schools.values("id")).order_by().values("school_id")
            .annotate(hit=Count("pk", filter=hit), all=Count("pk")))
    return {row["school_id"]: (row["hit"], row["all"]) for row in rows}


def figures(period: str, schools: QuerySet) -> QuerySet:
    """The schools' yearly figures (SchoolYearFigures) of the period's school year."""
    return SchoolYearFigures.objects.filter(school_year=period, school_id__in=schools.values("id")).order_by()


def schools_with(schools: QuerySet, teachers: Q) -> dict[int, tuple[int, int]]:
    """school id → (1 if it has a teacher matching `teachers` else 0, 1), for every school of `schools`."""
    having = set(Teacher.objects.filter(teachers, school_id__in=schools.values("id"))
                 .order_by().values_list("school_id", flat=True).distinct())
    return {school_id: (int(school_id in having), 1) for school_id, _ in schools}


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _over(limit: int, grades=None) -> Callable[[str, QuerySet], dict]:
    return lambda period, schools: classes_counted(period, schools, over=limit, grades=grades)


FULLTIME = Q(post_type=PostType.FULLTIME_TEACHER)
COMPULSORY = frozenset({Stage.PRIMARY, Stage.JUNIOR, Stage.NINE_YEAR, Stage.TWELVE_YEAR})
SECONDARY = COMPULSORY | {Stage.SENIOR}  # primary to senior high: the schools with class-size rules
K12 = SECONDARY | {Stage.VOCATIONAL, Stage.SPECIAL}  # 中小学 (and 中职, 特教)
ALL_SCHOOLS_AND_KINDERGARTENS = frozenset(Stage.values) - {Stage.OPEN_UNIVERSITY}


# ---- class size and school size (items 12, 23) ----------------------------------------------------------

SIZE = "班额与办学规模"
CLASS_SOURCE = "reference/indicators.md §1"

register(BuiltIn(
    code="starting_grade_over_50", name="起始年级班额超过50人的班级占比", unit="%", section=SIZE,
    plan_items="23", per_school=_over(STARTING_GRADE_LIMIT + 1, STARTING_GRADES),
    rollup=Rollup("ratio", PERCENT), stages=SECONDARY, comparator=Comparator.LE, target=Decimal(0),
    description="一年级、七年级、高一的班级中,在读学生超过50人的班级数 ÷ 这些年级的班级总数 × 100%",
    source="潜江市2024年工作要点第23条;班额口径见 reference/indicators.md §1", drill="starting_over_50",
))
register(BuiltIn(
    code="starting_grade_over_50_count", name="起始年级班额超过50人的班级数", unit="个", section=SIZE,
    plan_items="23", per_school=_over(STARTING_GRADE_LIMIT + 1, STARTING_GRADES),
    rollup=Rollup("sum"), stages=SECONDARY, comparator=Comparator.LE, target=Decimal(0),
    description="一年级、七年级、高一的班级中在读学生超过50人的班级数,应为0(分母为这些年级的班级总数)",
    source="潜江市2024年工作要点第23条(起始年级班额控制在50人以内)", drill="starting_over_50",
))
register(BuiltIn(
    code="huge_classes", name="超大班额(66人及以上)班级数", unit="个", section=SIZE, plan_items="12、23",
    per_school=_over(HUGE_CLASS), rollup=Rollup("sum"), stages=SECONDARY, comparator=Comparator.LE,
    target=Decimal(0), description="在读学生66人及以上的班级数,应为0",
    source="国发〔2016〕40号;reference/indicators.md §1", drill="huge",
))


@dataclass(frozen=True)
class ClassLevel:
    key: str
    label: str
    grades: frozenset[int]
    grades_label: str
    stages: frozenset[str]  # the schools that teach these grades
    stages_label: str
    plan_items: str
    large_source: str


CLASS_LEVELS = (
    ClassLevel("primary", "小学", PRIMARY_GRADES, "一至六年级",
               frozenset({Stage.PRIMARY, Stage.NINE_YEAR, Stage.TWELVE_YEAR}), "小学、九年一贯制、十二年一贯制学校",
               "23", "国发〔2016〕40号(到2020年基本消除56人以上大班额)"),
    ClassLevel("junior", "初中", JUNIOR_GRADES, "七至九年级",
               frozenset({Stage.JUNIOR, Stage.NINE_YEAR, Stage.TWELVE_YEAR}), "初级中学、九年一贯制、十二年一贯制学校",
               "23", "国发〔2016〕40号(到2020年基本消除56人以上大班额)"),
    ClassLevel("senior", "普通高中", SENIOR_GRADES, "高一至高三",
               frozenset({Stage.SENIOR, Stage.TWELVE_YEAR}), "普通高中、十二年一贯制学校",
               "12、23", "《“十四五”县域普通高中发展提升行动计划》(全面消除56人及以上大班额);潜江市2024年工作要点第12条"),
)

for _level in CLASS_LEVELS:
    _where = f"{_level.stages_label}的{_level.label}段班级({_level.grades_label})"
    register(BuiltIn(
        code=f"large_classes_{_level.key}", name=f"{_level.label}大班额(56人及以上)班级数", unit="个", section=SIZE,
        plan_items=_level.plan_items, per_school=_over(LARGE_CLASS, _level.grades), rollup=Rollup("sum"),
        stages=_level.stages, comparator=Comparator.LE, target=Decimal(0),
        description=f"{_where}在读学生56人及以上的班级数,应为0(含超大班额;分母为该学段班级总数)",
        source=f"{_level.large_source};{CLASS_SOURCE}", drill=f"large_{_level.key}",
    ))
    register(BuiltIn(
        code=f"huge_classes_{_level.key}", name=f"{_level.label}超大班额(66人及以上)班级数", unit="个", section=SIZE,
        plan_items=_level.plan_items, per_school=_over(HUGE_CLASS, _level.grades), rollup=Rollup("sum"),
        stages=_level.stages, comparator=Comparator.LE, target=Decimal(0),
        description=f"{_where}在读学生66人及以上的班级数,应为0(分母为该学段班级总数)",
        source=f"国发〔2016〕40号(到2018年基本消除66人以上超大班额);{CLASS_SOURCE}", drill=f"huge_{_level.key}",
    ))

register(BuiltIn(
    code="senior_intake_over_55", name="普通高中起始年级班额超过55人的班级数", unit="个", section=SIZE,
    plan_items="12", per_school=_over(SENIOR_INTAKE_LIMIT + 1, {Grade.G10}), rollup=Rollup("sum"),
    stages=frozenset({Stage.SENIOR, Stage.TWELVE_YEAR}), comparator=Comparator.LE, target=Decimal(0),
    description="普通高中和十二年一贯制学校高一年级在读学生超过55人的班级数,应为0(分母为高一班级总数)",
    source=f"《“十四五”县域普通高中发展提升行动计划》(新入学年级班额不得超过55人);{CLASS_SOURCE}",
    drill="senior_intake_over_55",
))


def schools_over_size(period: str, schools: QuerySet) -> dict[int, tuple[int, int]]:
    """school id → (1 if its students exceed its stage's limit else 0, 1). A twelve-year school's
    limit is on its 义务教育 part: its enrolment less its 在读 students of grades 10–12 in the registry."""
    senior = (Student.objects.filter(school_id=OuterRef("school_id"), status=StudentStatus.IN_SCHOOL,
                                     class_group__school_year=period, class_group__grade__in=SENIOR_GRADES)
              .order_by().values("school_id").annotate(n=Count("pk")).values("n"))
    stage = "school__school_profile__stage"
    limit = Case(*(When(**{stage: s}, then=Value(n)) for s, n in SCHOOL_SIZE_LIMITS.items()),
                 output_field=IntegerField())
    size = Case(When(**{stage: Stage.TWELVE_YEAR},
                     then=F("enrolment") - Coalesce(Subquery(senior, output_field=IntegerField()), Value(0))),
                default=F("enrolment"), output_field=IntegerField())
    rows = (figures(period, schools).annotate(size=size, limit=limit)
            .annotate(over=_flag(Q(size__gt=F("limit")))).values_list("school_id", "over"))
    return {school_id: (int(over), 1) for school_id, over in rows}


register(BuiltIn(
    code="large_schools", name="超过规模上限的学校数(大校额)", unit="所", section=SIZE, plan_items="11、12",
    per_school=schools_over_size, rollup=Rollup("sum"), stages=frozenset(SCHOOL_SIZE_LIMITS),
    comparator=Comparator.LE, target=Decimal(0),
    description="在校生数(学校年度数据)超过上限的学校数,应为0。上限:小学、初级中学2000人,九年一贯制学校2500人,"
                "十二年一贯制学校义务教育段2500人(在校生数减去名册中高中段在读学生),普通高中3000人。分母为有年度数据的学校数",
    source="教督〔2017〕6号(小学、初中不超过2000人,九年/十二年一贯制义务教育段不超过2500人);"
           "《“十四五”县域普通高中发展提升行动计划》(不超过3000人);潜江市2024年工作要点第12条(全面消除普通高中大校额)",
    drill="large_schools",
))

# ---- vocational 双师型 (item 13) -------------------------------------------------------------------------

# A 中职 teacher who teaches only public foundation courses is not a 专业课 teacher.
PUBLIC_COURSES = ("语文", "数学", "英语", "思想政治", "体育", "历史", "信息技术", "艺术", "物理", "化学")
_PUBLIC = "^((" + "|".join(PUBLIC_COURSES) + ")(、|$))+$"

register(BuiltIn(
    code="dual_qualified_share", name="“双师型”教师占专业课教师比例", unit="%", section="职业教育", plan_items="13",
    per_school=lambda period, schools: teachers_counted(
        schools, ~Q(dual_qualified_level=""), Q(post_type=PostType.FULLTIME_TEACHER) & ~Q(subjects__regex=_PUBLIC)),
    rollup=Rollup("ratio", PERCENT), stages=frozenset({Stage.VOCATIONAL}), comparator=Comparator.GE,
    target=Decimal(60), target_year=2024, certainty=Certainty.VERIFIED, yellow_band=Decimal(10),
    description="认定的双师型教师数 ÷ 专业课教师数 × 100%(专业课教师:中职学校不只任教公共基础课的专任教师)",
    source="潜江市2024年工作要点第13条(60%);教师厅〔2022〕2号;reference/indicators.md §7",
))

# ---- preschool 两个占比 (item 10) ------------------------------------------------------------------------

PRESCHOOL = "学前教育"


def kindergarten_children(period: str, schools: QuerySet, counted: Q) -> dict[int, tuple[int, int]]:
    """kindergarten id → (its children if it matches `counted` else 0, its children): 在园幼儿 = enrolment."""
    rows = (figures(period, schools)
            .annotate(hit=Case(When(counted, then=F("enrolment")), default=Value(0), output_field=IntegerField()))
            .values_list("school_id", "hit", "enrolment"))
    return {school_id: (hit, children) for school_id, hit, children in rows}


_PUBLIC_KG = Q(school__school_profile__ownership=Ownership.PUBLIC)
_KINDERGARTENS = frozenset({Stage.KINDERGARTEN})
_PRESCHOOL_SOURCE = "《县域学前教育普及普惠督导评估办法》(2020);reference/indicators.md §2"

register(BuiltIn(
    code="kg_public_share", name="公办园在园幼儿占比", unit="%", section=PRESCHOOL, plan_items="10",
    per_school=lambda period, schools: kindergarten_children(period, schools, _PUBLIC_KG),
    rollup=Rollup("ratio", PERCENT), stages=_KINDERGARTENS, comparator=Comparator.GE, target=Decimal(50),
    yellow_band=Decimal(5),
    description="公办幼儿园在园幼儿数 ÷ 全部幼儿园在园幼儿数 × 100%(在园幼儿数取学校年度数据的在校生数)",
    source=_PRESCHOOL_SOURCE, drill="kindergartens",
))
register(BuiltIn(
    code="kg_puhui_coverage", name="普惠性幼儿园覆盖率", unit="%", section=PRESCHOOL, plan_items="10",
    per_school=lambda period, schools: kindergarten_children(
        period, schools, _PUBLIC_KG | Q(school__school_profile__is_puhui=True)),
    rollup=Rollup("ratio", PERCENT), stages=_KINDERGARTENS, comparator=Comparator.GE, target=Decimal(80),
    yellow_band=Decimal(5),
    description="(公办幼儿园在园幼儿数 + 普惠性民办幼儿园在园幼儿数) ÷ 全部幼儿园在园幼儿数 × 100%。"
                "目标取县域普及普惠督导评估标准80%;“十四五”行动计划2025年85%的目标待核实",
    source=_PRESCHOOL_SOURCE, drill="kindergartens",
))

# ---- 优质均衡 resource indicators and their 差异系数 (item 11) --------------------------------------------

BALANCE = "义务教育优质均衡"
BALANCE_SOURCE = "教督〔2017〕6号《县域义务教育优质均衡发展督导评估办法》;reference/indicators.md §3.1、§3.2"


@dataclass(frozen=True)
class BalanceLevel:
    key: str
    label: str
    stage: str  # only schools of exactly this stage (nine-year schools are left out, see the module docstring)
    degrees: frozenset[str]  # 高于规定学历
    degree_label: str
    cv_limit: Decimal


@dataclass(frozen=True)
class Resource:
    key: str
    name: str
    unit: str
    scale: Decimal  # 100 for "per hundred students"
    standards: dict[str, Decimal]  # level key → the per-school standard
    numerator: str  # what is counted, in words


BALANCE_LEVELS = (
    BalanceLevel("primary", "小学", Stage.PRIMARY, ASSOCIATE_OR_ABOVE, "专科及以上", Decimal("0.50")),
    BalanceLevel("junior", "初中", Stage.JUNIOR, BACHELOR_OR_ABOVE, "本科及以上", Decimal("0.45")),
)
RESOURCES = (
    Resource("degree", "每百名学生拥有高于规定学历教师数", "人", PERCENT,
             {"primary": Decimal("4.2"), "junior": Decimal("5.3")}, "最高学历为{degree}的专任教师数"),
    Resource("backbone", "每百名学生拥有县级及以上骨干教师数", "人", PERCENT,
             {"primary": Decimal(1), "junior": Decimal(1)}, "县级及以上骨干教师(专任教师)数"),
    Resource("pe_arts", "每百名学生拥有体育、艺术专任教师数", "人", PERCENT,
             {"primary": Decimal("0.9"), "junior": Decimal("0.9")},
             "专职体育或专职艺术(音乐、美术)专任教师数(兼有两项的只计一次)"),
    Resource("teaching_area", "生均教学及辅助用房面积", "m²", Decimal(1),
             {"primary": Decimal("4.5"), "junior": Decimal("5.8")}, "教学及辅助用房面积"),
    Resource("sports_area", "生均体育运动场馆面积", "m²", Decimal(1),
             {"primary": Decimal("7.5"), "junior": Decimal("10.2")}, "体育运动场馆面积"),
    Resource("equipment", "生均教学仪器设备值", "元", Decimal(1),
             {"primary": Decimal(2000), "junior": Decimal(2500)}, "教学仪器设备资产值(万元折合为元)"),
    Resource("multimedia", "每百名学生拥有网络多媒体教室数", "间", PERCENT,
             {"primary": Decimal("2.3"), "junior": Decimal("2.4")}, "网络多媒体教室间数"),
)


# Results shared by several indicators of one computation (the 7 resources, their CVs and the 6-of-7
# rule all read the same two queries): services.compute_indicators clears it before and after a run.
SHARED: dict[tuple, object] = {}


def balance_components(period: str, schools: QuerySet, level: BalanceLevel) -> dict[int, dict[str, tuple]]:
    """school id → {resource key: (R_i, P_i)} for the schools with figures and students: two GROUP BY
    queries (the teacher counts, the yearly figures) joined on the school id; once per computation."""
    key = ("balance", period, level.key, str(schools.query))
    if key not in SHARED:
        SHARED[key] = _balance_components(period, schools, level)
    return SHARED[key]


def _balance_components(period: str, schools: QuerySet, level: BalanceLevel) -> dict[int, dict[str, tuple]]:
    staff = {row["school_id"]: row for row in (
        Teacher.objects.filter(FULLTIME, school_id__in=schools.values("id")).order_by().values("school_id")
        .annotate(degree=Count("pk", filter=Q(highest_qualification__in=sorted(level.degrees))),
                  backbone=Count("pk", filter=~Q(backbone_level="")),
                  pe_arts=Count("pk", filter=Q(is_fulltime_pe=True) | Q(is_fulltime_arts=True))))}
    rows = figures(period, schools).filter(enrolment__gt=0).values(
        "school_id", "enrolment", "teaching_area", "sports_area", "equipment_value", "networked_multimedia_classrooms")
    result = {}
    for row in rows:
        teachers, students = staff.get(row["school_id"], {}), row["enrolment"]
        result[row["school_id"]] = {
            "degree": (teachers.get("degree", 0), students),
            "backbone": (teachers.get("backbone", 0), students),
            "pe_arts": (teachers.get("pe_arts", 0), students),
            "teaching_area": (row["teaching_area"], students),
            "sports_area": (row["sports_area"], students),
            "equipment": (row["equipment_value"] * YUAN_PER_WAN, students),
            "multimedia": (row["networked_multimedia_classrooms"], students),
        }
    return result


def balance_met(values: dict[str, tuple], level: BalanceLevel) -> int:
    """1 if the school meets at least 6 of the 7 standards and reaches 85 % of the rest, else 0."""
    met = near = 0
    for resource in RESOURCES:
        count, students = values[resource.key]
        value, standard = Decimal(count) * resource.scale / students, resource.standards[level.key]
        met += value >= standard
        near += value >= standard * BALANCE_NEAR
    return int(met >= BALANCE_MIN_MET and near == len(RESOURCES))


def _resource_of(level: BalanceLevel, key: str) -> PerSchool:
    return lambda period, schools: {school_id: values[key] for school_id, values
                                    in balance_components(period, schools, level).items()}


def _balance_met_of(level: BalanceLevel) -> PerSchool:
    return lambda period, schools: {school_id: (balance_met(values, level), 1) for school_id, values
                                    in balance_components(period, schools, level).items()}


_BALANCE_SCOPE = ("在校生数取学校年度数据,教师取教师名册的专任教师。只计学段为“{stage}”的学校;"
                  "九年一贯制、十二年一贯制学校不参与(其小学、初中两部分的拆分规则待核实)。")

for _level in BALANCE_LEVELS:
    _scope = _BALANCE_SCOPE.format(stage=Stage(_level.stage).label)
    _stages = frozenset({_level.stage})
    for _r in RESOURCES:
        _standard = _r.standards[_level.key]
        _numerator = _r.numerator.format(degree=_level.degree_label)
        _times = " × 100" if _r.scale == PERCENT else ""
        register(BuiltIn(
            code=f"balance_{_r.key}_{_level.key}", name=f"{_level.label}{_r.name}", unit=_r.unit, section=BALANCE,
            plan_items="11", per_school=_resource_of(_level, _r.key), rollup=Rollup("ratio", _r.scale),
            stages=_stages, comparator=Comparator.GE, target=_standard, yellow_band=_standard * (1 - BALANCE_NEAR),
            description=f"{_numerator} ÷ 在校生数{_times};每校应不低于{_standard}(学区、全市为合计值之比)。"
                        f"{_scope}黄灯:不低于标准的85%",
            source=BALANCE_SOURCE + (";小学计专科及以上、初中计本科及以上为二手口径" if _r.key == "degree" else ""),
            drill="school_values",
        ))
    for _r in RESOURCES:
        register(BuiltIn(
            code=f"balance_{_r.key}_cv_{_level.key}", name=f"{_level.label}{_r.name}校际差异系数", unit="",
            section=BALANCE, plan_items="11", per_school=_resource_of(_level, _r.key), rollup=Rollup("cv"),
            stages=_stages, comparator=Comparator.LE, target=_level.cv_limit,
            description=f"各{_level.label}“{_r.name}”的校际差异系数,以在校生数加权:x_i = R_i ÷ P_i,"
                        f"X̄ = ΣR_i ÷ ΣP_i,S = √(Σ(P_i ÷ ΣP)(x_i − X̄)²),差异系数 = S ÷ X̄;"
                        f"全县(市)每项应不高于{_level.cv_limit}。只对学区和全市计算(学区的值供参考)。{_scope}",
            source=BALANCE_SOURCE, drill="cv_schools",
        ))
    register(BuiltIn(
        code=f"balance_ok_{_level.key}", name=f"{_level.label}资源配置达到优质均衡要求的学校占比", unit="%",
        section=BALANCE, plan_items="11", per_school=_balance_met_of(_level), rollup=Rollup("ratio", PERCENT),
        stages=_stages, comparator=Comparator.GE, target=PERCENT,
        description=f"7项资源配置指标中至少6项达到{_level.label}标准、其余项不低于标准85%的学校数 ÷ "
                    f"有年度数据的学校数 × 100%,应为100%。{_scope}",
        source=BALANCE_SOURCE, drill="balance_not_ok",
    ))

# ---- 生机比 / 师机比 (item 22) ----------------------------------------------------------------------------

DIGITAL = "教育数字化"


def students_and_computers(period: str, schools: QuerySet) -> dict[int, tuple[int, int]]:
    """school id → (在校生数, 学生用计算机台数)."""
    rows = figures(period, schools).values_list("school_id", "enrolment", "student_computers")
    return {school_id: (students, computers) for school_id, students, computers in rows}


def teachers_and_computers(period: str, schools: QuerySet) -> dict[int, tuple[int, int]]:
    """school id → (专任教师数 from the registry, 教师用计算机台数), for the schools with figures."""
    teachers = dict(Teacher.objects.filter(FULLTIME, school_id__in=schools.values("id")).order_by()
                    .values("school_id").annotate(n=Count("pk")).values_list("school_id", "n"))
    rows = figures(period, schools).values_list("school_id", "teacher_computers")
    return {school_id: (teachers.get(school_id, 0), computers) for school_id, computers in rows}


register(BuiltIn(
    code="students_per_computer", name="生机比", unit=":1", section=DIGITAL, plan_items="22",
    per_school=students_and_computers, rollup=Rollup("ratio"), stages=K12, comparator=Comparator.LE,
    description="在校生数 ÷ 学生用计算机台数,记作“N:1”,保存 N(越小越好)。目标值由教育局设定"
                "(国家无统一约束值)。只计中小学、中职和特教学校",
    source="reference/indicators.md §4", drill="school_values",
))
register(BuiltIn(
    code="teachers_per_computer", name="师机比", unit=":1", section=DIGITAL, plan_items="22",
    per_school=teachers_and_computers, rollup=Rollup("ratio"), stages=K12, comparator=Comparator.LE,
    target=Decimal(1), certainty=Certainty.RECALLED,
    description="专任教师数(教师名册) ÷ 教师用计算机台数,记作“N:1”,保存 N;通常目标为1:1(人手一台)。"
                "只计中小学、中职和特教学校",
    source="reference/indicators.md §4(1:1 为通行目标,待核实)", drill="school_values",
))

# ---- campus security 四个100% (item 24) -------------------------------------------------------------------

SAFETY = "校园安全"
SAFETY_SOURCE = "公安部、教育部“四个100%”要求;reference/indicators.md §5"


def security_flags(period: str, schools: QuerySet) -> dict[int, tuple[int, int, int, int, int]]:
    """school id → (guards, closed, linked to police, 护学岗, all four), each 1 if met else 0."""
    boarding = Q(school__school_profile__is_boarding=True)
    per_mille = Case(When(boarding, then=Value(GUARDS_PER_MILLE_BOARDING)), default=Value(GUARDS_PER_MILLE),
                     output_field=IntegerField())
    rows = (figures(period, schools)
            .annotate(guards_mille=F("security_guards") * 1000, needed_mille=F("enrolment") * per_mille)
            .annotate(guards_ok=_flag(Q(security_guards__gte=1) & (
                Q(enrolment__lte=GUARDS_LARGE_SCHOOL) | Q(guards_mille__gte=F("needed_mille")))),
                linked=_flag(Q(alarm_linked_to_police=True, video_linked_to_police=True)))
            .values_list("school_id", "guards_ok", "closed_management", "linked", "protection_post"))
    return {school_id: (*(int(flag) for flag in flags), int(all(flags))) for school_id, *flags in rows}


def _security(index: int) -> PerSchool:
    return lambda period, schools: {school_id: (flags[index], 1) for school_id, flags
                                    in security_flags(period, schools).items()}


_GUARD_RULE = (f"至少1名;在校生超过{GUARDS_LARGE_SCHOOL}人的不少于在校生的{GUARDS_PER_MILLE}‰"
               f"(寄宿制{GUARDS_PER_MILLE_BOARDING}‰,地方规定,二手来源)")
for _index, (_code, _name, _rule, _drill) in enumerate((
    ("security_guards", "专职保安员配备率", f"专职保安员配备达标({_GUARD_RULE})", "no_guards"),
    ("security_closed", "封闭化管理率", "实行封闭化管理", "not_closed"),
    ("security_police_link", "一键式紧急报警和视频监控系统与公安机关联网率",
     "一键式紧急报警与视频监控系统均已与公安机关联网", "not_linked"),
    ("security_protection_post", "“护学岗”设置率", "设置护学岗", "no_post"),
    ("security_all_four", "“四个100%”全部达标的学校(园)占比", "四项全部达标", "security_failing"),
)):
    register(BuiltIn(
        code=_code, name=_name, unit="%", section=SAFETY, plan_items="24", per_school=_security(_index),
        rollup=Rollup("ratio", PERCENT), stages=ALL_SCHOOLS_AND_KINDERGARTENS, comparator=Comparator.GE,
        target=PERCENT,
        description=f"{_rule}的学校(园)数 ÷ 有本学年年度数据的学校(园)数 × 100%,应为100%。含幼儿园,不含开放大学",
        source=SAFETY_SOURCE, drill=_drill,
    ))

# ---- 两个只增不减 (item 26) ------------------------------------------------------------------------------

FUNDING = "经费保障"
FUNDING_SOURCE = "国办发〔2018〕82号;reference/indicators.md §6"
_ZERO_MONEY = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=4))


def spending_two_years(period: str, schools: QuerySet) -> dict[int, tuple]:
    """school id → (E_t, N_t, E_t−1, N_t−1): 一般公共预算教育经费 (元) and 在校生数 of the period and the
    year before, for every school with figures in either year (a missing year counts as 0)."""
    previous = previous_school_year(period)
    rows = (SchoolYearFigures.objects.filter(school_year__in=(period, previous), school_id__in=schools.values("id"))
            .order_by().values("school_id")
            .annotate(spent=Coalesce(Sum("public_budget_spending", filter=Q(school_year=period)), _ZERO_MONEY),
                      students=Coalesce(Sum("enrolment", filter=Q(school_year=period)), Value(0)),
                      spent_before=Coalesce(Sum("public_budget_spending", filter=Q(school_year=previous)), _ZERO_MONEY),
                      students_before=Coalesce(Sum("enrolment", filter=Q(school_year=previous)), Value(0))))
    return {row["school_id"]: (Decimal(row["spent"]) * YUAN_PER_WAN, row["students"],
                               Decimal(row["spent_before"]) * YUAN_PER_WAN, row["students_before"]) for row in rows}


def per_student_now_and_before(sums) -> tuple[Decimal | None, Decimal | None]:
    """(E_t ÷ N_t, E_t−1 ÷ N_t−1) from the summed components; None where there are no students."""
    spent, students, spent_before, students_before = sums
    now = spent / students if students else None
    before = spent_before / students_before if students_before else None
    return now, (before if now is not None else None)


register(BuiltIn(
    code="spending_growth", name="一般公共预算教育经费与上学年之比(只增不减)", unit="%", section=FUNDING,
    plan_items="26", per_school=lambda period, schools: {
        school_id: (spent, before) for school_id, (spent, _, before, _) in spending_two_years(period, schools).items()},
    rollup=Rollup("ratio", PERCENT), comparator=Comparator.GE, target=PERCENT,
    description="本学年一般公共预算教育经费 ÷ 上学年一般公共预算教育经费 × 100%,应不低于100%。"
                "经费为各学校年度数据之和(元),任一学年有数据的学校都计入,缺的学年按0计",
    source=FUNDING_SOURCE, drill="spending_schools",
))
register(BuiltIn(
    code="spending_per_student_growth", name="生均一般公共预算教育经费与上学年之比(只增不减)", unit="%",
    section=FUNDING, plan_items="26", per_school=spending_two_years,
    rollup=Rollup("ratio", PERCENT, combine=per_student_now_and_before), comparator=Comparator.GE, target=PERCENT,
    description="(本学年经费 ÷ 本学年在校生数) ÷ (上学年经费 ÷ 上学年在校生数) × 100%,应不低于100%;"
                "分子、分母分别为本学年和上学年的生均经费(元),按单位合计后再相除(不分学段)",
    source=FUNDING_SOURCE + "(按学段还是合计考核待核实)", drill="spending_schools",
))

# ---- mental health and 思政 staffing (items 25, 5) ---------------------------------------------------------

STAFFING = "德育与心理健康"
_PSYCH_FULLTIME = Q(is_fulltime_psychology=True)

register(BuiltIn(
    code="psych_teacher_schools", name="配备专(兼)职心理健康教育教师的学校占比", unit="%", section=STAFFING,
    plan_items="25", per_school=lambda period, schools: schools_with(
        schools, _PSYCH_FULLTIME | Q(subjects__contains=PSYCHOLOGY_SUBJECT)),
    rollup=Rollup("ratio", PERCENT), stages=K12, comparator=Comparator.GE, target=Decimal(95), target_year=2025,
    yellow_band=Decimal(5),
    description="有专职心理健康教师或任教“心理健康”的教职工的学校数 ÷ 学校数 × 100%(中小学、中职、特教学校)",
    source="《全面加强和改进新时代学生心理健康工作专项行动计划(2023—2025年)》(2025年不低于95%);"
           "reference/indicators.md §12", drill="no_psych_teacher",
))
register(BuiltIn(
    code="psych_fulltime_schools", name="配备专职心理健康教育教师的学校占比", unit="%", section=STAFFING,
    plan_items="25", per_school=lambda period, schools: schools_with(schools, _PSYCH_FULLTIME),
    rollup=Rollup("ratio", PERCENT), stages=K12, comparator=Comparator.GE, target=Decimal(50),
    certainty=Certainty.RECALLED,
    description="有专职心理健康教育教师的学校数 ÷ 学校数 × 100%(中小学、中职、特教学校)。"
                "全国和湖北无统一比例,目标50%参照陕西2024年中小学专职配备要求,待核实",
    source="潜江市2024年工作要点第25条(强化心理健康专职教师配备);reference/indicators.md §12",
    drill="no_fulltime_psych",
))
_IDEOLOGY = Q(is_fulltime_ideology=True) | Q(subjects__contains=IDEOLOGY_SUBJECTS[0]) | Q(
    subjects__contains=IDEOLOGY_SUBJECTS[1])
register(BuiltIn(
    code="ideology_fulltime_share", name="专职思政课教师占思政课教师比例", unit="%", section=STAFFING,
    plan_items="5", per_school=lambda period, schools: teachers_counted(
        schools, Q(is_fulltime_ideology=True), FULLTIME & _IDEOLOGY),
    rollup=Rollup("ratio", PERCENT), stages=K12, comparator=Comparator.GE, target=Decimal(50),
    certainty=Certainty.RECALLED,
    description="专职思政课教师数 ÷ 思政课教师数 × 100%。思政课教师:标为专职思政课教师或任教“道德与法治”“思想政治”的专任教师。"
                "“以专为主”按专职过半(50%)设目标,待核实",
    source="潜江市2024年工作要点第5条(“以专为主、专兼结合”的思政课教师配置机制)", drill="ideology_teachers",
))
