"""The built-in indicators: what each counts, per school, in SQL — and its default target.

Each BuiltIn's `per_school(period, schools)` returns {school id: components} from GROUP BY
queries over the registries (`schools` is the (id, path) queryset of the schools it applies
to). Defaults come from reference/indicators.md with its certainty tag; a bureau changes the
targets on the Indicator rows, never here. Later workflows add their own BuiltIns to REGISTRY.
"""
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from edubureau.indicators.engine import PerSchool, Rollup
from edubureau.indicators.models import Certainty, Comparator, PeriodType
from edubureau.orgs.models import Stage
from edubureau.registry.choices import STARTING_GRADES, PostType, StudentStatus
from edubureau.registry.models import ClassGroup, Student, Teacher

PERCENT = Decimal(100)
LARGE_CLASS = 56  # 大班额: 56 and more (reference §1)
HUGE_CLASS = 66  # 超大班额: 66 and more
STARTING_GRADE_LIMIT = 50  # the plan's item 23: new intake classes of at most 50


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
    drill: str = ""  # the record list behind the figure (registry:class_list filters, …)


REGISTRY: dict[str, BuiltIn] = {}


def register(builtin: BuiltIn) -> BuiltIn:
    if builtin.code in REGISTRY:
        raise ValueError(f"indicator {builtin.code} registered twice")
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


def _over(limit: int, grades=None) -> Callable[[str, QuerySet], dict]:
    return lambda period, schools: classes_counted(period, schools, over=limit, grades=grades)


# ---- class size (items 12, 23) --------------------------------------------------------------------------

COMPULSORY = frozenset({Stage.PRIMARY, Stage.JUNIOR, Stage.NINE_YEAR, Stage.TWELVE_YEAR})
SECONDARY = COMPULSORY | {Stage.SENIOR}

register(BuiltIn(
    code="starting_grade_over_50", name="起始年级班额超过50人的班级占比", unit="%", section="班额与办学规模",
    plan_items="23", per_school=_over(STARTING_GRADE_LIMIT + 1, STARTING_GRADES),
    rollup=Rollup("ratio", PERCENT), stages=SECONDARY, comparator=Comparator.LE, target=Decimal(0),
    description="一年级、七年级、高一的班级中,在读学生超过50人的班级数 ÷ 这些年级的班级总数 × 100%",
    source="潜江市2024年工作要点第23条;班额口径见 reference/indicators.md §1", drill="starting_over_50",
))
register(BuiltIn(
    code="huge_classes", name="超大班额(66人及以上)班级数", unit="个", section="班额与办学规模", plan_items="12、23",
    per_school=_over(HUGE_CLASS), rollup=Rollup("sum"), stages=SECONDARY, comparator=Comparator.LE,
    target=Decimal(0), description="在读学生66人及以上的班级数,应为0",
    source="国发〔2016〕40号;reference/indicators.md §1", drill="huge",
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
