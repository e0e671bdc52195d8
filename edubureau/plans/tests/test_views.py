"""The plans pages through the test client: upload, review, corrections, breakdown editor,
任务分解表 download and upload, bulletin, reporting and review, and pinned query counts.

Who may open what is the permission matrix's business (tests/test_permission_matrix.py); these
tests follow one allowed user through each page and check what it shows and writes.
"""
import datetime
import io
from urllib.parse import quote

import docx
import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from edubureau.plans.forms import MILESTONE_LINE_INVALID, MONTH_INVALID, UPLOAD_BOTH, UPLOAD_NOTHING
from edubureau.plans.models import (
    PlanItem, ProgressReport, ProgressStatus, ReviewStatus, SupervisionNotice, Task, TaskUnit, TaskUnitRole, WorkPlan,
)
from edubureau.plans.parsing.errors import EMPTY_FILE, NO_STRUCTURE, UNDECODABLE
from edubureau.plans.services.breakdown import BREAKDOWN_LEAD_REQUIRED, TaskInput, item_breakdown_save
from edubureau.plans.services.breakdown_excel import (
    BREAKDOWN_FILE_NOT_SPREADSHEET, BREAKDOWN_IMPORT_BAD_DATE, BREAKDOWN_IMPORT_INVALID, BREAKDOWN_IMPORT_UNIT_UNKNOWN,
    HEADERS,
)
from edubureau.plans.services.importing import PLAN_YEAR_MISSING, plan_import
from edubureau.plans.services.notices import NOTICE_DUE_IN_PAST
from edubureau.plans.services.progress import (
    REPORT_DONE_NOT_100, REVIEW_RETURN_NEEDS_REASON, report_submit,
)
from edubureau.plans.services.publishing import PLAN_NOT_DRAFT, plan_publish
from edubureau.plans.views.tracking import XLSX

PLAN_TEXT = """市教育局2024年工作要点
一、坚持党的领导
1.深化党的创新理论武装。党员教师比例达到专任教师总数的60%。（责任科室：基础教育科）
2.推进学区教研。落实《潜江市教研工作规程》。
二、办好人民满意的教育
3.办好特殊教育。支持特殊教育学校发展。
"""
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def staff(client_as):
    """A 基础教育科 staff member: manages plans, reports for and reviews as 基础教育科."""
    return client_as("section_staff")


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def docx_bytes(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _draft(world) -> WorkPlan:
    return plan_import(source=PLAN_TEXT, filename="要点.txt", owner=world.units["C"], imported_by=world.users["sysadmin"])


# ---- upload ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("upload", "filename"), [
    (lambda: SimpleUploadedFile("要点.txt", PLAN_TEXT.encode("utf-8")), "要点.txt"),
    (lambda: SimpleUploadedFile("要点-GBK.txt", PLAN_TEXT.encode("gbk")), "要点-GBK.txt"),
    (lambda: SimpleUploadedFile("要点.docx", docx_bytes(PLAN_TEXT.splitlines()), content_type=DOCX), "要点.docx"),
    (None, "粘贴文本"),
])
def test_upload_stores_a_draft_and_opens_its_review(world, staff, upload, filename):
    # when
    data = {"file": upload()} if upload else {"text": PLAN_TEXT}
    response = staff.post(reverse("plans:upload"), data)
    # then
    plan = WorkPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:review", args=[plan.pk])
    assert messages_of(response) == ["已识别 2 个部分,请核对后发布。"]
    assert (plan.title, plan.status, plan.source_filename, plan.owner, plan.imported_by) == (
        "市教育局2024年工作要点", "draft", filename, world.units["C"], world.users["section_staff"],
    )
    assert list(PlanItem.objects.filter(section__plan=plan).values_list("number", "title")) == [
        ("1", "深化党的创新理论武装"), ("2", "推进学区教研"), ("3", "办好特殊教育"),
    ]


