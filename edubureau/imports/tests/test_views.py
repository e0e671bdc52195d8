"""The import pages: upload, record, progress, errors, templates — and who may use them."""
import io

import openpyxl
import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edubureau.imports.forms import FILE_REQUIRED
from edubureau.imports.kinds import KINDS
from edubureau.imports.models import ImportJob, ImportStatus
from edubureau.imports.services import ProgressReporter, Upload, import_file
from edubureau.imports.tests.test_pipeline import STUDENT_HEADER, student_row
from edubureau.imports.tests.helpers import xlsx_bytes
from edubureau.registry.models import Student


def upload_file(*rows, name="学生名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(["学生名册"], STUDENT_HEADER, *rows))


def test_a_school_admin_imports_for_their_school_and_sees_the_result(world, client_as):
    client = client_as("school_admin")
    code = world.schools["A1"].school_code
    page = client.get(reverse("imports:new"))
    assert page.status_code == 200
    assert [c[0] for c in page.context["form"].fields["kind"].choices] == [
        "figures", "classes", "students", "teachers"]  # not the school list
    response = client.post(reverse("imports:new"), {
        "kind": "students", "school": world.units["A1"].pk, "school_year": "2024—2025学年",
        "file": upload_file(student_row("", 1), student_row(code, 2, name="李四")),
    })
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:detail", args=[job.pk])
    assert (job.status, job.created, job.school_year, job.school, job.created_by) == (
        ImportStatus.DONE, 2, "2024-2025", world.units["A1"], world.users["school_admin"])
    detail = client.get(response.url).content.decode()
    assert "导入完成" in detail and "新增 <strong>2</strong>" in detail and "新增班级 <strong>1</strong>" in detail
    assert client.get(reverse("imports:progress", args=[job.pk])).json() == {
        "phase": "done", "label": "导入完成", "percent": 100, "done": 2, "total": 2, "finished": True,
        "status": "done"}


def test_a_form_without_a_file_says_so_and_records_nothing(world, client_as):
    client = client_as("sysadmin")
    response = client.post(reverse("imports:new"), {"kind": "students", "school_year": "2024-2025"})
    assert response.status_code == 200
    assert FILE_REQUIRED in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_bad_school_year_is_explained(world, client_as):
    client = client_as("sysadmin")
    response = client.post(reverse("imports:new"), {"kind": "students", "school_year": "2024-2026",
                                                    "file": upload_file(student_row("", 1))})
    assert "学年应写作“2024-2025”" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_errors_are_listed_and_the_error_workbook_marks_them(world, client_as):
    client = client_as("school_admin")
    bad = student_row(world.schools["A1"].school_code, 1)
    bad[2] = bad[2][:-1] + ("0" if bad[2][-1] != "0" else "1")  # a wrong check digit
    client.post(reverse("imports:new"), {"kind": "students", "school": world.units["A1"].pk,
                                         "school_year": "2024-2025", "file": upload_file(bad)})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INVALID and job.error_count == 1
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "发现 1 处错误,本次没有写入任何数据" in page and "身份证号校验位不正确" in page
    response = client.get(reverse("imports:error_workbook", args=[job.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(2, 1).value == "错误说明"
    assert sheet.cell(3, 1).value == "身份证号:身份证号校验位不正确,请核对是否有数字填错"
    assert Student.objects.count() == 0


def test_who_sees_values_and_who_only_sees_reasons(world, client_as):
    bad = student_row(world.schools["A1"].school_code, 1)
    bad[2] = "429005201503060"
    job = import_file(kind="students", upload=Upload(xlsx_bytes(STUDENT_HEADER, bad), "f.xlsx"),
                      actor=world.users["school_admin"], school=world.units["A1"], school_year="2024-2025")
    leader = client_as("leader")
    page = leader.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "身份证号应为18位" in page and "429005201503060" not in page
    assert leader.get(reverse("imports:error_workbook", args=[job.pk])).status_code == 403
    assert client_as("inspector").get(reverse("imports:detail", args=[job.pk])).status_code == 404


def test_the_leader_may_not_import(world, client_as):
    assert client_as("leader").get(reverse("imports:new")).status_code == 403


def test_the_progress_shows_the_live_state_while_running(world):
    job = ImportJob.objects.create(kind="students", unit=world.units["A1"], school_year="2024-2025",
                                   file_name="a.xlsx", file_sha256="0" * 64, file_size=1,
                                   status=ImportStatus.RUNNING)
    ProgressReporter(job.pk)("write", 82.54, 3000, 10000, force=True)
    from edubureau.imports.services import job_progress

    assert job_progress(job) == {"phase": "write", "label": "正在写入", "percent": 82.5, "done": 3000,
                                 "total": 10000, "finished": False, "status": "running"}
    caches["progress"].clear()


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_template_downloads(world, client_as, kind):
    response = client_as("school_admin").get(reverse("imports:template", args=[kind]))
    assert response.status_code == 200
    assert f"{KINDS[kind].label}".encode() in openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[0].encode()
