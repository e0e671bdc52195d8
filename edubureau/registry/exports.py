"""The registry lists as .xlsx: the rows a list shows under its current filters, with Chinese headers.

Written set-wise: one values_list() query read through an iterator into a write-only workbook, so
an export costs the same few queries for ten rows or the whole city. Identity numbers and 学籍号
are always masked (decrypted only to be masked, never written in full), and every text cell is
written as a string so that a value starting with = + - @ is kept as text, never run as a formula.
"""
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from edubureau.imports.error_workbook import FORMULA_PREFIXES

from edubureau.core.idnumbers import decrypt_id, mask_id_number, mask_xuejihao
from edubureau.registry.choices import (
    ETHNICITY_CHOICES, BackboneLevel, DualQualifiedLevel, Grade, PostType, ProfessionalTitle, Qualification, Sex,
    StudentStatus,
)
from edubureau.registry.selectors import size_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 2000  # rows fetched per round trip while iterating


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # a values_list() lookup
    render: Callable = lambda value: value
    width: int = 12


def _labels(choices) -> Callable:
    labels = dict(choices)
    return lambda value: labels.get(value, "")


def _iso_date(value) -> str:
    # Text, not an Excel date cell: "2015-01-01" sorts, reads and re-imports the same.
    return value.isoformat() if value else ""


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _masked_id(token: str) -> str:
    return mask_id_number(decrypt_id(token)) if token else ""


def _masked_xuejihao(token: str) -> str:
    return mask_xuejihao(decrypt_id(token)) if token else ""


STUDENT_COLUMNS = (
    Column("学校", "school__name", width=26),
    Column("学年", "class_group__school_year", width=11),
    Column("年级", "class_group__grade", _labels(Grade.choices), width=8),
    Column("班级", "class_group__name", width=8),
    Column("姓名", "name"),
    Column("性别", "sex", _labels(Sex.choices), width=6),
    Column("出生日期", "birth_date", _iso_date),
    Column("民族", "ethnicity", _labels(ETHNICITY_CHOICES), width=8),
    Column("身份证号", "id_number_enc", _masked_id, width=21),
    Column("学籍号", "xuejihao_enc", _masked_xuejihao, width=22),
    Column("学籍状态", "status", _labels(StudentStatus.choices), width=9),
    Column("入学日期", "enrolment_date", _iso_date),
    Column("户籍所在地行政区划代码", "household_division_code", width=12),
    Column("留守儿童", "is_left_behind", _yes_no, width=9),
    Column("住校生", "is_boarding", _yes_no, width=8),
)

TEACHER_COLUMNS = (
    Column("学校", "school__name", width=26),
    Column("姓名", "name"),
    Column("性别", "sex", _labels(Sex.choices), width=6),
    Column("出生日期", "birth_date", _iso_date),
    Column("身份证号", "id_number_enc", _masked_id, width=21),
    Column("岗位类别", "post_type", _labels(PostType.choices)),
    Column("任教学科", "subjects", width=16),
    Column("最高学历", "highest_qualification", _labels(Qualification.choices)),
    Column("职称", "professional_title", _labels(ProfessionalTitle.choices), width=8),
    Column("骨干教师级别", "backbone_level", _labels(BackboneLevel.choices)),
    Column("双师型教师等级", "dual_qualified_level", _labels(DualQualifiedLevel.choices)),
    Column("专职心理健康教师", "is_fulltime_psychology", _yes_no),
    Column("专职体育教师", "is_fulltime_pe", _yes_no),
    Column("专职艺术教师", "is_fulltime_arts", _yes_no),
    Column("专职思政课教师", "is_fulltime_ideology", _yes_no),
    Column("在本校任教年限", "years_at_school"),
)

CLASS_COLUMNS = (
    Column("学校", "school__name", width=26),
    Column("学年", "school_year", width=11),
    Column("年级", "grade", _labels(Grade.choices), width=8),
    Column("班级名称", "name"),
    Column("班额(在读学生数)", "size"),
    Column("大班额情况", "size", size_label),
)


def student_export(students: QuerySet) -> bytes:
    """`students` (a student_list queryset) as the 学生名册 workbook."""
    return _workbook("学生名册", STUDENT_COLUMNS, students)


def teacher_export(teachers: QuerySet) -> bytes:
    return _workbook("教职工名册", TEACHER_COLUMNS, teachers)


def class_export(classes: QuerySet) -> bytes:
    """`classes` (a class_list queryset, annotated with `size`) as the 班级名册 workbook."""
    return _workbook("班级名册", CLASS_COLUMNS, classes)


def export_filename(title: str) -> str:
    """"学生名册-20250301.xlsx": the sheet's title and today's date in Asia/Shanghai."""
    return f"{title}-{timezone.localdate():%Y%m%d}.xlsx"


def _workbook(title: str, columns: tuple[Column, ...], queryset: QuerySet) -> bytes:
    """XlsxWriter in constant-memory mode: rows stream to a temporary file, a few µs per cell
    (the city's 110,000 students in seconds). Text is written with write_string, so a value
    that starts like a formula stays text."""
    with tempfile.TemporaryDirectory(prefix="edubureau-export-") as folder:
        path = f"{folder}/export.xlsx"
        book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                          "strings_to_numbers": False, "strings_to_urls": False})
        sheet = book.add_worksheet(title)
        bold = book.add_format({"bold": True})
        # Excel's leading apostrophe: text that starts like a formula stays text even when edited.
        quoted = book.add_format({"quote_prefix": True})
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width)
            sheet.write_string(0, index, column.header, bold)
        sheet.freeze_panes(1, 0)
        for number, row in enumerate(_rows(columns, queryset), 1):
            for index, value in enumerate(row):
                if isinstance(value, str):
                    sheet.write_string(number, index, value, quoted if value.startswith(FORMULA_PREFIXES) else None)
                elif value is not None:
                    sheet.write(number, index, value)
        book.close()
        with open(path, "rb") as handle:
            return handle.read()


def _rows(columns: tuple[Column, ...], queryset: QuerySet) -> Iterable[list]:
    """One list of cell values per row; a field named twice (班额) is fetched once."""
    fields = list(dict.fromkeys(column.field for column in columns))
    place = {field: index for index, field in enumerate(fields)}
    renders = [(place[column.field], column.render) for column in columns]
    for values in queryset.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        yield [_clean(render(values[index])) for index, render in renders]


def _clean(value):
    """Text without the characters Excel refuses; "" as an empty cell."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value) or None
    return value
