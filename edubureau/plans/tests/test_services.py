"""The plans services against the real database: import, publish, corrections, reports, reviews,
notices and the breakdown. Every refusal is checked by its exact message and by what it did not write.
"""
import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from edubureau.core.exceptions import ApplicationError
from edubureau.plans.models import (
    Milestone, NoticeStatus, PlanItem, PlanMention, PlanSection, PlanStatus, PlanTarget, ProgressEvidence,
    ProgressReport, ProgressStatus, ReviewStatus, SupervisionNotice, Task, TaskUnit, TaskUnitRole, WorkPlan,
)
from edubureau.plans.parsing import PlanParseError
from edubureau.plans.parsing.errors import NO_STRUCTURE
from edubureau.plans.services.breakdown import (
    BREAKDOWN_DEADLINE_YEAR, BREAKDOWN_LEAD_REQUIRED, BREAKDOWN_NOT_ALLOWED, BREAKDOWN_PLAN_NOT_PUBLISHED,
    BREAKDOWN_UNIT_OUTSIDE, TaskInput, item_breakdown_save,
)
from edubureau.plans.services.importing import PLAN_YEAR_MISSING, plan_import
from edubureau.plans.services.notices import (
    NOTICE_CLOSED, NOTICE_DUE_IN_PAST, NOTICE_NOT_ALLOWED, NOTICE_REASON_REQUIRED, NOTICE_REPLY_NOT_ALLOWED,
    NOTICE_REPLY_REQUIRED, NOTICE_UNIT_NOT_RESPONSIBLE, notice_close, notice_issue, notice_reply,
)
from edubureau.plans.services.progress import (
    EVIDENCE_BAD_TYPE, EVIDENCE_MAX_BYTES, EVIDENCE_TOO_LARGE, REPORT_ALREADY_APPROVED, REPORT_DONE_NOT_100,
    REPORT_FUTURE_MONTH, REPORT_MONTH_OUTSIDE_YEAR, REPORT_NARRATIVE_REQUIRED, REPORT_NOT_ALLOWED,
    REPORT_PERCENT_RANGE, REPORT_PLAN_NOT_PUBLISHED, REPORT_UNIT_NOT_RESPONSIBLE, REVIEW_NOT_ALLOWED,
    REVIEW_NOT_PENDING, REVIEW_RETURN_NEEDS_REASON, can_review, report_review, report_submit,
)
from edubureau.plans.services.publishing import (
    ITEM_NUMBER_TAKEN, ITEM_TITLE_REQUIRED, PLAN_NOT_DRAFT, plan_extraction_delete, plan_item_correct, plan_publish,
    plan_section_correct,
)

PLAN_TEXT = """市教育局2024年工作要点
一、坚持党的领导
1.深化党的创新理论武装。党员教师比例达到专任教师总数的60%。（责任科室：基础教育科）
2.推进学区教研。各学区每学期组织联合教研不少于2次。（牵头单位：基础教育科；配合单位：各学区、宣传科）
二、办好人民满意的教育
3.办好特殊教育。落实《“十四五”特殊教育发展提升行动计划》。
4.加强学区管理。（责任单位：浩口镇学区、基础教育科）
"""
MAY = datetime.date(2024, 5, 1)


def _all_rows() -> list:
    """Every plans row, to show that a refused call wrote nothing."""
    models = (WorkPlan, PlanSection, PlanItem, PlanTarget, PlanMention, Task, TaskUnit, Milestone, ProgressReport,
              ProgressEvidence, SupervisionNotice)
    return [sorted(map(str, model.objects.values_list())) for model in models]


def _refused(message: str, call, **kwargs) -> None:
    before = _all_rows()
    with pytest.raises(ApplicationError) as excinfo:
        call(**kwargs)
    assert excinfo.value.message == message
    assert _all_rows() == before


def _import(world, text=PLAN_TEXT, owner="C") -> WorkPlan:
    return plan_import(source=text, filename="要点.txt", owner=world.units[owner], imported_by=world.users["sysadmin"])


def _item(plan, number) -> PlanItem:
    return PlanItem.objects.select_related("section__plan__owner").get(section__plan=plan, number=number)


def _units(task) -> list[tuple[str, str]]:
    return [(tu.org_unit.name, tu.role) for tu in task.task_units.select_related("org_unit").order_by("role", "pk")]


@pytest.fixture
def draft(world) -> WorkPlan:
    return _import(world)