@pytest.mark.parametrize(("data", "message"), [
    (lambda: {"file": SimpleUploadedFile("空白.txt", b"")}, EMPTY_FILE),
    (lambda: {"file": SimpleUploadedFile("空白.txt", "  \n \n".encode())}, EMPTY_FILE),
    (lambda: {"file": SimpleUploadedFile("会议通知.txt", "关于召开全市教育工作会议的通知\n请各单位准时参加。\n".encode())},
     NO_STRUCTURE),
    (lambda: {"file": SimpleUploadedFile("照片.txt", bytes(range(256)) * 4)}, UNDECODABLE),
    (lambda: {"file": SimpleUploadedFile("会议纪要.docx", docx_bytes(["会议纪要", "会议听取了工作汇报。"]))}, NO_STRUCTURE),
    (lambda: {"text": PLAN_TEXT.replace("2024年", "")}, PLAN_YEAR_MISSING),
    (lambda: {"text": "  "}, UPLOAD_NOTHING),
    (lambda: {"text": PLAN_TEXT, "file": SimpleUploadedFile("要点.txt", PLAN_TEXT.encode())}, UPLOAD_BOTH),
])
def test_upload_shows_why_nothing_was_stored(world, staff, data, message):
    # when
    response = staff.post(reverse("plans:upload"), data())
    # then
    assert response.status_code == 200
    assert f'<div class="error" role="alert">{message}</div>' in response.content.decode()
    assert WorkPlan.objects.count() == 0


# ---- review and corrections ------------------------------------------------------------------

