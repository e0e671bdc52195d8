"""Permission-matrix entries of the import pages (merged into tests/test_permission_matrix.py).

Import records are seen by whoever sees their unit; uploading needs a capture role; cell values
of errors and the error workbook are for those who capture for the job's unit.
"""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edubureau.imports.models import ImportJob, ImportStatus
from edubureau.imports.services import Upload, import_file
from edubureau.imports.tests.helpers import xlsx_bytes
from edubureau.imports.tests.test_pipeline import STUDENT_HEADER, student_row

LOGIN_URL = "/accounts/login/"
CAPTURE_ROLES = {"sysadmin", "section_staff", "district_admin", "school_admin", "superuser"}
CITY_C = frozenset({"C", "S1", "D1", "A1", "A1E", "A2", "D2", "B1", "CS"})
VISIBLE = {
    "anonymous": frozenset(), "norole": frozenset(), "sysadmin": CITY_C, "leader": CITY_C, "section_staff": CITY_C,
    "district_admin": frozenset({"D1", "A1", "A1E", "A2"}), "school_admin": frozenset({"A1", "A1E"}),
    "inspector": frozenset({"A2", "B1"}), "psychologist": frozenset({"A1", "A1E"}),
    "superuser": CITY_C | {"X", "X1"},
}
# Who captures for A1 (and so sees error values and may download the error workbook).
CAPTURES_A1 = {"sysadmin", "district_admin", "school_admin", "superuser"}
JOB_UNITS = ("A1", "B1", "C", "X1")


def world_jobs(world) -> dict[str, ImportJob]:
    """One job per unit of JOB_UNITS; A1's failed with an error (a bad identity number)."""
    bad = student_row(world.schools["A1"].school_code, 1)
    bad[2] = "42900520150306"
    jobs = {"A1": import_file(kind="students", upload=Upload(xlsx_bytes(STUDENT_HEADER, bad), "甲.xlsx"),
                              actor=world.users["school_admin"], school=world.units["A1"], school_year="2024-2025")}
    for key in JOB_UNITS[1:]:
        jobs[key] = ImportJob.objects.create(
            kind="teachers", unit=world.units[key], school_year="2024-2025", file_name=f"{key}.xlsx",
            file_sha256="0" * 64, file_size=10, status=ImportStatus.DONE)
    return jobs


def _login(url: str) -> tuple:
    return 302, f"{LOGIN_URL}?next={url}"


def _get(client, url) -> tuple:
    response = client.get(url)
    return response.status_code, response.get("Location")


def check_list(world, role, client):
    jobs = world_jobs(world)
    url = reverse("imports:list")
    if role == "anonymous":
        assert _get(client, url) == _login(url)
        return
    response = client.get(url)
    expected = {jobs[key].pk for key in JOB_UNITS if key in VISIBLE[role]}
    assert (response.status_code, {job.pk for job in response.context["page"]}) == (200, expected)
    assert ("新建导入" in response.content.decode()) == (role in CAPTURE_ROLES)


def check_new(world, role, client):
    url = reverse("imports:new")
    before = ImportJob.objects.count()
    if role == "anonymous":
        assert _get(client, url) == _login(url)
        return
    expected = 200 if role in CAPTURE_ROLES else 403
    assert client.get(url).status_code == expected
    upload = xlsx_bytes(STUDENT_HEADER, student_row(world.schools["A1"].school_code, 3))
    response = client.post(url, {"kind": "students", "school_year": "2024-2025",
                                 "file": SimpleUploadedFile("x.xlsx", upload)})
    if role in CAPTURE_ROLES:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 403
        assert ImportJob.objects.count() == before


def _each_job(name: str, world, role, client, ok: int = 200):
    jobs = world_jobs(world)
    for key, job in jobs.items():
        url = reverse(name, args=[job.pk])
        if role == "anonymous":
            assert _get(client, url) == _login(url)
        else:
            expected = ok if key in VISIBLE[role] else 404
            assert (key, client.get(url).status_code) == (key, expected)


def check_detail(world, role, client):
    _each_job("imports:detail", world, role, client)
    if role in VISIBLE and "A1" in VISIBLE[role]:
        job = ImportJob.objects.get(file_name="甲.xlsx")
        page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
        assert ("42900520150306" in page) == (role in CAPTURES_A1)
        assert "身份证号应为18位" in page


def check_progress(world, role, client):
    _each_job("imports:progress", world, role, client)


def check_error_workbook(world, role, client):
    jobs = world_jobs(world)
    url = reverse("imports:error_workbook", args=[jobs["A1"].pk])
    if role == "anonymous":
        assert _get(client, url) == _login(url)
        return
    expected = 200 if role in CAPTURES_A1 else (403 if "A1" in VISIBLE[role] else 404)
    assert client.get(url).status_code == expected
    # B1's job has no errors: nothing to download for those who capture for B1, refused to other viewers.
    other = reverse("imports:error_workbook", args=[jobs["B1"].pk])
    captures_b1 = role in {"sysadmin", "superuser"}
    assert client.get(other).status_code == (403 if "B1" in VISIBLE[role] and not captures_b1 else 404)


def check_template(world, role, client):
    url = reverse("imports:template", args=["students"])
    if role == "anonymous":
        assert _get(client, url) == _login(url)
    else:
        assert client.get(url).status_code == 200
        assert client.get(reverse("imports:template", args=["nonsense"])).status_code == 404


IMPORT_EXPECTATIONS = {
    "imports:list": check_list,
    "imports:new": check_new,
    "imports:detail": check_detail,
    "imports:progress": check_progress,
    "imports:error_workbook": check_error_workbook,
    "imports:template": check_template,
}
