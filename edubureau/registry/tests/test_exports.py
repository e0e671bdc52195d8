"""Excel exports of the registry lists: the filtered rows, Chinese headers, masked numbers only,
formula-like text kept as text, and a fixed number of queries whatever the number of rows."""
import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from edubureau.accounts.models import AuditLog
from edubureau.registry.choices import BackboneLevel, Grade, PostType, StudentStatus
from edubureau.registry.exports import CLASS_COLUMNS, TEACHER_COLUMNS, XLSX, student_export
from edubureau.registry.selectors import StudentFilters, student_list
from edubureau.registry.tests.factories import ClassGroupFactory, StudentFactory, TeacherFactory
from tests.world import NO_ID_STUDENT, REGISTRY_STUDENTS, REGISTRY_TEACHERS

FULL_NUMBERS = [number for *_, number in {**REGISTRY_STUDENTS, **REGISTRY_TEACHERS}.values() if number]
FORMULAS = ["=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)"]


def download(client, name: str, **params):
    response = client.get(reverse(f"registry:{name}"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return response


def rows_of(response) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def xml_of(response) -> str:
    """Every XML part of the workbook, for looking for what must not be there (full numbers, formulas)."""
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))


def test_student_export_has_chinese_headers_and_masked_numbers(registry_world, client_as):
    response = download(client_as("school_admin"), "student_export")
    rows = rows_of(response)
    assert rows[0] == ("学校", "学年", "年级", "班级", "姓名", "性别", "出生日期", "民族", "身份证号", "学籍号",
                       "学籍状态", "入学日期", "户籍所在地行政区划代码", "留守儿童", "住校生")
    assert sorted(rows[1:], key=lambda row: row[4]) == sorted([
        ("浩口镇中心小学", "2024-2025", "一年级", "1班", "林晓雨", "女", "2017-03-15", "汉族", "429005********0021",
         "G429005********0021", "在读", "2021-09-01", "429005106", "否", "否"),
        ("浩口镇中心小学", "2024-2025", "一年级", "1班", "高子轩", "男", "2017-06-01", "汉族", None,
         "L429005********0017", "在读", "2021-09-01", "429005106", "否", "否"),
    ], key=lambda row: row[4])
    text = xml_of(response)
    assert [n for n in [*FULL_NUMBERS, NO_ID_STUDENT["xuejihao"]] if n in text] == []
    assert AuditLog.objects.count() == 0  # nothing was revealed


def test_export_follows_the_lists_filters(world, registry_world, client_as):
    StudentFactory(class_group=registry_world.classes["CB1"], name="休学生", status=StudentStatus.SUSPENDED)
    client = client_as("sysadmin")
    names = {row[4] for row in rows_of(download(client, "student_export", status="suspended"))[1:]}
    assert names == {"休学生"}
    by_school = {row[4] for row in rows_of(download(client, "student_export", school=world.units["A2"].pk))[1:]}
    assert by_school == {"韩梦琪"}
    by_id = {row[4] for row in rows_of(download(client, "student_export", q=REGISTRY_STUDENTS["SC1"][3]))[1:]}
    assert by_id == {"梁静怡"}  # found through the hash, written masked
    # A bad filter is ignored, as on the page: the whole list in scope.
    everything = {row[4] for row in rows_of(download(client, "student_export", grade="xyz", page="abc"))[1:]}
    assert everything == {"林晓雨", "高子轩", "韩梦琪", "唐思远", "梁静怡", "休学生"}


def test_export_of_a_school_out_of_scope_is_the_list_in_scope(world, registry_world, client_as):
    rows = rows_of(download(client_as("school_admin"), "student_export", school=world.units["X1"].pk))
    assert {row[4] for row in rows[1:]} == {"林晓雨", "高子轩"}


def test_formula_like_text_is_exported_as_text(world, registry_world, client_as):
    group = ClassGroupFactory(school=world.units["A1"], grade=Grade.G2, name="=1+1")
    for text in FORMULAS:
        StudentFactory(class_group=group, name=text)
    response = download(client_as("school_admin"), "student_export", grade=str(Grade.G2))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = {row[4].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(cells) == set(FORMULAS)
    for row in cells.values():
        assert (row[4].data_type, row[3].data_type, row[3].value) == ("s", "s", "=1+1")
        assert row[4].quotePrefix and row[3].quotePrefix  # Excel's leading apostrophe: still text when edited
    assert "<f>" not in xml_of(response)  # not one formula in the file


def test_teacher_export(world, registry_world, client_as):
    TeacherFactory(school=world.units["A2"], name="-骨干", backbone_level=BackboneLevel.CITY, post_type=PostType.WORKER,
                   subjects="@数学", is_fulltime_pe=True, birth_date=date(1990, 1, 2), years_at_school=7)
    response = download(client_as("district_admin"), "teacher_export", school=world.units["A2"].pk)
    rows = rows_of(response)
    assert rows[0] == tuple(column.header for column in TEACHER_COLUMNS)
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == {"沈建国", "-骨干"}
    assert by_name["沈建国"][:5] == ("浩口初级中学", "沈建国", "男", "1975-06-06", "429005********001X")
    assert by_name["-骨干"][5:] == ("工勤人员", "@数学", "本科", "一级", "市级", None, "否", "是", "否", "否", 7)
    assert "42900519750606001X" not in xml_of(response)


def test_class_export(world, registry_world, client_as):
    group = ClassGroupFactory(school=world.units["A1"], grade=Grade.G4, name="超大班")
    StudentFactory.create_batch(66, class_group=group)
    rows = rows_of(download(client_as("school_admin"), "class_export"))
    assert rows[0] == tuple(column.header for column in CLASS_COLUMNS)
    assert sorted(rows[1:]) == [
        ("浩口镇中心小学", "2024-2025", "一年级", "1班", 2, None),
        ("浩口镇中心小学", "2024-2025", "四年级", "超大班", 66, "超大班额"),
    ]


def test_export_file_name(registry_world, client_as):
    response = download(client_as("leader"), "class_export")
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E7%8F%AD%E7%BA%A7%E5%90%8D%E5%86%8C-" + f"{today:%Y%m%d}.xlsx")


@pytest.mark.parametrize("extra", [0, 40])
def test_export_queries_do_not_grow_with_rows(world, registry_world, django_assert_num_queries, extra):
    StudentFactory.create_batch(extra, class_group=registry_world.classes["CA2"])
    user = world.users["superuser"]
    students = student_list(fetched_by=user, filters=StudentFilters())
    with django_assert_num_queries(1):  # the rows, in one values_list query
        content = student_export(students)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 1 + len(REGISTRY_STUDENTS) + extra


# As the list pages (test_views.LIST_QUERIES) less the count: the rows come in one values_list query.
@pytest.mark.parametrize(("name", "queries"), [("student_export", 10), ("teacher_export", 8), ("class_export", 9)])
@pytest.mark.parametrize("extra", [0, 25])
def test_export_view_queries_do_not_grow_with_rows(world, registry_world, client_as, django_assert_num_queries, name,
                                                   queries, extra):
    for n in range(extra):
        group = ClassGroupFactory(school=world.units["B1"], grade=Grade.G6, name=f"{n}班")
        StudentFactory(class_group=group)
        TeacherFactory(school=world.units["B1"])
    client = client_as("sysadmin")
    with django_assert_num_queries(queries):
        assert client.get(reverse(f"registry:{name}")).status_code == 200

