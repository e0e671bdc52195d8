"""The demo city's 2024 work plan: imported from the seed, published, broken down and reported on."""
import datetime
from collections import Counter
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from edubureau.accounts.models import User
from edubureau.demo import plan_catalog
from edubureau.demo.catalog import SECTIONS
from edubureau.demo.plan_breakdown import plan_rows, task_input
from edubureau.demo.plan_demo import PLAN_FILENAME, build_demo_plan, seed_plan_bytes
from edubureau.demo.services import build_demo_city
from edubureau.orgs.models import OrgKind, OrgUnit
from edubureau.plans.lights import DONE, RED, YELLOW, combine, task_lights
from edubureau.plans.models import (
    Milestone, PlanItem, PlanStatus, ProgressReport, SupervisionNotice, Task, TaskUnit, WorkPlan,
)
from edubureau.plans.parsing import read_document
from edubureau.plans.services.breakdown import item_breakdown_save
from edubureau.plans.services.importing import plan_import

AS_OF = datetime.date(2024, 11, 1)
SHANGHAI = ZoneInfo("Asia/Shanghai")
SEED1_TASK_LIGHTS = {"green": 22, "done": 5, "red": 3, "yellow": 3}
SEED1_ITEM_LIGHTS = {"green": 19, "done": 3, "red": 3, "yellow": 3}
NOT_GREEN = {"11": RED, "12": RED, "27": RED, "20": YELLOW, "22": YELLOW, "25": YELLOW, "15": DONE, "17": DONE,
             "23": DONE}
TASKS_PER_ITEM = {**{str(n): 1 for n in range(1, 29)}, "10": 2, "11": 3, "12": 3}
LEADS = {
    "1": "办公室", "2": "人事科", "3": "办公室", "4": "办公室", "5": "基础教育科", "6": "体卫艺科",
    "7": "基础教育科", "8": "基础教育科", "9": "基础教育科", "10": "基础教育科", "11": "基础教育科",
    "12": "基础教育科", "13": "职成教科", "14": "基础教育科", "15": "职成教科", "16": "人事科", "17": "教师工作科",
    "18": "教师工作科", "19": "基础教育科", "20": "基础教育科", "21": "人事科", "22": "基础教育科",
    "23": "基础教育科", "24": "安全稳定科", "25": "体卫艺科", "26": "计财科", "27": "基础教育科", "28": "督导室",
}
# Seed 1, full scale: 125 responsible units × 8 months, less 1 + 2 skipped months.
SEED1_FULL = {
    "reports": 997, "task_units": 125,
    "status": {"in_progress": 931, "done": 37, "lagging": 10, "not_started": 19},
    "review": {"approved": 967, "submitted": 29, "returned": 1},
    "nil": 31,
}
SEED1_SMALL = {
    "reports": 541, "task_units": 68,
    "status": {"in_progress": 497, "done": 26, "lagging": 10, "not_started": 8},
    "review": {"approved": 523, "submitted": 17, "returned": 1},
    "nil": 10,
}


def _plan() -> WorkPlan:
    return WorkPlan.objects.get()


def _lights(plan: WorkPlan) -> tuple[dict, dict]:
    items = list(PlanItem.objects.filter(section__plan=plan).prefetch_related("tasks__task_units"))
    tasks = [t for item in items for t in item.tasks.all()]
    lights = task_lights(plan, tasks, AS_OF)
    return lights, {item.number: combine([lights[t.pk] for t in item.tasks.all()]) for item in items}


def _plan_rows() -> dict:
    """Every row the plan demo writes, as comparable values (timestamps included)."""
    return {
        "plans": list(WorkPlan.objects.values_list("pk", "status", "version", "published_at", "updated_at")),
        "items": PlanItem.objects.count(),
        "tasks": list(Task.objects.order_by("pk").values_list("pk", "measure", "target", "deadline", "owner",
                                                              "updated_at")),
        "task_units": sorted(TaskUnit.objects.values_list("task_id", "org_unit_id", "role")),
        "milestones": sorted(Milestone.objects.values_list("task_id", "title", "due_on", "done_on")),
        "reports": list(ProgressReport.objects.order_by("pk").values_list(
            "pk", "status", "percent", "narrative", "review_status", "updated_at")),
        "notices": list(SupervisionNotice.objects.order_by("pk").values_list("number", "status", "updated_at")),
    }


