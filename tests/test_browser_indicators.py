"""Browser test: the indicator dashboard draws its charts, and a leader drills from the city's figure
down to the classes behind it, in real headless Chromium.

The world's schools get classes (浩口镇中心小学: two 一年级 classes of 51 and 50 pupils; 浩口初级中学
and 熊口镇中心小学 one small class each) and the engine computes 起始年级班额超过50人的班级占比 from them.
The leader opens 指标 from the menu, sees every sparkline drawn (a canvas with painted pixels) under the
site's Content-Security-Policy, opens the indicator, then 浩口镇学区, then 浩口镇中心小学, and follows
the link to its classes over 50: the class list shows the 51-pupil class only. Every step is a click.
"""
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

from edubureau.accounts.tests.factories import DEFAULT_PASSWORD
from edubureau.indicators.services import compute_indicators
from edubureau.registry.choices import Grade
from edubureau.registry.tests.factories import ClassGroupFactory, StudentFactory
from tests.plumbing import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

PERIOD = "2024-2025"
INDICATOR = "起始年级班额超过50人的班级占比"
# Counts the pixels a chart painted (alpha > 0) in the first canvas under `selector`.
PAINTED = """(selector) => {
  const canvas = document.querySelector(selector + " canvas");
  if (!canvas || !canvas.width || !canvas.height) { return 0; }
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i]) { painted += 1; } }
  return painted;
}"""


def class_of(school, name: str, grade: int, size: int) -> None:
    group = ClassGroupFactory(school=school, school_year=PERIOD, grade=grade, name=name)
    StudentFactory.create_batch(size, class_group=group)


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def console_error(message) -> bool:
    """An error in the console, other than the browser's own request for /favicon.ico (there is none)."""
    return message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")


def painted(page, selector: str) -> int:
    return page.evaluate(PAINTED, selector)


def walk(page, base: str, world) -> None:
    log_in(page, base, "leader")
    page.get_by_role("link", name="指标", exact=True).click()
    page.wait_for_url(f"{base}/indicators/")
    expect(page.locator("h1")).to_contain_text(f"{world.name('C')} · {PERIOD}学年")
    sparklines = page.locator(".sparkline")
    expect(sparklines.first.locator("canvas")).to_have_count(1)
    assert sparklines.count() == page.locator(".sparkline canvas").count() > 0
    row = page.locator("tr", has=page.get_by_role("link", name=INDICATOR, exact=True))
    expect(row.locator("td").nth(1)).to_have_text("25%")  # 1 of the 4 starting-grade classes
    expect(row.locator("td").nth(3)).to_have_text("未达标")
    assert painted(page, '.sparkline[data-chart="starting_grade_over_50"]') > 20

    # the city → 浩口镇学区 → 浩口镇中心小学, each figure a link one level down
    row.get_by_role("link", name=INDICATOR).click()
    page.wait_for_url(f"{base}/indicators/starting_grade_over_50/?*")
    expect(page.locator("strong.figure")).to_have_text("25%")
    expect(page.locator("#children-table tbody tr td:first-child")).to_have_text(
        [world.name("D1"), world.name("D2")])
    expect(page.locator("#children-chart canvas")).to_have_count(1)
    assert painted(page, "#children-chart") > 100 and painted(page, "#trend-chart") > 100
    page.locator("#children-chart").hover()  # a tooltip, drawn on the canvas (no inline style to refuse)
    page.locator("#children-table").get_by_role("link", name=world.name("D1")).click()
    page.wait_for_url(f"{base}/indicators/starting_grade_over_50/?unit={world.units['D1'].pk}*")
    expect(page.locator("strong.figure")).to_have_text("33.33%")
    expect(page.locator("#children-table tbody tr td:first-child")).to_have_text(
        [world.name("A1"), world.name("A2")])
    page.locator("#children-table").get_by_role("link", name=world.name("A1")).click()
    page.wait_for_url(f"{base}/indicators/starting_grade_over_50/?unit={world.units['A1'].pk}*")
    expect(page.locator("strong.figure")).to_have_text("50%")
    expect(page.locator(".facts")).to_contain_text("第 3 / 3 名")

    # … and from the school's figure to the classes behind it
    page.get_by_role("link", name="一年级班额超过50人的班级").click()
    page.wait_for_url(f"{base}/registry/classes/?*size_band=over_50*")
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody tr td").nth(0)).to_have_text("一年级大1班")
    expect(page.locator("table tbody tr td").nth(4)).to_have_text("51")


def test_dashboard_charts_and_drill_down_to_the_classes(world, chromium_path, live_server, monkeypatch):
    """The world and its values are built before Playwright starts (see tests/test_browser.py)."""
    a1, a2, b1 = world.units["A1"], world.units["A2"], world.units["B1"]
    class_of(a1, "大1班", Grade.G1, 51)
    class_of(a1, "小2班", Grade.G1, 50)
    class_of(a2, "3班", Grade.G7, 8)
    class_of(b1, "4班", Grade.G1, 6)
    compute_indicators(period=PERIOD, codes=["starting_grade_over_50"])

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base, requested, problems = live_server.url, [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page.on("request", lambda request: requested.append(request.url))
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda message: problems.append(message.text) if console_error(message) else None)
        try:
            walk(page, base, world)
        finally:
            browser.close()

    assert problems == []  # no script error, and no Content-Security-Policy refusal (Chromium logs those)
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(base).netloc}
    assert f"{base}/static/vendor/echarts/echarts.min.js" in requested