@pytest.fixture
def plan(world, draft) -> WorkPlan:
    return plan_publish(plan=draft, published_by=world.users["sysadmin"])


@pytest.fixture
def task(world, plan) -> Task:
    """Item 1's task, broken down: 基础教育科 leads, 浩口镇学区 cooperates."""
    [task] = item_breakdown_save(item=_item(plan, "1"), saved_by=world.users["sysadmin"], rows=[
        TaskInput(lead_units=[world.units["S1"]], cooperating_units=[world.units["D1"]]),
    ])
    return task


# ---- plan_import ---------------------------------------------------------------------------------

def test_import_stores_a_draft_with_its_tree_and_extractions(world, draft):
    # then
    assert (draft.title, draft.year, draft.version, draft.status, draft.owner, draft.source_filename) == (
        "市教育局2024年工作要点", 2024, 1, PlanStatus.DRAFT, world.units["C"], "要点.txt",
    )
    assert (draft.source_text, draft.source_sha256) == (PLAN_TEXT, hashlib.sha256(PLAN_TEXT.encode()).hexdigest())
    assert draft.imported_by == world.users["sysadmin"]
    assert list(draft.sections.values_list("seq", "number", "title")) == [
        (1, "一", "坚持党的领导"), (2, "二", "办好人民满意的教育"),
    ]
    items = PlanItem.objects.filter(section__plan=draft).order_by("section__seq", "seq")
    assert [(i.number, i.title, i.lead_names, i.cooperating_names) for i in items] == [
        ("1", "深化党的创新理论武装", ["基础教育科"], []),
        ("2", "推进学区教研", ["基础教育科"], ["各学区", "宣传科"]),
        ("3", "办好特殊教育", [], []),
        ("4", "加强学区管理", ["浩口镇学区"], ["基础教育科"]),  # 责任单位: the first named leads
    ]
    target = PlanTarget.objects.get(item__section__plan=draft, item__number="1")
    assert (target.text, target.value, target.unit, target.comparator) == ("达到专任教师总数的60%", Decimal("60"), "%", ">=")
    assert PLAN_TEXT[target.start:target.end] == "达到专任教师总数的60%"
    mention = PlanMention.objects.get(item__section__plan=draft, kind="document")
    assert PLAN_TEXT[mention.start:mention.end] == mention.text == "《“十四五”特殊教育发展提升行动计划》"
    assert Task.objects.count() == 0  # tasks come with publishing


def test_import_numbers_versions_per_owner_and_year(world):
    first, second = _import(world), _import(world)
    other_year = _import(world, PLAN_TEXT.replace("2024", "2025"))
    other_owner = _import(world, owner="X")
    assert [(p.year, p.version) for p in (first, second, other_year, other_owner)] == [
        (2024, 1), (2024, 2), (2025, 1), (2024, 1),
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("这是一份会议通知。\n请各单位准时参加。\n", NO_STRUCTURE),
    (PLAN_TEXT.replace("市教育局2024年工作要点", "市教育局工作要点"), PLAN_YEAR_MISSING),
])
def test_import_stores_nothing_when_the_text_is_not_a_plan(world, text, message):
    before = _all_rows()
    with pytest.raises(PlanParseError) as excinfo:
        _import(world, text)
    assert excinfo.value.message == message
    assert _all_rows() == before


def test_import_no_structure_message_is_the_users_guide():
    assert NO_STRUCTURE == (
        "未能识别出工作要点的结构:没有找到编号的工作任务(如“一、”“(一)”“1.”或“一是”)。"
        "请确认上传的是工作要点原文,或把正文粘贴为纯文本后重试"
    )


# ---- plan_publish --------------------------------------------------------------------------------

def test_publish_creates_one_task_per_item_prefilled_from_the_annotations(world, plan):
    # then
    plan.refresh_from_db()
    assert (plan.status, plan.published_by) == (PlanStatus.PUBLISHED, world.users["sysadmin"])
    assert plan.published_at is not None
    tasks = {t.item.number: t for t in Task.objects.filter(item__section__plan=plan).select_related("item")}
    assert sorted(tasks) == ["1", "2", "3", "4"]
    assert {(t.seq, t.deadline) for t in tasks.values()} == {(1, datetime.date(2024, 12, 31))}
    assert tasks["1"].target == "达到专任教师总数的60%"
    assert _units(tasks["1"]) == [("基础教育科", TaskUnitRole.LEAD)]
    # 各学区 stands for every district of the city (not city X's); 宣传科 is no unit of the city
    assert _units(tasks["2"]) == [
        ("浩口镇学区", TaskUnitRole.COOPERATE), ("熊口镇学区", TaskUnitRole.COOPERATE), ("基础教育科", TaskUnitRole.LEAD),
    ]
    assert _units(tasks["3"]) == []
    assert _units(tasks["4"]) == [("基础教育科", TaskUnitRole.COOPERATE), ("浩口镇学区", TaskUnitRole.LEAD)]


