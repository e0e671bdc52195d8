"""The traffic-light rules of lights.py and the monthly tallies of summary.py, on hand-built data.

Every test fixes `today`. The plan (factories.WorkPlanFactory) is of 2024, issued on 8 March,
so on TODAY (10 June 2024) the reports of March, April and May are due (each by the 25th).
"""
import datetime

import pytest

from edubureau.accounts.tests.factories import UserFactory
from edubureau.orgs.models import OrgKind
from edubureau.orgs.tests.factories import DistrictFactory, OrgUnitFactory, SchoolFactory
from edubureau.plans.lights import (
    DONE, GREEN, GREY, LIGHT_LABELS, MILESTONE_WARNING_DAYS, RED, REPORT_DUE_DAY, YELLOW, Light, combine, due_months,
    task_lights,
)
from edubureau.plans.models import PlanStatus, ProgressStatus, ReviewStatus, Task, TaskUnitRole
from edubureau.plans.selectors import plan_items
from edubureau.plans.summary import plan_month_summary
from edubureau.plans.tests.factories import (
    MilestoneFactory, PlanItemFactory, ProgressReportFactory, TaskFactory, TaskUnitFactory, WorkPlanFactory,
)

TODAY = datetime.date(2024, 6, 10)
MARCH, APRIL, MAY, JUNE = (datetime.date(2024, m, 1) for m in (3, 4, 5, 6))

OVERDUE_DEADLINE = "已超过完成时限"
MISSED_TWO = "连续两个月未报送"
MISSED_LAST = "上月未按时报送"
RETURNED = "有报送被退回，尚未重新报送"


@pytest.fixture
def plan(db):
    return WorkPlanFactory()


@pytest.fixture
def task(plan):
    """A task of `plan` with one leading section and nothing reported yet."""
    task = TaskFactory(item__section__plan=plan)
    TaskUnitFactory(task=task)
    return task


def light_of(task, today=TODAY) -> Light:
    return task_lights(task.item.section.plan, [task], today)[task.pk]


def report(task, month, status=ProgressStatus.IN_PROGRESS, review=ReviewStatus.SUBMITTED, unit=None, percent=50):
    unit = unit or task.task_units.order_by("pk").first().org_unit
    return ProgressReportFactory(task=task, org_unit=unit, month=month, status=status, review_status=review,
                                 percent=percent)


def report_every_month(task, unit=None):
    for month in (MARCH, APRIL, MAY):
        report(task, month, unit=unit)


# ---- due_months --------------------------------------------------------------------------------

@pytest.mark.parametrize(("today", "expected"), [
    (datetime.date(2024, 3, 25), []),  # March's report is due on the 25th: not yet missed that day
    (datetime.date(2024, 3, 26), [MARCH]),
    (TODAY, [MARCH, APRIL, MAY]),  # nothing before March: the plan was issued on 8 March
    (datetime.date(2025, 2, 1), [datetime.date(2024, m, 1) for m in range(3, 13)]),  # the plan year only
    (datetime.date(2023, 12, 31), []),
])
def test_due_months_start_with_the_month_of_issue(plan, today, expected):
    assert due_months(plan, today) == expected


def test_due_months_start_with_publication_when_no_issue_date_was_read(db):
    published = datetime.datetime(2024, 4, 20, 9, tzinfo=datetime.timezone.utc)
    plan = WorkPlanFactory(issued_on=None, published_at=published)
    assert due_months(plan, TODAY) == [APRIL, MAY]


def test_due_months_start_in_january_without_any_date(db):
    plan = WorkPlanFactory(issued_on=None, published_at=None)
    assert due_months(plan, datetime.date(2024, 3, 1)) == [datetime.date(2024, 1, 1), datetime.date(2024, 2, 1)]


def test_the_due_day_is_the_25th():
    assert (REPORT_DUE_DAY, MILESTONE_WARNING_DAYS) == (25, 14)


# ---- one task ----------------------------------------------------------------------------------

def test_a_task_without_responsible_units_is_grey(plan):
    task = TaskFactory(item__section__plan=plan)
    assert light_of(task) == Light(GREY)
    assert light_of(task).label == "待分解"


def test_a_task_reported_every_month_is_green(task):
    report_every_month(task)
    assert light_of(task) == Light(GREEN)


def test_missing_only_the_last_month_is_yellow(task):
    report(task, MARCH)
    report(task, APRIL)
    assert light_of(task) == Light(YELLOW, (MISSED_LAST,))