@pytest.mark.django_db
def test_full_scale_loads_the_seed_plan_published_as_in_march_2024():
    result = build_demo_city(seed=1, scale="full")

    plan = _plan()
    admin = User.objects.get(username="admin")
    assert (plan.title, plan.year, plan.version, plan.status) == ("市教育局2024年工作要点", 2024, 1, PlanStatus.PUBLISHED)
    assert (plan.owner.code, plan.source_filename, plan.imported_by, plan.published_by) == (
        "429005", PLAN_FILENAME, admin, admin)
    assert plan.published_at == datetime.datetime(2024, 3, 11, 9, 30, tzinfo=SHANGHAI)
    assert plan.source_text == read_document(seed_plan_bytes(), PLAN_FILENAME)
    assert list(PlanItem.objects.filter(section__plan=plan).order_by("section__seq", "seq")
                .values_list("number", flat=True)) == [str(n) for n in range(1, 29)]
    assert plan.sections.count() == 6
    assert (result.plan.created, result.plan.items, result.plan.tasks, result.plan.reports, result.plan.notices) == (
        True, 28, 33, SEED1_FULL["reports"], 2)


@pytest.mark.django_db
@pytest.mark.parametrize("scale", ["full", "small"])
def test_every_item_has_tasks_with_one_lead_and_a_2024_deadline(scale):
    build_demo_city(seed=1, scale=scale)

    items = PlanItem.objects.prefetch_related("tasks__task_units", "tasks__milestones")
    assert {item.number: item.tasks.count() for item in items} == TASKS_PER_ITEM
    for task in Task.objects.prefetch_related("task_units"):
        roles = Counter(tu.role for tu in task.task_units.all())
        assert roles["lead"] == 1, task
        assert task.deadline.year == 2024 and task.measure and task.owner is not None
    assert Milestone.objects.count() == 29
    assert not Milestone.objects.exclude(due_on__year=2024).exists()


@pytest.mark.django_db
def test_full_scale_breakdown_follows_the_sections_and_the_units_the_plan_names():
    build_demo_city(seed=1, scale="full")

    leads = {}
    lead_rows = TaskUnit.objects.filter(role="lead").values_list("task__item__number", "org_unit__name")
    for item_number, unit_name in lead_rows:
        leads.setdefault(item_number, set()).add(unit_name)
    assert leads == {number: {name} for number, name in LEADS.items()}

    def cooperating(number: str, seq: int = 1) -> set[str]:
        return set(TaskUnit.objects.filter(task__item__number=number, task__seq=seq, role="cooperate")
                   .values_list("org_unit__name", flat=True))

    assert {"园林分局", "竹根滩镇学区", "潜江市莫市中学", "计财科"} <= cooperating("11", 3)
    assert {"潜江中学", "潜江市曹禺中学"} <= cooperating("12", 3)
    assert {"浩口镇学区", "潜江市浩口镇公办幼儿园", "计财科"} <= cooperating("10", 2)
    assert {"潜江市职业教育中心"} == cooperating("13")
    assert {"潜江市特殊教育学校"} == cooperating("14")
    assert "潜江开放大学" in cooperating("15")
    assert "潜江市教育技术装备中心(电教馆)" in cooperating("22")
    assert cooperating("26") == {"潜江市学生资助管理中心"}
    areas = set(OrgUnit.objects.filter(kind__in=[OrgKind.DISTRICT, OrgKind.SUB_BUREAU]).values_list("name", flat=True))
    assert cooperating("27") == areas and len(areas) == 24
    assert Task.objects.get(item__number="11", seq=1).measure == "完成园林六小扩容工程"
    assert Task.objects.get(item__number="13").target == "达到专任教师总数的60%"
    assert Task.objects.get(item__number="27").target == "无一人失学辍学"


@pytest.mark.django_db
def test_full_scale_names_only_units_that_exist():
    build_demo_city(seed=1, scale="full")

    codes = set(OrgUnit.objects.values_list("code", flat=True))
    assert set(plan_catalog.UNIT_KEYS.values()) <= codes
    for tasks in plan_catalog.BREAKDOWN.values():
        for task in tasks:
            assert {task.lead, *task.cooperating} - {plan_catalog.ALL_AREAS} <= plan_catalog.UNIT_KEYS.keys()


@pytest.mark.django_db
@pytest.mark.parametrize("scale", ["full", "small"])
def test_seed_1_lights_on_2024_11_01(scale):
    build_demo_city(seed=1, scale=scale)

    lights, item_lights = _lights(_plan())
    assert dict(Counter(light.colour for light in lights.values())) == SEED1_TASK_LIGHTS
    assert dict(Counter(light.colour for light in item_lights.values())) == SEED1_ITEM_LIGHTS
    assert {n: light.colour for n, light in item_lights.items() if light.colour != "green"} == NOT_GREEN
    assert item_lights["11"].reasons == ("时间节点“兴盛路小学开工建设”已逾期", "最近一次报送为“滞后”")
    assert item_lights["27"].reasons == ("连续两个月未报送",)