def test_publish_supersedes_the_earlier_version_of_the_same_year(world, plan):
    other_year = plan_publish(plan=_import(world, PLAN_TEXT.replace("2024", "2023")),
                              published_by=world.users["sysadmin"])
    second = plan_publish(plan=_import(world), published_by=world.users["section_staff"])
    statuses = dict(WorkPlan.objects.values_list("pk", "status"))
    assert statuses == {plan.pk: PlanStatus.SUPERSEDED, second.pk: PlanStatus.PUBLISHED,
                        other_year.pk: PlanStatus.PUBLISHED}


def test_publish_twice_is_refused(world, plan):
    _refused(PLAN_NOT_DRAFT, plan_publish, plan=plan, published_by=world.users["sysadmin"])


# ---- corrections ---------------------------------------------------------------------------------

def test_item_correction_on_a_draft(draft):
    item = _item(draft, "3")
    plan_item_correct(item=item, number=" 3 ", title=" 办好特殊教育和专门教育 ", group=" （一）民生 ")
    item.refresh_from_db()
    assert (item.number, item.title, item.group) == ("3", "办好特殊教育和专门教育", "（一）民生")


@pytest.mark.parametrize(("number", "title", "message"), [
    ("3", "  ", ITEM_TITLE_REQUIRED),
    ("2", "办好特殊教育", ITEM_NUMBER_TAKEN.format(number="2")),
])
def test_item_correction_refused(draft, number, title, message):
    _refused(message, plan_item_correct, item=_item(draft, "3"), number=number, title=title)


def test_corrections_are_refused_on_a_published_plan(plan):
    item = _item(plan, "1")
    _refused(PLAN_NOT_DRAFT, plan_item_correct, item=item, number="1", title="改名")
    _refused(PLAN_NOT_DRAFT, plan_section_correct, section=item.section, number="一", title="改名")
    _refused(PLAN_NOT_DRAFT, plan_extraction_delete, obj=item.targets.get())


def test_section_correction_and_extraction_delete_on_a_draft(draft):
    item = _item(draft, "1")
    plan_section_correct(section=item.section, number=" 一 ", title=" 加强党的建设 ")
    plan_extraction_delete(obj=item.targets.get())
    item.section.refresh_from_db()
    assert (item.section.number, item.section.title) == ("一", "加强党的建设")
    assert PlanTarget.objects.filter(item=item).count() == 0


# ---- report_submit -------------------------------------------------------------------------------

def _submit(world, task, unit="D1", user="district_admin", **kwargs):
    values = {"month": MAY, "status": ProgressStatus.IN_PROGRESS, "percent": 50, "narrative": "已召开推进会"}
    values.update(kwargs)
    return report_submit(task=task, org_unit=world.units[unit], submitted_by=world.users[user], **values)


def test_submit_stores_a_report_for_the_first_of_the_month(world, task):
    report = _submit(world, task, month=datetime.date(2024, 5, 17), narrative="  已召开推进会  ")
    assert (report.month, report.status, report.percent, report.narrative, report.is_nil, report.review_status) == (
        MAY, ProgressStatus.IN_PROGRESS, 50, "已召开推进会", False, ReviewStatus.SUBMITTED,
    )
    assert (report.org_unit, report.submitted_by) == (world.units["D1"], world.users["district_admin"])


def test_submit_stores_evidence(world, task):
    report = _submit(world, task, files=[SimpleUploadedFile("会议纪要.PDF", b"%PDF-1.4")])
    assert list(report.evidence.values_list("name", flat=True)) == ["会议纪要.PDF"]
    assert report.evidence.get().file.read() == b"%PDF-1.4"


def test_a_nil_report_needs_no_narrative(world, task):
    report = _submit(world, task, is_nil=True, narrative="")
    assert (report.is_nil, report.narrative) == (True, "")