def test_missing_the_last_two_months_is_red(task):
    report(task, MARCH)
    assert light_of(task) == Light(RED, (MISSED_TWO,))


def test_missing_an_earlier_month_only_is_green(task):
    report(task, APRIL)
    report(task, MAY)
    assert light_of(task) == Light(GREEN)


def test_a_month_not_yet_due_need_not_be_reported(task):
    report_every_month(task)
    report(task, JUNE)  # sent early: changes nothing
    # On 25 June, June's report is not yet late.
    assert light_of(task, datetime.date(2024, 6, 25)) == Light(GREEN)


def test_a_passed_deadline_is_red_until_done(task):
    task.deadline = datetime.date(2024, 6, 9)
    task.save()
    report_every_month(task)
    assert light_of(task) == Light(RED, (OVERDUE_DEADLINE,))
    assert light_of(task, datetime.date(2024, 6, 9)) == Light(GREEN)  # due that day: not yet passed


@pytest.mark.parametrize(("status", "label"), [(ProgressStatus.LAGGING, "滞后"), (ProgressStatus.BLOCKED, "无法完成")])
def test_a_latest_report_of_lagging_or_blocked_is_red(task, status, label):
    report(task, MARCH, status)  # an earlier 滞后 is superseded by later reports …
    report(task, APRIL)
    report(task, MAY, status)  # … only the latest counts
    assert light_of(task) == Light(RED, (f"最近一次报送为“{label}”",))


def test_an_earlier_lagging_report_no_longer_counts(task):
    report(task, MARCH)
    report(task, APRIL, ProgressStatus.LAGGING)
    report(task, MAY)
    assert light_of(task) == Light(GREEN)


def test_a_returned_report_not_resubmitted_is_yellow(task):
    report(task, MARCH)
    report(task, APRIL)
    report(task, MAY, review=ReviewStatus.RETURNED)
    assert light_of(task) == Light(YELLOW, (RETURNED,))


def test_an_overdue_milestone_is_red(task):
    report_every_month(task)
    MilestoneFactory(task=task, title="完成方案制定", due_on=datetime.date(2024, 6, 9))
    assert light_of(task) == Light(RED, ("时间节点“完成方案制定”已逾期",))


def test_a_milestone_done_in_time_is_not_overdue(task):
    report_every_month(task)
    MilestoneFactory(task=task, title="完成方案制定", due_on=datetime.date(2024, 6, 1), done_on=datetime.date(2024, 5, 30))
    assert light_of(task) == Light(GREEN)


def test_a_milestone_done_after_today_was_still_open_on_that_day(task):
    report_every_month(task)
    MilestoneFactory(task=task, title="完成方案制定", due_on=datetime.date(2024, 6, 1), done_on=datetime.date(2024, 6, 20))
    assert light_of(task) == Light(RED, ("时间节点“完成方案制定”已逾期",))


@pytest.mark.parametrize(("due_on", "expected"), [
    (TODAY, Light(YELLOW, ("时间节点“招标”即将到期",))),  # due today: not yet overdue
    (TODAY + datetime.timedelta(days=14), Light(YELLOW, ("时间节点“招标”即将到期",))),
    (TODAY + datetime.timedelta(days=15), Light(GREEN)),
])
def test_a_milestone_due_within_14_days_is_yellow(task, due_on, expected):
    report_every_month(task)
    MilestoneFactory(task=task, title="招标", due_on=due_on)
    assert light_of(task) == expected


def test_done_needs_every_units_latest_approved_report_to_say_done(task):
    lead = task.task_units.get().org_unit
    cooperating = TaskUnitFactory(task=task, role=TaskUnitRole.COOPERATE).org_unit
    for unit in (lead, cooperating):
        report(task, MARCH, unit=unit)
        report(task, APRIL, unit=unit)
    report(task, MAY, ProgressStatus.DONE, ReviewStatus.APPROVED, unit=lead, percent=100)
    not_yet = report(task, MAY, ProgressStatus.DONE, ReviewStatus.SUBMITTED, unit=cooperating, percent=100)
    assert light_of(task) == Light(GREEN)
    not_yet.review_status = ReviewStatus.APPROVED
    not_yet.save()
    assert light_of(task) == Light(DONE)
    assert light_of(task).label == "已完成"


def test_a_done_task_is_done_even_past_its_deadline_and_with_months_missing(task):
    task.deadline = datetime.date(2024, 4, 30)
    task.save()
    report(task, MARCH, ProgressStatus.DONE, ReviewStatus.APPROVED, percent=100)
    assert light_of(task) == Light(DONE)


