"""Browser tests: a school admin imports a 学生名册 and watches it run, in real headless Chromium.

The import runs as in production: the upload queues a django_tasks_db task, and a db_worker
(`django_tasks_db`'s Worker, in a thread of the test process, so it shares the locmem
"progress" cache with the live server) runs it while the job page polls imports:progress.

- 100,000 students on PostgreSQL: the progress bar moves through the phases, then the page
  reloads to 导入完成 with 新增 100000 and the registry holds every student.
- 2,000 students, one with a wrong check digit (SQLite or PostgreSQL): the page lists the error
  with its row, column, value and reason and links the error workbook; nothing is written.

The world and the file are built before Playwright starts and the database is read only after
it stops: while its event loop runs in this thread, Django would hand out a separate, never-closed
connection (asgiref's async-aware locals) that blocks dropping the PostgreSQL test database.
"""
import datetime
import io
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest
from django.db import connections
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from edubureau.accounts.tests.factories import DEFAULT_PASSWORD
from edubureau.core.idnumbers import ID_CHECKSUM, build_id_number
from edubureau.imports.models import ImportJob, ImportStatus
from edubureau.registry.models import ClassGroup, Student
from tests.plumbing import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

HEADER = ["学籍号", "身份证号", "姓名", "性别", "出生日期", "民族", "年级", "班级", "入学日期"]
FIRST_DATA_ROW = 3  # row 1 is the title, row 2 the header
CLASSES = 10
JOB_URL = re.compile(r"/imports/(\d+)/$")
PROGRESS_JS = """() => {
    const bar = document.getElementById("import-progress-bar");
    const text = document.getElementById("import-progress-text");
    return bar ? [bar.value, text ? text.textContent : ""] : null;
}"""


# ---- the worker -------------------------------------------------------------------------------------------

class WorkerThread(threading.Thread):
    """django_tasks_db's db_worker loop in a thread, on the live server's database connections."""

    def __init__(self):
        super().__init__(name="db-worker", daemon=True)
        self.worker = Worker(queue_names=["default"], interval=0.1, batch=False, backend_name="default",
                             startup_delay=False, max_tasks=None, worker_id="browser-test-worker",
                             excluded_queue_names=[])
        # An in-memory SQLite test database exists only on the test's own connection (the live
        # server shares it the same way); PostgreSQL gets a connection of its own.
        self.shared = {conn.alias: conn for conn in connections.all()
                       if conn.vendor == "sqlite" and conn.is_in_memory_db()}
        self.error: BaseException | None = None

    def run(self) -> None:
        for alias, conn in self.shared.items():
            connections[alias] = conn
        try:
            self.worker.run()
        except BaseException as error:  # noqa: BLE001 - reported by the fixture
            self.error = error
        finally:
            if not self.shared:
                connections.close_all()

    def start(self) -> None:
        for conn in self.shared.values():
            conn.inc_thread_sharing()
        super().start()

    def stop(self) -> None:
        """Let the running task finish (the job's page may show it done before the task's row says so)."""
        if self.worker.running:
            self.worker.running = False
            self.join(timeout=60)
            for conn in self.shared.values():
                conn.dec_thread_sharing()