def _next_month() -> datetime.date:
    today = timezone.localdate()
    return datetime.date(today.year + today.month // 12, today.month % 12 + 1, 1)


@pytest.mark.parametrize(("unit", "user", "values", "message"), [
    ("A1", "school_admin", {}, REPORT_UNIT_NOT_RESPONSIBLE),  # A1 is not a unit of this task
    ("D1", "section_staff", {}, REPORT_NOT_ALLOWED),  # 科室人员 report for their section only
    ("D1", "leader", {}, REPORT_NOT_ALLOWED),  # 局领导 only read
    ("S1", "district_admin", {}, REPORT_NOT_ALLOWED),
    ("D1", "district_admin", {"month": "next"}, REPORT_FUTURE_MONTH),
    ("D1", "district_admin", {"month": datetime.date(2023, 12, 1)}, REPORT_MONTH_OUTSIDE_YEAR.format(year=2024)),
    ("D1", "district_admin", {"percent": 101}, REPORT_PERCENT_RANGE),
    ("D1", "district_admin", {"percent": -1}, REPORT_PERCENT_RANGE),
    ("D1", "district_admin", {"status": ProgressStatus.DONE, "percent": 90}, REPORT_DONE_NOT_100),
    ("D1", "district_admin", {"narrative": " \n "}, REPORT_NARRATIVE_REQUIRED),
    ("D1", "district_admin", {"files": "exe"}, EVIDENCE_BAD_TYPE.format(name="工具.exe")),
    ("D1", "district_admin", {"files": "big"}, EVIDENCE_TOO_LARGE.format(name="录像.zip")),
])
def test_submit_refused(world, task, unit, user, values, message):
    if values.get("month") == "next":
        values["month"] = _next_month()
    if values.get("files") == "exe":
        values["files"] = [SimpleUploadedFile("工具.exe", b"MZ")]
    elif values.get("files") == "big":
        big = SimpleUploadedFile("录像.zip", b"PK")
        big.size = EVIDENCE_MAX_BYTES + 1
        values["files"] = [big]
    _refused(message, _submit, world=world, task=task, unit=unit, user=user, **values)


def test_a_done_report_at_100_is_accepted(world, task):
    assert _submit(world, task, status=ProgressStatus.DONE, percent=100).status == ProgressStatus.DONE


def test_submit_is_refused_once_a_newer_version_is_published(world, task):
    plan_publish(plan=_import(world), published_by=world.users["sysadmin"])
    task = Task.objects.select_related("item__section__plan").get(pk=task.pk)
    _refused(REPORT_PLAN_NOT_PUBLISHED, _submit, world=world, task=task)


def test_a_returned_report_is_resubmitted_in_place(world, task):
    report = _submit(world, task)
    report_review(report=report, approve=False, comment="请补充数据", reviewed_by=world.users["section_staff"])
    again = _submit(world, task, percent=60, narrative="已补充数据")
    assert again.pk == report.pk
    assert (again.percent, again.narrative, again.review_status, again.reviewed_by, again.review_comment) == (
        60, "已补充数据", ReviewStatus.SUBMITTED, None, "",
    )
    assert ProgressReport.objects.count() == 1


def test_an_approved_report_is_locked(world, task):
    report = _submit(world, task)
    report_review(report=report, approve=True, reviewed_by=world.users["section_staff"])
    _refused(REPORT_ALREADY_APPROVED, _submit, world=world, task=task, percent=80)


def test_sysadmin_reports_for_any_unit_of_the_city(world, task):
    assert _submit(world, task, unit="S1", user="sysadmin").org_unit == world.units["S1"]


# ---- report_review -------------------------------------------------------------------------------

@pytest.mark.parametrize("user", ["section_staff", "sysadmin", "superuser"])
def test_the_lead_unit_approves(world, task, user):
    report = _submit(world, task)
    report_review(report=report, approve=True, comment=" 同意 ", reviewed_by=world.users[user])
    report.refresh_from_db()
    assert (report.review_status, report.review_comment, report.reviewed_by) == (
        ReviewStatus.APPROVED, "同意", world.users[user],
    )
    assert report.reviewed_at is not None


def test_the_lead_unit_returns_with_a_reason(world, task):
    report = _submit(world, task)
    report_review(report=report, approve=False, comment="数据不全", reviewed_by=world.users["section_staff"])
    report.refresh_from_db()
    assert (report.review_status, report.review_comment) == (ReviewStatus.RETURNED, "数据不全")


@pytest.mark.parametrize("user", ["district_admin", "leader", "school_admin", "inspector"])
def test_only_the_lead_unit_reviews(world, task, user):
    report = _submit(world, task)
    assert can_review(world.users[user], task) is False
    _refused(REVIEW_NOT_ALLOWED, report_review, report=report, approve=True, reviewed_by=world.users[user])


def test_a_return_needs_a_reason(world, task):
    report = _submit(world, task)
    _refused(REVIEW_RETURN_NEEDS_REASON, report_review, report=report, approve=False, comment="  ",
             reviewed_by=world.users["section_staff"])


def test_a_report_is_reviewed_once(world, task):
    report = _submit(world, task)
    report_review(report=report, approve=False, comment="数据不全", reviewed_by=world.users["section_staff"])
    _refused(REVIEW_NOT_PENDING, report_review, report=report, approve=True, reviewed_by=world.users["section_staff"])


# ---- notices -------------------------------------------------------------------------------------

def _issue(world, task, unit="D1", user="section_staff", **kwargs):
    values = {"reason": "本月未报送进展,请说明原因", "reply_due": timezone.localdate() + datetime.timedelta(days=5)}
    values.update(kwargs)
    return notice_issue(task=task, org_unit=world.units[unit], issued_by=world.users[user], **values)


def test_a_manager_issues_numbered_notices(world, task):
    year = timezone.localdate().year
    first = _issue(world, task, reason="  请说明原因  ")
    second = _issue(world, task, unit="S1", user="sysadmin", reply_due=timezone.localdate())
    assert (first.number, first.status, first.reason, first.org_unit, first.issued_by) == (
        f"督办〔{year}〕1号", NoticeStatus.OPEN, "请说明原因", world.units["D1"], world.users["section_staff"],
    )
    assert second.number == f"督办〔{year}〕2号"


@pytest.mark.parametrize(("unit", "user", "values", "message"), [
    ("D1", "leader", {}, NOTICE_NOT_ALLOWED),
    ("D1", "district_admin", {}, NOTICE_NOT_ALLOWED),
    ("B1", "section_staff", {}, NOTICE_UNIT_NOT_RESPONSIBLE),
    ("D1", "section_staff", {"reason": " "}, NOTICE_REASON_REQUIRED),
    ("D1", "section_staff", {"reply_due": "yesterday"}, NOTICE_DUE_IN_PAST),
])
def test_issue_refused(world, task, unit, user, values, message):
    if values.get("reply_due") == "yesterday":
        values["reply_due"] = timezone.localdate() - datetime.timedelta(days=1)
    _refused(message, _issue, world=world, task=task, unit=unit, user=user, **values)


@pytest.mark.parametrize("user", ["district_admin", "sysadmin"])
def test_the_notified_unit_replies(world, task, user):
    notice = _issue(world, task)
    notice_reply(notice=notice, reply="  已安排专人补报  ", replied_by=world.users[user])
    notice.refresh_from_db()
    assert (notice.status, notice.reply, notice.replied_by) == (NoticeStatus.REPLIED, "已安排专人补报", world.users[user])


@pytest.mark.parametrize(("user", "reply", "message"), [
    ("section_staff", "代为回复", NOTICE_REPLY_NOT_ALLOWED),  # 科室人员 do not answer for 浩口镇学区
    ("school_admin", "代为回复", NOTICE_REPLY_NOT_ALLOWED),  # nor does one of its schools
    ("district_admin", "  ", NOTICE_REPLY_REQUIRED),
])
def test_reply_refused(world, task, user, reply, message):
    notice = _issue(world, task)
    _refused(message, notice_reply, notice=notice, reply=reply, replied_by=world.users[user])


def test_a_closed_notice_takes_no_reply(world, task):
    notice = notice_close(notice=_issue(world, task), closed_by=world.users["sysadmin"])
    assert notice.status == NoticeStatus.CLOSED
    _refused(NOTICE_CLOSED, notice_reply, notice=notice, reply="补充说明", replied_by=world.users["district_admin"])


def test_only_a_manager_closes(world, task):
    notice = _issue(world, task)
    _refused(NOTICE_NOT_ALLOWED, notice_close, notice=notice, closed_by=world.users["district_admin"])


# ---- item_breakdown_save -------------------------------------------------------------------------

def test_breakdown_replaces_units_and_milestones(world, task):
    item = task.item
    [saved, added] = item_breakdown_save(item=item, saved_by=world.users["section_staff"], rows=[
        TaskInput(measure=" 开展专题学习 ", target="每月一次", deadline=datetime.date(2024, 6, 30),
                  lead_units=[world.units["S1"]], cooperating_units=[world.units["S1"], world.units["D2"]],
                  milestones=[("制定方案", datetime.date(2024, 3, 31))]),
        TaskInput(measure="督导检查", lead_units=[world.units["D1"]]),
    ])
    assert saved.pk == task.pk  # the first row keeps the task (and its reports)
    assert (saved.seq, saved.measure, saved.target, saved.deadline) == (1, "开展专题学习", "每月一次", datetime.date(2024, 6, 30))
    # a unit named as lead and cooperating is the lead only
    assert _units(saved) == [("熊口镇学区", TaskUnitRole.COOPERATE), ("基础教育科", TaskUnitRole.LEAD)]
    assert list(saved.milestones.values_list("title", "due_on")) == [("制定方案", datetime.date(2024, 3, 31))]
    assert (added.seq, _units(added)) == (2, [("浩口镇学区", TaskUnitRole.LEAD)])


def test_breakdown_deletes_extra_tasks_only_without_reports(world, task):
    item, sysadmin = task.item, world.users["sysadmin"]
    lead = [world.units["S1"]]
    tasks = item_breakdown_save(item=item, saved_by=sysadmin, rows=[TaskInput(lead_units=lead)] * 3)
    _submit(world, tasks[1], unit="S1", user="section_staff")  # task 2 has a report
    item_breakdown_save(item=item, saved_by=sysadmin, rows=[TaskInput(lead_units=lead)])
    assert list(item.tasks.order_by("seq").values_list("pk", "seq")) == [(tasks[0].pk, 1), (tasks[1].pk, 2)]


def test_breakdown_keeps_the_owner_unless_told(world, task):
    owner = world.users["section_staff"]
    row = TaskInput(lead_units=[world.units["S1"]])
    item_breakdown_save(item=task.item, saved_by=world.users["sysadmin"], rows=[TaskInput(lead_units=row.lead_units,
                                                                                          owner=owner)])
    item_breakdown_save(item=task.item, saved_by=world.users["sysadmin"], rows=[row])  # owner=KEEP
    task.refresh_from_db()
    assert task.owner == owner
    item_breakdown_save(item=task.item, saved_by=world.users["sysadmin"],
                        rows=[TaskInput(lead_units=row.lead_units, owner=None)])
    task.refresh_from_db()
    assert task.owner is None


@pytest.mark.parametrize(("row", "message"), [
    ({"cooperating_units": ["D1"]}, BREAKDOWN_LEAD_REQUIRED),
    ({"lead_units": ["S1"], "cooperating_units": ["X1"]}, BREAKDOWN_UNIT_OUTSIDE.format(name="仙桃市第一中学")),
    ({"lead_units": ["X"]}, BREAKDOWN_UNIT_OUTSIDE.format(name="仙桃市教育局")),
    ({"lead_units": ["S1"], "deadline": datetime.date(2025, 1, 31)}, BREAKDOWN_DEADLINE_YEAR.format(year=2024)),
])
def test_breakdown_refused(world, task, row, message):
    values = {key: [world.units[k] for k in value] if key.endswith("units") else value for key, value in row.items()}
    rows = [TaskInput(lead_units=[world.units["S1"]]), TaskInput(**values)]  # a bad second row: nothing is saved
    _refused(message, item_breakdown_save, item=task.item, rows=rows, saved_by=world.users["sysadmin"])


@pytest.mark.parametrize("user", ["leader", "district_admin", "school_admin"])
def test_breakdown_is_for_managers(world, task, user):
    _refused(BREAKDOWN_NOT_ALLOWED, item_breakdown_save, item=task.item, saved_by=world.users[user],
             rows=[TaskInput(lead_units=[world.units["S1"]])])


def test_breakdown_needs_a_published_plan(world, draft):
    _refused(BREAKDOWN_PLAN_NOT_PUBLISHED, item_breakdown_save, item=_item(draft, "1"),
             saved_by=world.users["sysadmin"], rows=[TaskInput(lead_units=[world.units["S1"]])])