def test_an_approved_done_followed_by_approved_progress_is_not_done(task):
    report(task, MARCH)
    report(task, APRIL, ProgressStatus.DONE, ReviewStatus.APPROVED, percent=100)
    report(task, MAY, ProgressStatus.IN_PROGRESS, ReviewStatus.APPROVED)
    assert light_of(task) == Light(GREEN)


def test_red_reasons_come_in_rule_order_once_each_and_yellow_ones_are_dropped(task):
    second = TaskUnitFactory(task=task, role=TaskUnitRole.COOPERATE).org_unit
    task.deadline = datetime.date(2024, 6, 1)
    task.save()
    MilestoneFactory(task=task, title="完成方案制定", due_on=datetime.date(2024, 5, 15))
    MilestoneFactory(task=task, title="招标", due_on=datetime.date(2024, 6, 20))  # yellow alone
    report(task, MARCH, ProgressStatus.LAGGING)  # the lead: latest 滞后, April and May missed
    report(task, MARCH, unit=second)  # the cooperating unit also missed April and May
    assert light_of(task) == Light(RED, (
        "时间节点“完成方案制定”已逾期", OVERDUE_DEADLINE, "最近一次报送为“滞后”", MISSED_TWO,
    ))


def test_reports_of_later_months_do_not_change_a_past_day(task):
    report_every_month(task)
    report(task, JUNE, ProgressStatus.LAGGING)
    assert light_of(task, datetime.date(2024, 6, 1)) == Light(GREEN)
    assert light_of(task, datetime.date(2024, 6, 2)) == Light(RED, ("最近一次报送为“滞后”",))


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.SUPERSEDED])
def test_only_a_published_plan_expects_monthly_reports(db, status):
    plan = WorkPlanFactory(status=status)
    task = TaskFactory(item__section__plan=plan)
    TaskUnitFactory(task=task)
    assert light_of(task) == Light(GREEN)


def test_task_lights_take_two_queries_whatever_the_number_of_tasks(plan, django_assert_num_queries):
    for _ in range(5):
        task = TaskFactory(item__section__plan=plan)
        TaskUnitFactory(task=task)
        report(task, MARCH)  # April and May missed: red
        MilestoneFactory(task=task, due_on=datetime.date(2024, 6, 20))  # yellow, outweighed by red
    tasks = list(Task.objects.filter(item__section__plan=plan).prefetch_related("task_units"))
    with django_assert_num_queries(2):
        lights = task_lights(plan, tasks, TODAY)
    assert lights == {t.pk: Light(RED, (MISSED_TWO,)) for t in tasks}


# ---- combine -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("lights", "expected"), [
    ([], Light(GREY)),
    ([Light(DONE), Light(DONE)], Light(DONE)),
    ([Light(DONE), Light(GREEN)], Light(GREEN)),  # DONE only when every task is done
    ([Light(GREEN), Light(GREY)], Light(GREY)),  # a task not yet broken down outweighs a green one
    ([Light(GREY), Light(YELLOW, ("a",))], Light(YELLOW, ("a",))),
    ([Light(YELLOW, ("y",)), Light(RED, ("r1",)), Light(GREEN), Light(RED, ("r2", "r1"))], Light(RED, ("r1", "r2"))),
    ([Light(YELLOW, ("y1",)), Light(YELLOW, ("y2", "y1")), Light(DONE)], Light(YELLOW, ("y1", "y2"))),
])
def test_combine_takes_the_worst_colour_and_only_its_reasons(lights, expected):
    assert combine(lights) == expected


def test_labels():
    assert LIGHT_LABELS == {RED: "滞后", YELLOW: "预警", GREEN: "正常", DONE: "已完成", GREY: "待分解"}


# ---- the monthly summary -----------------------------------------------------------------------