def test_review_highlights_targets_and_mentions_in_the_source(world, staff):
    plan = _draft(world)
    response = staff.get(reverse("plans:review", args=[plan.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<span class="hl hl-target">达到专任教师总数的60%</span>' in body
    assert '<span class="hl hl-document">《潜江市教研工作规程》</span>' in body
    assert "确认无误,发布" in body
    # the source is shown verbatim around the highlights
    assert "1.深化党的创新理论武装。党员教师比例" in body


def test_item_correction_saves_and_returns_to_the_item(world, staff):
    plan = _draft(world)
    item = PlanItem.objects.get(section__plan=plan, number="3")
    response = staff.post(reverse("plans:item_correct", args=[item.pk]), {"number": "3", "title": "办好特殊教育和专门教育"})
    assert response["Location"] == f"{reverse('plans:review', args=[plan.pk])}#item-{item.pk}"
    assert messages_of(response) == ["已保存修改"]
    item.refresh_from_db()
    assert item.title == "办好特殊教育和专门教育"


def test_item_correction_needs_a_title(world, staff):
    plan = _draft(world)
    item = PlanItem.objects.get(section__plan=plan, number="3")
    response = staff.post(reverse("plans:item_correct", args=[item.pk]), {"number": "3", "title": ""})
    assert messages_of(response) == ["重点任务名称不能为空"]
    item.refresh_from_db()
    assert item.title == "办好特殊教育"


def test_a_published_plan_is_not_corrected(world, staff):
    plan = plan_publish(plan=_draft(world), published_by=world.users["sysadmin"])
    item = PlanItem.objects.get(section__plan=plan, number="3")
    response = staff.post(reverse("plans:item_correct", args=[item.pk]), {"number": "3", "title": "改名"})
    assert messages_of(response) == [PLAN_NOT_DRAFT]
    item.refresh_from_db()
    assert item.title == "办好特殊教育"
    body = staff.get(reverse("plans:review", args=[plan.pk])).content.decode()
    assert "确认无误,发布" not in body and 'name="title"' not in body


def test_publish_opens_the_dashboard(world, staff):
    plan = _draft(world)
    response = staff.post(reverse("plans:publish", args=[plan.pk]))
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert messages_of(response) == ["工作要点已发布,请为各项任务分解责任单位。"]
    assert Task.objects.filter(item__section__plan=plan).count() == 3


# ---- breakdown editor --------------------------------------------------------------------------

def _formset(rows: list[dict], initial: int = 1) -> dict:
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"form-{i}-{key}": value for key, value in row.items()})
    return data


def test_breakdown_editor_shows_the_current_units(world, plan_world, staff):
    item = plan_world.items["I1"]
    response = staff.get(reverse("plans:breakdown_edit", args=[item.pk]))
    form = response.context["formset"].forms[0]
    assert (form["lead_units"].value(), form["cooperating_units"].value()) == (
        [world.units["S1"].pk], [world.units["D1"].pk],
    )
    assert len(response.context["formset"].forms) == 2  # the task and a blank row to add one
    # Only units of the plan's city are offered, never a campus
    offered = {label for _, label in form.fields["lead_units"].choices}
    assert offered == {"基础教育科", "浩口镇学区", "熊口镇学区", "浩口镇中心小学", "浩口初级中学", "熊口镇中心小学",
                       "潜江市特殊教育学校"}


def test_breakdown_editor_saves_units_deadline_and_milestones(world, plan_world, staff):
    item = plan_world.items["I1"]
    u = world.units
    data = _formset([
        {"measure": "开展专题学习", "target": "全年12次", "deadline": "2024-06-30", "lead_units": [u["S1"].pk],
         "cooperating_units": [u["D1"].pk, u["D2"].pk], "milestones": "制定方案,2024-03-31\n完成培训，2024-05-31"},
        {"measure": "", "target": "", "milestones": ""},  # the blank row is ignored
    ])
    response = staff.post(reverse("plans:breakdown_edit", args=[item.pk]), data)
    assert response["Location"] == reverse("plans:item_detail", args=[item.pk])
    assert messages_of(response) == ["任务分解已保存"]
    [task] = item.tasks.all()
    assert task.pk == plan_world.tasks["I1"].pk  # kept, with its reports
    assert (task.measure, task.target, task.deadline) == ("开展专题学习", "全年12次", datetime.date(2024, 6, 30))
    assert sorted((tu.org_unit.name, tu.role) for tu in task.task_units.all()) == [
        ("基础教育科", TaskUnitRole.LEAD), ("浩口镇学区", TaskUnitRole.COOPERATE), ("熊口镇学区", TaskUnitRole.COOPERATE),
    ]
    assert list(task.milestones.values_list("title", "due_on")) == [
        ("制定方案", datetime.date(2024, 3, 31)), ("完成培训", datetime.date(2024, 5, 31)),
    ]


@pytest.mark.parametrize(("row", "error"), [
    ({"measure": "开展专题学习"}, BREAKDOWN_LEAD_REQUIRED),
    ({"lead_units": ["S1"], "milestones": "制定方案 2024-03-31"}, "时间节点:" + MILESTONE_LINE_INVALID.format(n=1)),
])
def test_breakdown_editor_errors_save_nothing(world, plan_world, staff, row, error):
    item = plan_world.items["I1"]
    row = {key: [world.units[k].pk for k in value] if key == "lead_units" else value for key, value in row.items()}
    def state():
        units = TaskUnit.objects.values_list("task", "org_unit", "role")
        return list(Task.objects.values_list("pk", "measure")), list(units)

    before = state()
    response = staff.post(reverse("plans:breakdown_edit", args=[item.pk]), _formset([row]))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert state() == before


# ---- 任务分解表 download and upload ------------------------------------------------------------

def test_breakdown_download_is_an_excel_file_named_after_the_plan(world, plan_world, staff):
    plan = plan_world.plans["P24"]
    response = staff.get(reverse("plans:breakdown_download", args=[plan.pk]))
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f"attachment; filename*=UTF-8''{quote('2024年教育工作要点任务分解表.xlsx')}"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "2024年教育工作要点任务分解表"
    assert tuple(rows[1]) == HEADERS
    assert [(r[0], r[1], r[3], r[4]) for r in rows[2:]] == [
        (1, "深化党的创新理论武装", "基础教育科", "浩口镇学区"),
        (2, "推进熊口片区教研协作", "基础教育科", "熊口镇中心小学"),
        (3, "办好特殊教育", "潜江市特殊教育学校", None),
        (4, "建设智慧校园示范校", "基础教育科", "浩口镇中心小学"),
    ]


def test_breakdown_download_lists_only_the_items_a_district_shares_in(plan_world, client_as):
    response = client_as("district_admin").get(reverse("plans:breakdown_download", args=[plan_world.plans["P24"].pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["深化党的创新理论武装", "建设智慧校园示范校"]


def _downloaded(staff, plan) -> openpyxl.Workbook:
    response = staff.get(reverse("plans:breakdown_download", args=[plan.pk]))
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _upload(staff, plan, workbook_or_bytes, name="任务分解表.xlsx"):
    if isinstance(workbook_or_bytes, bytes):
        data = workbook_or_bytes
    else:
        out = io.BytesIO()
        workbook_or_bytes.save(out)
        data = out.getvalue()
    return staff.post(reverse("plans:breakdown_upload", args=[plan.pk]), {"file": SimpleUploadedFile(name, data)})


def test_breakdown_upload_lists_every_bad_row_and_writes_nothing(world, plan_world, staff):
    plan = plan_world.plans["P24"]
    workbook = _downloaded(staff, plan)
    sheet = workbook.active
    sheet["D3"] = "宣传科"  # no such unit
    sheet["F5"] = "明年某天"  # not a date
    before = list(Task.objects.values_list("pk", "measure", "deadline"))
    # when
    response = _upload(staff, plan, workbook)
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert BREAKDOWN_IMPORT_INVALID.format(count=2) in body
    assert [(e.row, e.column, e.value, e.reason) for e in response.context["errors"]] == [
        (3, "牵头单位", "宣传科", BREAKDOWN_IMPORT_UNIT_UNKNOWN.format(name="宣传科")),
        (5, "完成时限", "明年某天", BREAKDOWN_IMPORT_BAD_DATE.format(year=2024)),
    ]
    assert "<td>3</td><td>牵头单位</td><td>宣传科</td>" in body
    assert list(Task.objects.values_list("pk", "measure", "deadline")) == before


def test_breakdown_upload_of_a_file_that_is_no_spreadsheet(plan_world, staff):
    plan = plan_world.plans["P24"]
    response = _upload(staff, plan, "不是表格".encode(), name="说明.txt")
    assert response.status_code == 200
    assert BREAKDOWN_FILE_NOT_SPREADSHEET.format(filename="说明.txt") in response.content.decode()


def test_breakdown_upload_writes_the_changed_rows(world, plan_world, staff):
    plan = plan_world.plans["P24"]
    workbook = _downloaded(staff, plan)
    workbook.active["C6"] = "建成示范校10所"  # item 4's measure
    response = _upload(staff, plan, workbook)
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert messages_of(response) == ["任务分解表已导入"]
    assert plan_world.items["I4"].tasks.get().measure == "建成示范校10所"


# ---- bulletin ----------------------------------------------------------------------------------

def test_bulletin_download_opens_in_word(plan_world, client_as):
    plan = plan_world.plans["P24"]
    form = {"month": "2024-05", "doc_number": "潜教通〔2024〕5号", "issued_on": "2024-06-03"}
    response = client_as("leader").post(reverse("plans:bulletin", args=[plan.pk]), form)
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{quote('2024年5月工作要点落实情况通报.docx')}"
    texts = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert "关于2024年5月《2024年教育工作要点》落实情况的通报" in texts
    assert "潜教通〔2024〕5号" in texts
    assert "2024年6月3日" in texts


def test_bulletin_form_defaults_and_errors(plan_world, client_as):
    plan = plan_world.plans["P24"]
    leader = client_as("leader")
    response = leader.get(reverse("plans:bulletin", args=[plan.pk]))
    initial = response.context["form"].initial
    assert (initial["month"], initial["doc_number"]) == ("2024-05", "潜教通〔2024〕号")  # the latest reported month
    response = leader.post(reverse("plans:bulletin", args=[plan.pk]), {"month": "五月", "doc_number": "x",
                                                                       "issued_on": "2024-06-03"})
    assert response.status_code == 200
    assert f'<div class="error">{MONTH_INVALID}</div>' in response.content.decode()


# ---- reporting and review ----------------------------------------------------------------------

def _report_url(plan_world, world, task, unit, month="2024-06"):
    return reverse("plans:report_form", args=[plan_world.tasks[task].pk, world.units[unit].pk]) + f"?month={month}"


def test_report_form_submits_a_report_with_evidence(world, plan_world, client_as):
    url = _report_url(plan_world, world, "I1", "D1")
    response = client_as("district_admin").post(url, {
        "status": "in_progress", "percent": "50", "narrative": "已完成片区调研", "evidence": [
            SimpleUploadedFile("调研报告.docx", b"PK\x03\x04"), SimpleUploadedFile("照片.jpg", b"\xff\xd8")],
    })
    plan = plan_world.plans["P24"]
    assert response["Location"] == reverse("plans:report_inbox", args=[plan.pk]) + "?month=2024-06"
    assert messages_of(response) == ["浩口镇学区 2024年06月 的进展已报送,等待牵头单位审核"]
    report = ProgressReport.objects.get(task=plan_world.tasks["I1"], org_unit=world.units["D1"],
                                        month=datetime.date(2024, 6, 1))
    assert (report.status, report.percent, report.narrative, report.review_status, report.submitted_by) == (
        ProgressStatus.IN_PROGRESS, 50, "已完成片区调研", ReviewStatus.SUBMITTED, world.users["district_admin"],
    )
    assert sorted(report.evidence.values_list("name", flat=True)) == ["照片.jpg", "调研报告.docx"]


def test_report_form_shows_a_service_error_and_saves_nothing(world, plan_world, client_as):
    count = ProgressReport.objects.count()
    response = client_as("district_admin").post(_report_url(plan_world, world, "I1", "D1"),
                                                {"status": "done", "percent": "90", "narrative": "基本完成"})
    assert response.status_code == 200
    assert f'<div class="error" role="alert">{REPORT_DONE_NOT_100}</div>' in response.content.decode()
    assert ProgressReport.objects.count() == count


def test_an_approved_report_is_shown_locked(world, plan_world, client_as):
    response = client_as("section_staff").get(_report_url(plan_world, world, "I1", "S1", "2024-05"))
    body = response.content.decode()
    assert "本月进展已审核通过,不能再修改。" in body
    assert "提交报送" not in body


def test_report_inbox_lists_the_users_task_units_with_this_months_report(world, plan_world, client_as):
    response = client_as("district_admin").get(reverse("plans:report_inbox", args=[plan_world.plans["P24"].pk]))
    assert response.context["month"] == datetime.date(2024, 5, 1)  # the latest reported month
    rows = [(pair.task.item.title, pair.org_unit.name, report and report.review_status)
            for pair, report in response.context["rows"]]
    assert rows == [("深化党的创新理论武装", "浩口镇学区", ReviewStatus.SUBMITTED), ("建设智慧校园示范校", "浩口镇中心小学", ReviewStatus.SUBMITTED)]


def test_review_approve(plan_world, staff):
    report = plan_world.reports["R1"]
    response = staff.post(reverse("plans:report_review", args=[report.pk]), {"decision": "approve", "comment": "同意"})
    assert response["Location"] == reverse("plans:review_queue", args=[plan_world.plans["P24"].pk])
    assert messages_of(response) == ["已通过浩口镇学区的报送"]
    report.refresh_from_db()
    assert (report.review_status, report.review_comment) == (ReviewStatus.APPROVED, "同意")


def test_review_return(plan_world, staff):
    report = plan_world.reports["R1"]
    response = staff.post(reverse("plans:report_review", args=[report.pk]), {"decision": "return", "comment": "请补充佐证"})
    assert messages_of(response) == ["已退回浩口镇学区的报送"]
    report.refresh_from_db()
    assert (report.review_status, report.review_comment) == (ReviewStatus.RETURNED, "请补充佐证")


@pytest.mark.parametrize(("data", "message"), [
    ({"decision": "return", "comment": " "}, REVIEW_RETURN_NEEDS_REASON),
    ({"decision": "maybe"}, "请选择“通过”或“退回”"),
])
def test_review_refusals_change_nothing(plan_world, staff, data, message):
    report = plan_world.reports["R1"]
    response = staff.post(reverse("plans:report_review", args=[report.pk]), data)
    assert messages_of(response) == [message]
    report.refresh_from_db()
    assert report.review_status == ReviewStatus.SUBMITTED


def test_review_queue_lists_pending_reports_of_tasks_the_user_leads(plan_world, staff):
    response = staff.get(reverse("plans:review_queue", args=[plan_world.plans["P24"].pk]))
    assert [r.pk for r in response.context["reports"]] == [plan_world.reports[k].pk for k in ("R1", "R3", "R5")]


# ---- notices -----------------------------------------------------------------------------------

def test_notice_create_and_reply(world, plan_world, staff, client_as):
    task = plan_world.tasks["I2"]
    due = timezone.localdate() + datetime.timedelta(days=3)
    response = staff.post(reverse("plans:notice_create", args=[task.pk]),
                          {"org_unit": world.units["B1"].pk, "reason": "未按时报送", "reply_due": due.isoformat()})
    notice = SupervisionNotice.objects.get(task=task)
    assert response["Location"] == reverse("plans:notice_list", args=[plan_world.plans["P24"].pk])
    assert messages_of(response) == [f"已向熊口镇中心小学下发督办单 {notice.number}"]
    response = client_as("sysadmin").post(reverse("plans:notice_detail", args=[notice.pk]), {"reply": "已补报"})
    notice.refresh_from_db()
    assert (notice.status, notice.reply) == ("replied", "已补报")


def test_notice_create_shows_a_service_error(world, plan_world, staff):
    task = plan_world.tasks["I2"]
    past = timezone.localdate() - datetime.timedelta(days=1)
    response = staff.post(reverse("plans:notice_create", args=[task.pk]),
                          {"org_unit": world.units["B1"].pk, "reason": "未按时报送", "reply_due": past.isoformat()})
    assert f'<div class="error" role="alert">{NOTICE_DUE_IN_PAST}</div>' in response.content.decode()
    assert not SupervisionNotice.objects.filter(task=task).exists()


# ---- query counts ------------------------------------------------------------------------------

def _plan_with_items(world, count: int, year: int = 2024) -> WorkPlan:
    """A published plan of `count` items, each broken down (S1 leads, D1 cooperates) with a milestone and
    a May report from each unit. (Plans of one year supersede each other: give each its own year.)"""
    lines = [f"市教育局{year}年工作要点", "一、推进重点工作"] + [f"{n}.推进第{n}项重点工作。达到专任教师总数的60%。" for n in
                                                            range(1, count + 1)]
    sysadmin = world.users["sysadmin"]
    plan = plan_import(source="\n".join(lines), filename="要点.txt", owner=world.units["C"], imported_by=sysadmin)
    plan_publish(plan=plan, published_by=sysadmin)
    for item in PlanItem.objects.filter(section__plan=plan).select_related("section__plan__owner"):
        [task] = item_breakdown_save(item=item, saved_by=sysadmin, rows=[TaskInput(
            lead_units=[world.units["S1"]], cooperating_units=[world.units["D1"]],
            milestones=[("制定方案", datetime.date(year, 4, 30))])])
        for unit in ("S1", "D1"):
            report_submit(task=task, org_unit=world.units[unit], month=datetime.date(year, 5, 1),
                          status=ProgressStatus.IN_PROGRESS, percent=50, narrative="按计划推进", submitted_by=sysadmin)
    return plan


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(("name", "role"), [
    ("plans:detail", "sysadmin"), ("plans:detail", "district_admin"),
    ("plans:report_inbox", "sysadmin"), ("plans:report_inbox", "district_admin"),
])
def test_query_counts_do_not_grow_with_items(world, client_as, name, role):
    client = client_as(role)
    small, large = _plan_with_items(world, 2, 2023), _plan_with_items(world, 6, 2024)
    assert _queries(client, reverse(name, args=[small.pk])) == _queries(client, reverse(name, args=[large.pk]))


@pytest.mark.parametrize(("name", "limit"), [("plans:detail", 19), ("plans:report_inbox", 13)])
def test_query_counts_are_pinned(world, client_as, django_assert_max_num_queries, name, limit):
    """The dashboard: session, user, scope, drafts filter, plan, items with 5 prefetches, latest month,
    lights (reports, milestones), reported pairs, manager check, session save (3). The inbox: session,
    user, scope, drafts filter, plan, latest month, capture scope, pairs, reports, session save (3)."""
    client = client_as("sysadmin")
    plan = _plan_with_items(world, 6)
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(name, args=[plan.pk])).status_code == 200


@pytest.mark.parametrize(
    ("role", "bulletin", "source"),
    [("section_staff", True, True), ("sysadmin", True, True), ("leader", True, False),
     ("district_admin", False, False), ("school_admin", False, False)],
)
def test_plan_nav_shows_only_the_links_the_user_may_follow(plan_world, client_as, role, bulletin, source):
    plan = plan_world.plans["P24"]
    body = client_as(role).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert (reverse("plans:bulletin", args=[plan.pk]) in body) is bulletin
    assert (reverse("plans:review", args=[plan.pk]) in body) is source


def test_breakdown_editor_sets_and_keeps_the_task_owner(world, plan_world, staff):
    item = plan_world.items["I1"]
    u = world.users
    response = staff.get(reverse("plans:breakdown_edit", args=[item.pk]))
    offered = {pk for pk, _ in response.context["formset"].forms[0].fields["owner"].choices if pk}
    # people who enter data in city C: never the leader, the inspector or another city's users
    assert offered == {u[k].pk for k in ("sysadmin", "section_staff", "district_admin", "school_admin")}
    row = {"measure": "开展专题学习", "lead_units": [world.units["S1"].pk], "owner": u["district_admin"].pk}
    staff.post(reverse("plans:breakdown_edit", args=[item.pk]), _formset([row]))
    assert item.tasks.get().owner == u["district_admin"]
    page = staff.get(reverse("plans:item_detail", args=[item.pk])).content.decode()
    assert str(u["district_admin"]) in page


def test_dashboard_lists_each_unit_of_an_item_once(world, plan_world, staff):
    # given an item split into two tasks that share their lead and a cooperating unit
    item = plan_world.items["I1"]
    s1, d1, d2 = world.units["S1"], world.units["D1"], world.units["D2"]
    rows = [TaskInput(measure="一", lead_units=[s1], cooperating_units=[d1], deadline=datetime.date(2024, 6, 30)),
            TaskInput(measure="二", lead_units=[s1], cooperating_units=[d1, d2], deadline=datetime.date(2024, 12, 31))]
    item_breakdown_save(item=item, rows=rows, saved_by=world.users["sysadmin"])
    # when
    response = staff.get(reverse("plans:detail", args=[item.section.plan_id]))
    # then
    [row] = [r for r in response.context["rows"] if r[0].pk == item.pk]
    assert row[2:] == (["基础教育科"], ["浩口镇学区", "熊口镇学区"],
                       [datetime.date(2024, 6, 30), datetime.date(2024, 12, 31)])