@pytest.mark.django_db
def test_the_story_does_not_depend_on_the_seed():
    build_demo_city(seed=2, scale="small")

    _, item_lights = _lights(_plan())
    assert {n: light.colour for n, light in item_lights.items() if light.colour != "green"} == NOT_GREEN


@pytest.mark.django_db
@pytest.mark.parametrize(("scale", "expected"), [("full", SEED1_FULL), ("small", SEED1_SMALL)])
def test_seed_1_reports(scale, expected):
    build_demo_city(seed=1, scale=scale)

    reports = ProgressReport.objects.all()
    assert reports.count() == expected["reports"] == expected["task_units"] * 8 - 3
    assert TaskUnit.objects.count() == expected["task_units"]
    assert dict(Counter(reports.values_list("status", flat=True))) == expected["status"]
    assert dict(Counter(reports.values_list("review_status", flat=True))) == expected["review"]
    assert reports.filter(is_nil=True).count() == expected["nil"]
    assert set(reports.values_list("month", flat=True)) == {datetime.date(2024, m, 1) for m in range(3, 11)}
    assert set(reports.filter(review_status="submitted").values_list("month", flat=True)) == {
        datetime.date(2024, 10, 1)}


@pytest.mark.django_db
def test_reports_are_dated_reviewed_by_the_lead_section_and_name_their_item():
    build_demo_city(seed=1, scale="full")

    section_users = {s.name: s.username for s in SECTIONS}
    leads = dict(TaskUnit.objects.filter(role="lead").values_list("task_id", "org_unit__name"))
    reports = ProgressReport.objects.select_related("task__item", "reviewed_by", "submitted_by")
    for report in reports:
        submitted = report.submitted_at.astimezone(SHANGHAI)
        assert (submitted.year, submitted.month) == (2024, report.month.month)
        assert report.created_at == report.submitted_at
        if report.review_status != "submitted":
            assert report.submitted_at < report.reviewed_at < datetime.datetime(2024, 11, 1, tzinfo=SHANGHAI)
            assert report.reviewed_by.username == section_users[leads[report.task_id]]
        assert report.is_nil == (report.narrative == "")
        assert report.is_nil or report.task.item.title in report.narrative
        assert report.status != "done" or report.percent == 100
    assert reports.filter(submitted_by__username="admin").exists()  # bureau units without a demo user
    returned = reports.get(review_status="returned")
    assert (returned.org_unit.name, returned.task.item.number, returned.month) == (
        "园林分局", "20", datetime.date(2024, 10, 1))
    assert returned.review_comment == plan_catalog.BREAKDOWN[20][0].course.text


@pytest.mark.django_db
def test_skipped_months_milestones_and_notices():
    build_demo_city(seed=1, scale="full")

    per_unit = Counter(ProgressReport.objects.values_list("task__item__number", "org_unit__name"))
    assert per_unit[("22", "潜江市教育技术装备中心(电教馆)")] == 7
    skipped = [unit for (number, unit), count in per_unit.items() if count == 6]
    assert sum(1 for number, _ in per_unit if number == "27") == 25 and len(skipped) == 1
    overdue = Milestone.objects.filter(due_on__lt=AS_OF, done_on__isnull=True)
    assert list(overdue.values_list("title", flat=True)) == ["兴盛路小学开工建设"]
    assert Milestone.objects.filter(done_on__isnull=False).count() == 22
    notices = {n.task.item.number: n for n in SupervisionNotice.objects.select_related("task__item", "org_unit")}
    assert set(notices) == {"11", "27"}
    replied, open_one = notices["11"], notices["27"]
    assert (replied.number, replied.status, replied.org_unit.name, replied.replied_by.username) == (
        "督办〔2024〕1号", "replied", "园林分局", "ylfj")
    assert (open_one.number, open_one.status, open_one.org_unit.name, open_one.reply) == (
        "督办〔2024〕2号", "open", skipped[0], "")
    assert open_one.reason.startswith(f"{skipped[0]}连续两个月(9月、10月)未报送")
    assert replied.created_at == datetime.datetime(2024, 10, 8, 10, tzinfo=SHANGHAI)
    assert replied.issued_by.username == "jcjyk"


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["11", "27"])
def test_the_bulk_breakdown_writes_what_item_breakdown_save_writes(number):
    build_demo_city(seed=1, scale="full")
    units = {u.code: u for u in OrgUnit.objects.all()}
    admin = User.objects.get(username="admin")
    items = list(PlanItem.objects.select_related("section__plan__owner")
                 .prefetch_related("targets", "mentions", "tasks").order_by("section__seq", "seq"))
    rows = [row for row in plan_rows(items, units) if row.item.number == number]

    def breakdown() -> list:
        tasks = Task.objects.filter(item__number=number).order_by("seq")
        return [
            list(tasks.values_list("pk", "seq", "measure", "target", "deadline", "owner")),
            sorted(TaskUnit.objects.filter(task__in=tasks).values_list("task_id", "org_unit_id", "role")),
            sorted(Milestone.objects.filter(task__in=tasks).values_list("task_id", "title", "due_on")),
        ]

    before = breakdown()
    owners = {t.seq: t.owner for t in Task.objects.filter(item__number=number)}
    item_breakdown_save(item=rows[0].item, rows=[task_input(row, owners[row.seq]) for row in rows], saved_by=admin)

    assert breakdown() == before


