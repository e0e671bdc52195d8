"""Browser test: a school admin uses the site in real headless Chromium (Playwright, local browser only).

Signs in through the Chinese login form, sees only their own school, gets 404 for another
school's page, and the browser never contacts another origin (no CDN, intranet-safe).
"""
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect, sync_playwright

from edubureau.accounts.tests.factories import DEFAULT_PASSWORD
from tests.plumbing import CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(world, chromium_path, live_server, monkeypatch):
    """A Chromium page over the test world; `page.requested_urls` lists every URL it requested.

    The world is built before Playwright starts: while its event loop runs in this thread,
    Django hands out a separate, never-closed database connection (asgiref's async-aware
    locals), which would block dropping the PostgreSQL test database.
    """
    # Playwright's sync API runs an event loop in this thread; Django would refuse ORM calls here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="zh-CN")
        page.requested_urls = []
        page.on("request", lambda request: page.requested_urls.append(request.url))
        yield page
        browser.close()


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/")
    assert urlsplit(page.url).path == "/accounts/login/"
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base_url}/")


def test_school_admin_sees_only_their_school(browser_page, live_server, world):
    page, base = browser_page, live_server.url
    own, other = world.units["A1"], world.units["B1"]

    log_in(page, base, "school_admin")
    expect(page.locator("main")).to_contain_text(own.name)

    page.get_by_role("link", name="学校", exact=True).click()
    page.wait_for_url(f"{base}/orgs/schools/")
    assert page.locator("table tbody td:first-child a").all_inner_texts() == [own.name]

    with page.expect_response(f"{base}/orgs/schools/{own.pk}/") as own_page:
        page.get_by_role("link", name=own.name).click()
    assert own_page.value.status == 200
    expect(page.locator("h1")).to_contain_text(own.name)

    response = page.goto(f"{base}/orgs/schools/{other.pk}/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("页面不存在")
    assert other.name not in page.content()

    assert {urlsplit(url).netloc for url in page.requested_urls} == {urlsplit(base).netloc}