@pytest.fixture
def tally_world(db):
    """One plan over a city with two districts, a section and a school; three items.

    item 1: lead 科室, cooperating 学区乙 and the school; 科室 reported May, 学区乙's May report was returned
    item 2: lead 学区甲 (not a section), cooperating 科室; only 科室 reported, and it says 滞后
    item 3: not broken down
    """
    plan = WorkPlanFactory()
    city = plan.owner
    district_a = DistrictFactory(parent=city, name="学区甲", sort_order=2)
    district_b = DistrictFactory(parent=city, name="学区乙", sort_order=1)
    section = OrgUnitFactory(parent=city, kind=OrgKind.SECTION, name="科室甲")
    school = SchoolFactory(parent=district_a, name="学校甲").org_unit
    items = [PlanItemFactory(section__plan=plan, seq=n, number=str(n), title=f"任务{n}") for n in (1, 2, 3)]
    one, two = TaskFactory(item=items[0]), TaskFactory(item=items[1])
    TaskFactory(item=items[2])
    for task, unit, role in [
        (one, section, TaskUnitRole.LEAD), (one, district_b, TaskUnitRole.COOPERATE),
        (one, school, TaskUnitRole.COOPERATE),
        (two, district_a, TaskUnitRole.LEAD), (two, section, TaskUnitRole.COOPERATE),
    ]:
        TaskUnitFactory(task=task, org_unit=unit, role=role)
    for unit in (section, district_b, school):  # everyone reported March and April on item 1
        for month in (MARCH, APRIL):
            report(one, month, unit=unit)
    report(one, MAY, unit=section)
    report(one, MAY, unit=district_b, review=ReviewStatus.RETURNED)
    for month in (MARCH, APRIL):
        report(two, month, unit=section)
        report(two, month, unit=district_a)
    report(two, MAY, ProgressStatus.LAGGING, unit=section)
    return plan, {"a": district_a, "b": district_b, "section": section, "school": school}, items


def _summary(plan, month=MAY, today=TODAY):
    items = list(plan_items(fetched_by=UserFactory(is_superuser=True), plan=plan))
    return plan_month_summary(plan=plan, items=items, month=month, today=today)


def test_summary_lights_per_item(tally_world):
    plan, units, items = tally_world
    summary = _summary(plan)
    assert summary.as_of == JUNE  # May is judged on 1 June, the day after it ends
    assert summary.item_lights == {
        items[0].pk: Light(YELLOW, (MISSED_LAST, RETURNED)),  # the school missed May; 学区乙 was returned
        items[1].pk: Light(RED, ("最近一次报送为“滞后”",)),  # 学区甲 missed May too, but red outweighs that
        items[2].pk: Light(GREY),
    }
    assert summary.light_totals == {DONE: 0, GREEN: 0, YELLOW: 1, RED: 1, GREY: 1}
    assert [(item.pk, light.colour) for item, light in summary.lagging_items] == [(items[1].pk, RED)]


def test_summary_tallies_by_unit_in_display_order_and_returned_reports_do_not_count(tally_world):
    plan, units, _ = tally_world
    summary = _summary(plan)
    # districts by sort order (学区乙 is 1), then sections, then schools
    assert [(t.unit.name, t.total, t.reported, t.missing) for t in summary.by_unit] == [
        ("学区乙", 1, 0, 1),  # its May report was returned, so it has not reported
        ("学区甲", 1, 0, 1),
        ("科室甲", 2, 2, 0),
        ("学校甲", 1, 0, 1),
    ]
    assert [t.unit.name for t in summary.non_reporting] == ["学区乙", "学区甲", "学校甲"]


def test_summary_tallies_by_section_count_only_tasks_a_section_leads(tally_world):
    plan, units, _ = tally_world
    summary = _summary(plan)
    [section] = summary.by_section
    assert (section.unit, section.total, section.lights, section.done_rate) == (
        units["section"], 1, {DONE: 0, GREEN: 0, YELLOW: 1, RED: 0, GREY: 0}, 0.0,
    )


def test_summary_done_rate(tally_world):
    plan, units, items = tally_world
    task = items[0].tasks.get()
    task.reports.filter(month=MAY).delete()
    for unit in (units["section"], units["b"], units["school"]):
        report(task, MAY, ProgressStatus.DONE, ReviewStatus.APPROVED, unit=unit, percent=100)
    summary = _summary(plan)
    assert summary.item_lights[items[0].pk] == Light(DONE)
    assert [(t.unit.name, t.lights[DONE], t.done_rate) for t in summary.by_section] == [("科室甲", 1, 100.0)]
    assert summary.light_totals == {DONE: 1, GREEN: 0, YELLOW: 0, RED: 1, GREY: 1}


def test_summary_of_an_earlier_month_ignores_later_reports(tally_world):
    plan, _, items = tally_world
    summary = _summary(plan, month=APRIL)
    assert summary.as_of == MAY
    assert summary.item_lights == {items[0].pk: Light(GREEN), items[1].pk: Light(GREEN), items[2].pk: Light(GREY)}
    assert [(t.unit.name, t.reported) for t in summary.by_unit] == [
        ("学区乙", 1), ("学区甲", 1), ("科室甲", 2), ("学校甲", 1),
    ]