@pytest.mark.django_db
def test_small_scale_falls_back_to_the_sections_and_areas_it_has():
    build_demo_city(seed=1, scale="small")

    leads = set(TaskUnit.objects.filter(role="lead").values_list("org_unit__name", flat=True))
    assert leads == {"基础教育科", "督导室"}
    assert TaskUnit.objects.get(task__item__number="28", role="lead").org_unit.name == "督导室"
    assert set(TaskUnit.objects.filter(task__item__number="27", role="cooperate")
               .values_list("org_unit__name", flat=True)) == {"园林分局", "竹根滩镇学区", "浩口镇学区"}
    assert SupervisionNotice.objects.count() == 2


@pytest.mark.django_db
def test_rerun_changes_nothing():
    build_demo_city(seed=1, scale="small")
    before = _plan_rows()

    result = build_demo_city(seed=1, scale="small")

    assert _plan_rows() == before
    assert (result.plan.created, result.plan.items, result.plan.tasks, result.plan.reports) == (
        False, 28, 33, SEED1_SMALL["reports"])


@pytest.mark.django_db
def test_a_city_that_already_has_a_2024_plan_is_left_alone():
    build_demo_city(seed=1, scale="small")
    WorkPlan.objects.all().delete()
    city, admin = OrgUnit.objects.get(code="429005"), User.objects.get(username="admin")
    own = plan_import(source=read_document(seed_plan_bytes(), "own.txt"), filename="own.txt", owner=city,
                      imported_by=admin)

    result = build_demo_city(seed=1, scale="small")

    assert result.plan.created is False
    assert list(WorkPlan.objects.values_list("pk", "status")) == [(own.pk, PlanStatus.DRAFT)]
    assert (Task.objects.count(), ProgressReport.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_the_plan_demo_is_set_wise(django_assert_max_num_queries):
    build_demo_city(seed=1, scale="full")
    WorkPlan.objects.all().delete()
    units = {u.code: u for u in OrgUnit.objects.all()}
    users = {u.username: u for u in User.objects.all()}

    # About 1,200 rows (33 tasks, 125 task units, 29 milestones, 997 reports …) in 50 queries on
    # SQLite (999 parameters a statement: the reports go in 16 batches) and 35 on PostgreSQL.
    with django_assert_max_num_queries(80):
        result = build_demo_plan(seed=1, units=units, users=users)

    assert (result.created, result.reports) == (True, SEED1_FULL["reports"])


@pytest.mark.django_db
def test_command_reports_the_plan():
    out = StringIO()

    call_command("demo_city", "--seed", "1", "--scale", "small", stdout=out)
    call_command("demo_city", "--seed", "1", "--scale", "small", stdout=out)

    lines = [line for line in out.getvalue().splitlines() if line.startswith("工作要点")]
    assert lines == [
        "工作要点《市教育局2024年工作要点》本次导入并发布:28 项重点任务分解为 33 项任务(责任单位 68 个次,"
        "时间节点 29 个),2024年3—10月进展报送 541 条,督办单 2 份。",
        "工作要点《市教育局2024年工作要点》已存在,本次未改动:28 项重点任务分解为 33 项任务(责任单位 68 个次,"
        "时间节点 29 个),2024年3—10月进展报送 541 条,督办单 2 份。",
    ]
