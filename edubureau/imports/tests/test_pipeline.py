"""The whole pipeline over the test world: upload → validate → check against the registry → upsert."""
import datetime

import pytest

from edubureau.core.idnumbers import build_id_number, id_hash, xuejihao_hash
from edubureau.imports.models import ImportJob, ImportStatus
from edubureau.imports.services import Upload, import_file
from edubureau.imports.tests.helpers import xlsx_bytes
from edubureau.imports.writers import SCHOOL_OUT_OF_SCOPE, STUDENT_ID_TAKEN
from edubureau.registry.models import ClassGroup, Student

STUDENT_HEADER = ["学校标识码", "学籍号", "身份证号", "姓名", "性别", "出生日期", "民族", "年级", "班级", "入学日期"]


def student_row(school_code: str, sequence: int, *, name: str = "张三", grade: str = "三年级", klass: str = "1班"):
    birth = datetime.date(2015, 3, 6)
    number = build_id_number("429005", birth, sequence)
    return [school_code, f"G{number}", number, name, "男" if sequence % 2 else "女", "2015-03-06", "汉族", grade,
            klass, "2021-09-01"]


def students_file(*rows) -> Upload:
    return Upload(xlsx_bytes(["学生名册"], STUDENT_HEADER, *rows), "学生名册.xlsx")


@pytest.fixture
def a1_code(world) -> str:
    return world.schools["A1"].school_code


def test_students_are_created_with_their_classes(world, a1_code):
    upload = students_file(student_row(a1_code, 1), student_row(a1_code, 2, name="李四"),
                           student_row(a1_code, 3, name="王五", klass="2班"))
    job = import_file(kind="students", upload=upload, actor=world.users["sysadmin"], school_year="2024-2025")
    assert (job.status, job.rows, job.created, job.updated, job.unchanged) == (ImportStatus.DONE, 3, 3, 0, 0)
    assert job.extra_created == {"班级": 2}
    assert job.errors == [] and job.error_count == 0
    assert sorted(ClassGroup.objects.values_list("school_year", "grade", "name")) == [
        ("2024-2025", 3, "1班"), ("2024-2025", 3, "2班")]
    student = Student.objects.get(name="李四")
    number = build_id_number("429005", datetime.date(2015, 3, 6), 2)
    assert student.id_number_hash == id_hash(number)
    assert student.xuejihao_hash == xuejihao_hash(f"G{number}")
    assert student.decrypt_id_number() == number
    assert (student.school_id, student.class_group.name, student.sex) == (world.units["A1"].id, "1班", "F")


def test_reimporting_the_same_file_changes_nothing(world, a1_code):
    upload = students_file(student_row(a1_code, 1), student_row(a1_code, 2, name="李四"))
    import_file(kind="students", upload=upload, actor=world.users["sysadmin"], school_year="2024-2025")
    before = list(Student.objects.order_by("id").values_list("id", "updated_at", "id_number_enc", "xuejihao_enc"))
    job = import_file(kind="students", upload=upload, actor=world.users["sysadmin"], school_year="2024-2025")
    assert (job.status, job.created, job.updated, job.unchanged, job.extra_created) == (ImportStatus.DONE, 0, 0, 2, {})
    after = list(Student.objects.order_by("id").values_list("id", "updated_at", "id_number_enc", "xuejihao_enc"))
    assert after == before


def test_a_changed_row_is_updated_in_place(world, a1_code):
    import_file(kind="students", upload=students_file(student_row(a1_code, 1)), actor=world.users["sysadmin"],
                school_year="2024-2025")
    job = import_file(kind="students", upload=students_file(student_row(a1_code, 1, name="张叁", klass="3班")),
                      actor=world.users["sysadmin"], school_year="2024-2025")
    assert (job.created, job.updated, job.unchanged, job.extra_created) == (0, 1, 0, {"班级": 1})
    student = Student.objects.get()
    assert (student.name, student.class_group.name) == ("张叁", "3班")


def test_a_school_admin_may_not_import_into_another_school(world, a1_code):
    b1_code = world.schools["B1"].school_code
    upload = students_file(student_row(a1_code, 1), student_row(b1_code, 2))
    job = import_file(kind="students", upload=upload, actor=world.users["school_admin"], school_year="2024-2025")
    assert job.status == ImportStatus.INVALID
    assert job.errors == [[4, "学校标识码", b1_code, SCHOOL_OUT_OF_SCOPE.format(name=world.name("B1"))]]
    assert Student.objects.count() == 0 and ClassGroup.objects.count() == 0


def test_an_identity_number_of_another_student_is_refused(world, a1_code):
    import_file(kind="students", upload=students_file(student_row(a1_code, 1)), actor=world.users["sysadmin"],
                school_year="2024-2025")
    row = student_row(a1_code, 1)
    row[1] = "J" + row[1][1:]  # another 学籍号, the same identity number
    job = import_file(kind="students", upload=students_file(row), actor=world.users["sysadmin"],
                      school_year="2024-2025")
    number = build_id_number("429005", datetime.date(2015, 3, 6), 1)
    assert job.status == ImportStatus.INVALID
    assert job.errors == [[3, "身份证号", number, STUDENT_ID_TAKEN.format(xuejihao=f"G{number[:6]}********{number[-4:]}")]]
    assert Student.objects.count() == 1
    assert ImportJob.objects.count() == 2


def test_a_column_the_file_leaves_out_keeps_what_is_stored(world, a1_code):
    header = [*STUDENT_HEADER, "是否留守儿童"]
    first = Upload(xlsx_bytes(header, [*student_row(a1_code, 1), "是"]), "有留守.xlsx")
    import_file(kind="students", upload=first, actor=world.users["sysadmin"], school_year="2024-2025")
    job = import_file(kind="students", upload=students_file(student_row(a1_code, 1, name="张叁")),
                      actor=world.users["sysadmin"], school_year="2024-2025")  # no 是否留守儿童 column
    assert (job.updated, job.unchanged) == (1, 0)
    student = Student.objects.get()
    assert (student.name, student.is_left_behind) == ("张叁", True)
    emptied = Upload(xlsx_bytes(header, [*student_row(a1_code, 1, name="张叁"), ""]), "空留守.xlsx")
    import_file(kind="students", upload=emptied, actor=world.users["sysadmin"], school_year="2024-2025")
    student.refresh_from_db()
    assert student.is_left_behind is False  # the column is there and empty: the default (否)
