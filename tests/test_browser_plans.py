"""Browser test: a work plan from upload to an approved report, in real headless Chromium.

基础教育科's staff member uploads the plan text, checks the highlighted target on the review
page, publishes, and assigns item 1 to 基础教育科 (lead) and 浩口镇学区 (cooperating); the
district admin reports May's progress; the staff member approves it. Every page is reached
by clicking, as a user would, and the browser never leaves the live server.
"""
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

from edubureau.accounts.tests.factories import DEFAULT_PASSWORD
from edubureau.plans.models import ProgressReport, ProgressStatus, ReviewStatus, TaskUnitRole, WorkPlan
from tests.plumbing import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

PLAN_TEXT = """市教育局2024年工作要点
一、坚持党的领导
1.深化党的创新理论武装。党员教师比例达到专任教师总数的60%。（责任科室：基础教育科）
2.加强基层党组织建设。推进学校党组织标准化规范化建设。
二、办好人民满意的教育
3.办好特殊教育。支持特殊教育学校发展。
"""
ITEM = "深化党的创新理论武装"


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/")
    assert urlsplit(page.url).path == "/accounts/login/"
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def log_out(page, base: str) -> None:
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(f"{base}/accounts/login/")


def open_plan(page, base: str) -> None:
    page.get_by_role("link", name="工作要点", exact=True).click()
    page.wait_for_url(f"{base}/plans/")
    page.get_by_role("link", name="市教育局2024年工作要点").click()
    page.wait_for_url(f"{base}/plans/*/")


def walk(page, base: str, world) -> None:
    # 基础教育科 uploads the plan and checks the parse beside the source
    log_in(page, base, "section_staff")
    page.get_by_role("link", name="工作要点", exact=True).click()
    page.get_by_role("link", name="导入工作要点").click()
    page.wait_for_url(f"{base}/plans/upload/")
    page.locator("#id_file").set_input_files(
        {"name": "2024年工作要点.txt", "mimeType": "text/plain", "buffer": PLAN_TEXT.encode("utf-8")},
    )
    page.get_by_role("button", name="识别并预览").click()
    page.wait_for_url(f"{base}/plans/*/review/")
    expect(page.locator(".messages")).to_have_text("已识别 2 个部分,请核对后发布。")
    expect(page.locator("pre.source-text span.hl-target")).to_have_text(["达到专任教师总数的60%"])

    # publishes it and assigns item 1
    page.get_by_role("button", name="确认无误,发布").click()
    page.wait_for_url(f"{base}/plans/*/")
    expect(page.locator("h1")).to_contain_text("已发布")
    page.get_by_role("link", name=ITEM).click()
    page.wait_for_url(f"{base}/plans/items/*/?month=*")
    page.get_by_role("link", name="编辑").click()
    page.wait_for_url(f"{base}/plans/items/*/breakdown/")
    page.locator('select[name="form-0-lead_units"]').select_option(label=world.name("S1"))
    page.locator('select[name="form-0-cooperating_units"]').select_option(label=world.name("D1"))
    page.get_by_role("button", name="保存任务分解").click()
    page.wait_for_url(f"{base}/plans/items/*/")
    expect(page.locator(".messages")).to_have_text("任务分解已保存")
    row = page.locator("table tbody tr").first
    expect(row.locator("td").nth(2)).to_have_text(world.name("S1"))
    expect(row.locator("td").nth(3)).to_have_text(world.name("D1"))
    log_out(page, base)

    # 浩口镇学区 reports May's progress
    log_in(page, base, "district_admin")
    open_plan(page, base)
    page.get_by_role("link", name="进展报送").click()
    page.wait_for_url(f"{base}/plans/*/reports/")
    page.get_by_label("月份").select_option(label="2024年5月")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url(f"{base}/plans/*/reports/?month=2024-05")
    expect(page.locator("table tbody tr")).to_have_count(1)
    page.get_by_role("link", name="报送", exact=True).click()
    page.wait_for_url(f"{base}/plans/tasks/*/units/*/report/?month=2024-05")
    page.get_by_label("进展状态").select_option(label="推进中")
    page.get_by_label("完成百分比").fill("50")
    page.get_by_label("进展情况").fill("已召开党建工作推进会,完成专题学习两次。")
    page.get_by_role("button", name="提交报送").click()
    page.wait_for_url(f"{base}/plans/*/reports/?month=2024-05")
    expect(page.locator("table tbody tr").first).to_contain_text("推进中 50% · 待审核")
    log_out(page, base)

    # 基础教育科 leads item 1, so it reviews the report
    log_in(page, base, "section_staff")
    open_plan(page, base)
    page.get_by_role("link", name="审核", exact=True).click()
    page.wait_for_url(f"{base}/plans/*/reviews/")
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody tr")).to_contain_text(world.name("D1"))
    page.get_by_role("button", name="通过").click()
    page.wait_for_url(f"{base}/plans/*/reviews/")
    expect(page.locator(".messages")).to_have_text(f"已通过{world.name('D1')}的报送")
    expect(page.locator("table tbody")).to_have_text("没有待您审核的报送。")

    page.get_by_role("link", name="总览").click()
    page.get_by_role("link", name=ITEM).click()
    page.wait_for_url(f"{base}/plans/items/*/?month=2024-05")
    reports = page.locator("section", has=page.get_by_role("heading", name="进展报送")).locator("tbody tr")
    expect(reports).to_have_count(1)
    expect(reports.locator("td")).to_have_text(
        ["2024年5月", world.name("D1"), "推进中", "50", "已召开党建工作推进会,完成专题学习两次。", "已通过"],
    )


def test_plan_from_upload_to_approved_report(world, chromium_path, live_server, monkeypatch):
    """The world is built before Playwright starts, and the database is read only after it stops:
    while its event loop runs in this thread, Django would hand out a separate, never-closed
    connection (asgiref's async-aware locals) that blocks dropping the PostgreSQL test database.
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base, requested = live_server.url, []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="zh-CN")
        page.on("request", lambda request: requested.append(request.url))
        try:
            walk(page, base, world)
        finally:
            browser.close()

    assert {urlsplit(url).netloc for url in requested} == {urlsplit(base).netloc}
    plan = WorkPlan.objects.get()
    assert (plan.status, plan.source_filename, plan.imported_by, plan.published_by) == (
        "published", "2024年工作要点.txt", world.users["section_staff"], world.users["section_staff"],
    )
    task = plan.sections.get(number="一").items.get(number="1").tasks.get()
    assert sorted((tu.org_unit.name, tu.role) for tu in task.task_units.select_related("org_unit")) == [
        (world.name("S1"), TaskUnitRole.LEAD), (world.name("D1"), TaskUnitRole.COOPERATE),
    ]
    report = ProgressReport.objects.get()
    assert (report.task, report.org_unit, str(report.month), report.status, report.percent) == (
        task, world.units["D1"], "2024-05-01", ProgressStatus.IN_PROGRESS, 50,
    )
    assert (report.submitted_by, report.review_status, report.reviewed_by) == (
        world.users["district_admin"], ReviewStatus.APPROVED, world.users["section_staff"],
    )