@pytest.fixture
def db_worker(settings, transactional_db, live_server):
    """Queued tasks go to the database and a worker runs them, as under `manage.py db_worker`.

    django_tasks keeps its backends in `task_backends`, built once per thread from settings.TASKS;
    its setting_changed receiver (django_tasks.signals.clear_tasks_handlers) rebuilds that registry
    when the settings fixture changes TASKS, and again when the fixture restores it.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert isinstance(task_backends["default"], DatabaseBackend)
    thread = WorkerThread()
    thread.start()
    yield thread
    thread.stop()
    assert not thread.is_alive(), "the db worker did not stop"
    if thread.error is not None:
        raise thread.error


def assert_run_by_the_worker(worker: WorkerThread, status: str) -> None:
    """The upload queued one import task in the database, and the worker ran it to `status` (a
    successful import also queues the indicators' recomputation, which is not looked at here)."""
    worker.stop()
    task = DBTaskResult.objects.get(task_path="edubureau.imports.tasks.run_import")
    assert (task.task_path, task.status, task.return_value, task.worker_ids) == (
        "edubureau.imports.tasks.run_import", "SUCCESSFUL", status, ["browser-test-worker"])


# ---- files ------------------------------------------------------------------------------------------------

def student_rows(count: int):
    """`count` valid students: distinct identity numbers (999 a birthday), G 学籍号, ten classes."""
    first_birthday = datetime.date(2014, 9, 1)
    for index in range(count):
        birth = first_birthday + datetime.timedelta(days=index // 999)
        sequence = index % 999 + 1
        number = build_id_number("429005", birth, sequence)
        yield [f"G{number}", number, f"学生{index}", "男" if sequence % 2 else "女", birth.isoformat(), "汉族",
               "三年级", f"{index % CLASSES + 1}班", "2021-09-01"]


def write_students(path: Path, rows) -> Path:
    """A 学生名册 as schools send it: a title row, the header, then one row a student (openpyxl write_only)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("学生名册")
    sheet.append(["学生名册"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


# ---- pages ------------------------------------------------------------------------------------------------

def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/")
    assert urlsplit(page.url).path == "/accounts/login/"
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def upload_students(page, base: str, school_name: str, path: Path) -> int:
    """Fill /imports/new/ as a user would and submit; returns the job's id from the page it lands on."""
    page.goto(f"{base}/imports/new/")
    page.get_by_label("数据类型").select_option(label="学生名册")
    page.get_by_label("学校", exact=True).select_option(label=school_name)
    page.locator("#id_file").set_input_files(path)
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_url(JOB_URL, timeout=120_000)
    return int(JOB_URL.search(urlsplit(page.url).path).group(1))


def sample_progress(page, timeout: float) -> list[tuple[float, float, str]]:
    """(seconds, bar value, text) every ~100 ms while the page shows the progress bar.

    Ends when the bar is gone: the script reloaded the page once the job finished.
    """
    samples, start = [], time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            state = page.evaluate(PROGRESS_JS)
        except PlaywrightError:  # the page is reloading
            state = ()
        if state is None:
            return samples
        if state:
            value, text = state
            if not samples or samples[-1][1:] != (value, text):
                samples.append((round(time.monotonic() - start, 1), value, text))
        page.wait_for_timeout(100)
    pytest.fail(f"the job was still running after {timeout:.0f} s; progress seen: {samples[-5:]}")


def browse(chromium_path: str, walk) -> list[str]:
    """Run `walk(page)` in headless Chromium; returns the URLs the browser requested."""
    requested = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="zh-CN", accept_downloads=True)
        page.set_default_timeout(30_000)
        page.on("request", lambda request: requested.append(request.url))
        try:
            walk(page)
        finally:
            browser.close()
    return requested


# ---- tests ------------------------------------------------------------------------------------------------

@pytest.mark.postgres
def test_a_100000_student_import_shows_its_progress(chromium_path, world, db_worker, live_server, monkeypatch,
                                                    tmp_path):
    count, school = 100_000, world.units["A1"]
    started = time.monotonic()
    path = write_students(tmp_path / "学生名册.xlsx", student_rows(count))
    print(f"\nfile: {count} rows, {path.stat().st_size / 1e6:.1f} MB, built in {time.monotonic() - started:.1f} s")

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base, seen = live_server.url, {}

    def walk(page):
        log_in(page, base, "school_admin")
        clicked = time.monotonic()
        seen["job"] = upload_students(page, base, school.name, path)
        seen["uploaded"] = time.monotonic() - clicked
        seen["samples"] = sample_progress(page, timeout=300)
        expect(page.locator("#job-status")).to_have_text("导入完成", timeout=60_000)
        seen["finished"] = time.monotonic() - clicked
        counts = page.locator("ul.counts li")
        expect(counts).to_contain_text([f"数据行 {count}", f"新增 {count}", "更新 0", "未变化 0",
                                        f"新增班级 {CLASSES}"])
        expect(page.locator("#import-progress-bar")).to_have_count(0)

    requested = browse(chromium_path, walk)

    samples = seen["samples"]
    print(f"upload and first page: {seen['uploaded']:.1f} s; result page after {seen['finished']:.1f} s")
    for second, value, text in samples:
        print(f"  {second:6.1f} s  {value:5.1f}  {text}")
    inside = [value for _, value, _ in samples if 0 < value < 100]
    assert inside == sorted(inside), f"the bar went backwards: {inside}"
    assert len(set(inside)) >= 3, f"the bar hardly moved: {inside}"
    texts = " ".join(text for _, _, text in samples)
    assert "正在读取并校验" in texts and "正在写入" in texts, texts

    assert {urlsplit(url).netloc for url in requested} == {urlsplit(base).netloc}
    job = ImportJob.objects.get(pk=seen["job"])
    assert (job.status, job.rows, job.created, job.updated, job.error_count) == (ImportStatus.DONE, count, count, 0, 0)
    assert (job.created_by, job.school) == (world.users["school_admin"], school)
    assert Student.objects.filter(school=school).count() == count
    assert ClassGroup.objects.filter(school=school).count() == CLASSES
    assert_run_by_the_worker(db_worker, "done")


def test_an_import_with_one_bad_identity_number_lists_it_and_writes_nothing(chromium_path, world, db_worker,
                                                                           live_server, monkeypatch, tmp_path):
    count, bad_index = 2_000, 1_234
    rows = list(student_rows(count))
    good = rows[bad_index][1]
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")  # a wrong check digit
    rows[bad_index][1] = bad
    path = write_students(tmp_path / "学生名册.xlsx", rows)
    bad_row = FIRST_DATA_ROW + bad_index

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base, seen = live_server.url, {}

    def walk(page):
        log_in(page, base, "school_admin")
        seen["job"] = upload_students(page, base, world.units["A1"].name, path)
        expect(page.locator("#job-status")).to_have_text("校验未通过,未写入", timeout=120_000)
        expect(page.get_by_role("heading", name="发现 1 处错误,本次没有写入任何数据")).to_be_visible()
        errors = page.locator("table tbody tr")
        expect(errors).to_have_count(1)
        expect(errors.locator("td")).to_have_text([str(bad_row), "身份证号", bad, ID_CHECKSUM])
        expect(page.locator("table thead th")).to_have_text(["行号", "列", "内容", "原因"])
        expect(page.locator("ul.counts")).to_have_count(0)

        link = page.get_by_role("link", name=re.compile("下载错误报告"))
        expect(link).to_have_attribute("href", f"/imports/{seen['job']}/errors.xlsx")
        with page.expect_download() as download:
            link.click()
        seen["download"] = (download.value.suggested_filename, Path(download.value.path()).read_bytes())

    requested = browse(chromium_path, walk)

    assert {urlsplit(url).netloc for url in requested} == {urlsplit(base).netloc}
    polls = sum(urlsplit(url).path == f"/imports/{seen['job']}/progress/" for url in requested)
    print(f"\nthe job's page polled its progress {polls} times before showing the errors")
    name, content = seen["download"]
    assert name == "学生名册_错误报告.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.cell(bad_row, 1).value == f"身份证号:{ID_CHECKSUM}"
    job = ImportJob.objects.get(pk=seen["job"])
    assert (job.status, job.rows, job.error_count, job.created) == (ImportStatus.INVALID, count, 1, 0)
    assert Student.objects.count() == 0 and ClassGroup.objects.count() == 0
    assert_run_by_the_worker(db_worker, "invalid")
