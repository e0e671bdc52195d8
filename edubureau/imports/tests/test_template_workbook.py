import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from edubureau.core.idnumbers import build_id_number
from edubureau.imports.kinds import CLASSES, FIGURES, KINDS, SCHOOLS, STUDENTS, TEACHERS
from edubureau.imports.reading import read_table
from edubureau.imports.template_workbook import (
    COMMENT_AUTHOR,
    DROPDOWN_ERROR,
    DROPDOWN_ERROR_TITLE,
    INSTRUCTIONS_SHEET,
    OPTIONS_SHEET,
    comment_text,
    template_filename,
    template_header_row,
    template_workbook,
)
from edubureau.imports.validation import validate_rows
from edubureau.registry.choices import ETHNICITY_CHOICES

TODAY = datetime.date(2025, 6, 1)
HEADER_ROW = 4  # title, two lines of notes, header
ROWS = 1000
STUDENT_ID = build_id_number("429005", datetime.date(2015, 3, 6), 1)  # male
TEACHER_ID = build_id_number("429005", datetime.date(1985, 5, 20), 2)  # female
SCHOOL_CODE = "2142001234"  # 21 primary school, 42 Hubei

# One valid row per kind as a clerk types it (field → cell), and what validate_rows makes of it.
FILLED = {
    "schools": {
        "school_code": SCHOOL_CODE, "name": "园林第一小学", "parent": "园林学区", "stage": "小学",
        "ownership": "公办", "is_puhui": "否", "locality": "城区", "is_boarding": "是", "status": "在办",
        "division_code": "429005001", "address": "园林街道章华中路1号", "principal": "张明", "phone": "0728-6201234",
    },
    "figures": {
        "school_code": SCHOOL_CODE, "school_year": "2024-2025", "enrolment": 1200, "building_area": 15000.5,
        "teaching_area": 8000, "sports_area": 6000, "equipment_value": 320.5, "networked_multimedia_classrooms": 30,
        "student_computers": 150, "teacher_computers": 80, "security_guards": 4, "closed_management": "是",
        "alarm_linked_to_police": "是", "video_linked_to_police": "是", "protection_post": "否",
        "public_budget_spending": 1500.25,
    },
    "classes": {"school_code": SCHOOL_CODE, "school_year": "2024-2025", "grade": "一年级", "name": "1班"},
    "students": {
        "school_code": SCHOOL_CODE, "xuejihao": "G" + STUDENT_ID, "id_number": STUDENT_ID, "name": "李小明",
        "sex": "男", "birth_date": datetime.date(2015, 3, 6), "ethnicity": "汉族", "household_division_code": "429005",
        "grade": "四年级", "class_name": "1班", "status": "在读", "enrolment_date": datetime.date(2021, 9, 1),
        "is_left_behind": "否", "is_boarding": "否",
    },
    "teachers": {
        "school_code": SCHOOL_CODE, "id_number": TEACHER_ID, "name": "王丽", "sex": "女",
        "birth_date": datetime.date(1985, 5, 20), "subjects": "语文、道德与法治", "highest_qualification": "本科",
        "professional_title": "一级", "post_type": "专任教师", "backbone_level": "市级", "is_fulltime_psychology": "否",
        "is_fulltime_pe": "否", "is_fulltime_arts": "否", "is_fulltime_ideology": "否", "years_at_school": 8,
    },
    "population": {
        "id_number": STUDENT_ID, "name": "李小明", "sex": "男", "birth_date": datetime.date(2015, 3, 6),
        "household_address": "浩口镇红星村3组", "division_code": "429005106", "village": "红星村",
    },
}
EXPECTED = {
    "schools": {
        "school_code": SCHOOL_CODE, "name": "园林第一小学", "parent": "园林学区", "stage": "primary",
        "ownership": "public", "is_puhui": False, "locality": "urban", "is_boarding": True, "status": "open",
        "division_code": "429005001", "address": "园林街道章华中路1号", "principal": "张明", "phone": "0728-6201234",
    },
    "figures": {
        "school_code": SCHOOL_CODE, "school_year": "2024-2025", "enrolment": 1200, "building_area": Decimal("15000.50"),
        "teaching_area": Decimal("8000.00"), "sports_area": Decimal("6000.00"), "equipment_value": Decimal("320.5000"),
        "networked_multimedia_classrooms": 30, "student_computers": 150, "teacher_computers": 80, "security_guards": 4,
        "closed_management": True, "alarm_linked_to_police": True, "video_linked_to_police": True,
        "protection_post": False, "public_budget_spending": Decimal("1500.2500"),
    },
    "classes": {"school_code": SCHOOL_CODE, "school_year": "2024-2025", "grade": "1", "name": "1班"},
    "students": {
        "school_code": SCHOOL_CODE, "xuejihao": "G" + STUDENT_ID, "id_number": STUDENT_ID, "name": "李小明",
        "sex": "M", "birth_date": datetime.date(2015, 3, 6), "ethnicity": "01", "household_division_code": "429005",
        "grade": "4", "class_name": "1班", "status": "in_school", "enrolment_date": datetime.date(2021, 9, 1),
        "disability_category": None, "disability_level": None, "is_left_behind": False, "is_boarding": False,
    },
    "teachers": {
        "school_code": SCHOOL_CODE, "id_number": TEACHER_ID, "name": "王丽", "sex": "F",
        "birth_date": datetime.date(1985, 5, 20), "subjects": "语文、道德与法治", "highest_qualification": "bachelor",
        "professional_title": "first", "post_type": "fulltime_teacher", "dual_qualified_level": None,
        "backbone_level": "city", "is_fulltime_psychology": False, "is_fulltime_pe": False, "is_fulltime_arts": False,
        "is_fulltime_ideology": False, "years_at_school": 8,
    },
    "population": {
        "id_number": STUDENT_ID, "name": "李小明", "sex": "M", "birth_date": datetime.date(2015, 3, 6),
        "household_address": "浩口镇红星村3组", "division_code": "429005106", "village": "红星村",
        "id_checksum_ok": True,
    },
}
ALL_KINDS = pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS.keys())
STUDENT_HEADERS = [
    "学校标识码", "*学籍号", "身份证号", "*姓名", "*性别", "*出生日期", "*民族", "户籍所在地行政区划代码",
    "年级", "班级", "学籍状态", "*入学日期", "残疾类别", "残疾等级", "是否留守儿童", "是否住校",
]


@pytest.fixture(scope="module")
def templates() -> dict[str, bytes]:
    return {key: template_workbook(kind) for key, kind in KINDS.items()}


def open_template(data: bytes):
    return load_workbook(io.BytesIO(data))


def validate(data: bytes, kind):
    table = read_table(data, template_filename(kind))
    return validate_rows(table, kind.specs, row_validator=kind.validator(TODAY), unique_together=kind.unique_together)


def fill(data: bytes, kind, values: dict) -> bytes:
    """The template with one row typed under the header, as a clerk would in Excel."""
    workbook = open_template(data)
    sheet = workbook[kind.label]
    for column, spec in enumerate(kind.specs, 1):
        if spec.field in values:
            sheet.cell(row=HEADER_ROW + 1, column=column, value=values[spec.field])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def dropdown_labels(workbook, formula: str) -> list[str]:
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, cells = formula.split("!")
    return [row[0].value for row in workbook[sheet.strip("'")][cells.replace("$", "")]]


def test_filename():
    assert [template_filename(kind) for kind in KINDS.values()] == [
        "学校名单导入模板.xlsx", "学校年度数据导入模板.xlsx", "班级名单导入模板.xlsx", "学生名册导入模板.xlsx",
        "教职工名册导入模板.xlsx", "户籍人口导入模板.xlsx",
    ]


def test_every_kind_is_covered():
    assert set(FILLED) == set(EXPECTED) == set(KINDS)
    assert [template_header_row(kind) for kind in KINDS.values()] == [HEADER_ROW] * 6


@ALL_KINDS
def test_blank_template_reads_back_with_its_header_and_no_rows(kind, templates):
    result = validate(templates[kind.key], kind)

    assert result.header.row == HEADER_ROW
    assert result.header.columns == {spec.field: index for index, spec in enumerate(kind.specs)}
    assert result.header.headers == {spec.field: spec.header for spec in kind.specs}  # the "*" is not kept
    assert (result.header.missing, result.header.duplicates, result.header.unknown) == ((), (), ())
    assert (result.rows, result.errors) == ([], [])


@ALL_KINDS
def test_filled_template_validates(kind, templates):
    data = fill(templates[kind.key], kind, FILLED[kind.key])

    result = validate(data, kind)

    assert result.errors == []
    assert result.rows == [EXPECTED[kind.key]]
    assert result.row_numbers == [HEADER_ROW + 1]


def test_long_numbers_typed_into_the_template_stay_text(templates):
    data = fill(templates["students"], STUDENTS, FILLED["students"])

    typed = read_table(data, "学生名册导入模板.xlsx").head(HEADER_ROW + 1)[-1]

    assert typed[:3] == [SCHOOL_CODE, "G" + STUDENT_ID, STUDENT_ID]


def test_student_template_layout(templates):
    workbook = open_template(templates["students"])
    sheet = workbook["学生名册"]

    assert workbook.sheetnames == ["学生名册", INSTRUCTIONS_SHEET, OPTIONS_SHEET]
    assert [workbook[name].sheet_state for name in workbook.sheetnames] == ["visible", "visible", "hidden"]
    assert [row[0] for row in sheet.iter_rows(max_row=3, values_only=True)] == [
        "学生名册导入模板",
        "说明:带 * 的列必须填写;身份证号、学籍号、学校标识码请设为“文本”格式,否则 Excel 会改掉末尾数字。",
        "同一学籍号再次导入时更新该学生的信息;表中没有的学生不会被删除。",
    ]
    assert [cell.value for cell in sheet[HEADER_ROW]] == STUDENT_HEADERS
    assert all(cell.font.b and cell.fill.fgColor.rgb == "00DDEBF7" for cell in sheet[HEADER_ROW])
    assert sheet.freeze_panes == "A5"
    assert sheet.title == read_table(templates["students"], "x.xlsx").sheet
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    assert widths == {
        "A": 14, "B": 22, "C": 22, "D": 10, "E": 8, "F": 12, "G": 22, "H": 24, "I": 10, "J": 14, "K": 10, "L": 12,
        "M": 12, "N": 10, "O": 14, "P": 10,
    }


def test_schools_template_has_no_options_sheet(templates):
    assert open_template(templates["schools"]).sheetnames == ["学校名单", INSTRUCTIONS_SHEET]


@ALL_KINDS
def test_dropdowns_list_exactly_the_labels(kind, templates):
    workbook = open_template(templates[kind.key])
    sheet = workbook[kind.label]
    validations = {str(validation.sqref): validation for validation in sheet.data_validations.dataValidation}
    expected = {}
    for column, spec in enumerate(kind.specs, 1):
        letter = chr(ord("A") + column - 1)
        if spec.kind == "choice":
            expected[f"{letter}5:{letter}{HEADER_ROW + ROWS}"] = [choice[1] for choice in spec.choices]
        elif spec.kind == "bool":
            expected[f"{letter}5:{letter}{HEADER_ROW + ROWS}"] = ["是", "否"]

    assert {ref: dropdown_labels(workbook, v.formula1) for ref, v in validations.items()} == expected
    for validation in validations.values():
        assert (validation.type, validation.allow_blank, validation.showErrorMessage, validation.errorStyle) == (
            "list", True, True, "stop")
        assert (validation.errorTitle, validation.error) == (DROPDOWN_ERROR_TITLE, DROPDOWN_ERROR)


def test_student_dropdowns(templates):
    workbook = open_template(templates["students"])
    formulas = {str(v.sqref): v.formula1 for v in workbook["学生名册"].data_validations.dataValidation}
    options = workbook[OPTIONS_SHEET]

    assert formulas["E5:E1004"] == '"男,女"'
    assert formulas["I5:I1004"] == (
        '"混合班,小班,中班,大班,一年级,二年级,三年级,四年级,五年级,六年级,七年级,八年级,九年级,高一,高二,高三"')
    assert formulas["O5:O1004"] == '"是,否"'
    # 民族 is too long to be written inline: it is listed on the hidden 选项 sheet
    assert formulas["G5:G1004"] == "'选项'!$A$2:$A$59"
    assert [row[0] for row in options.iter_rows(values_only=True)] == ["民族", *(name for _, name in ETHNICITY_CHOICES)]
    assert options["A2"].value == "汉族" and options["A59"].value == "外国血统中国籍人士"


@ALL_KINDS
def test_text_and_date_formats_on_the_data_rows(kind, templates):
    sheet = open_template(templates[kind.key])[kind.label]
    expected = {"id": "@", "code": "@", "text": "@", "name": "@", "date": "yyyy-mm-dd"}

    for column, spec in enumerate(kind.specs, 1):
        number_format = expected.get(spec.kind, "General")
        cells = [sheet.cell(row=row, column=column) for row in (HEADER_ROW + 1, HEADER_ROW + ROWS)]
        assert [cell.number_format for cell in cells] == [number_format] * 2, spec.field


def test_id_and_code_columns_are_text(templates):
    sheet = open_template(templates["students"])["学生名册"]

    # 学校标识码, 学籍号, 身份证号, 户籍所在地行政区划代码: the first and last data row, and the column below
    for letter in "ABCH":
        assert [sheet[f"{letter}5"].number_format, sheet[f"{letter}1004"].number_format] == ["@", "@"]
        assert sheet.column_dimensions[letter].number_format == "@"
    assert sheet["F5"].number_format == "yyyy-mm-dd"  # 出生日期


@ALL_KINDS
def test_every_header_carries_its_comment(kind, templates):
    sheet = open_template(templates[kind.key])[kind.label]

    for column, spec in enumerate(kind.specs, 1):
        comment = sheet.cell(row=HEADER_ROW, column=column).comment
        assert (comment.text, comment.author) == (comment_text(spec), COMMENT_AUTHOR)
        assert spec.note in comment.text
        assert comment.text.startswith("必填" if spec.required else "选填")


def test_student_comments():
    def text(field):
        return comment_text(STUDENTS.spec(field))

    assert text("xuejihao") == "必填\nG/J/L开头的19位全国学籍号,以“文本”格式填写\n最多 19 个字"
    assert text("school_code") == "选填\n10位数字,以“文本”格式填写;为本校导入时可不填\n最多 10 个字"
    assert text("sex") == "必填\n男 或 女,须与身份证号一致\n可选值:男、女"
    assert text("birth_date") == "必填\n如 2015-03-06,须与身份证号一致\n不早于 1940年1月1日"
    assert text("enrolment_date") == "必填\n如 2021-09-01\n不早于 1950年1月1日"
    assert text("is_boarding") == "选填\n是 或 否,不填为否\n可选值:是、否"
    assert text("disability_level") == "选填\n一级至四级\n可选值:一级、二级、三级、四级"
    assert text("ethnicity").startswith("必填\n如 汉族、土家族\n可选值:汉族、蒙古族、回族、藏族、")
    assert text("ethnicity").endswith("、基诺族、其他、外国血统中国籍人士")


def test_other_limits_in_words():
    assert comment_text(TEACHERS.spec("years_at_school")) == "必填\n整数,不满一年填 0\n在 0 至 60 之间"
    assert comment_text(FIGURES.spec("building_area")) == "必填\n单位:平方米\n在 0 至 9999999999.99 之间"
    assert comment_text(SCHOOLS.spec("name")) == "必填\n最多 100 个字"
    assert comment_text(CLASSES.spec("grade")).endswith("\n可选值:混合班、小班、中班、大班、一年级、二年级、三年级、"
                                                         "四年级、五年级、六年级、七年级、八年级、九年级、高一、高二、高三")


def test_teacher_instructions_sheet(templates):
    sheet = open_template(templates["teachers"])[INSTRUCTIONS_SHEET]

    assert list(sheet.iter_rows(values_only=True)) == [
        ("列名", "是否必填", "填写说明", "可选值/范围"),
        ("学校标识码", "否", "10位数字,以“文本”格式填写;为本校导入时可不填", "最多 10 个字"),
        ("身份证号", "是", "18位居民身份证号,以“文本”格式填写", "最多 18 个字"),
        ("姓名", "是", None, "最多 50 个字"),
        ("性别", "是", "男 或 女,须与身份证号一致", "男、女"),
        ("出生日期", "是", "如 2015-03-06,须与身份证号一致", "不早于 1940年1月1日"),
        ("任教学科", "否", "多个学科用“、”分隔,如 语文、道德与法治", "最多 200 个字"),
        ("最高学历", "是", "博士研究生、硕士研究生、本科、专科、高中阶段、高中阶段以下",
         "博士研究生、硕士研究生、本科、专科、高中阶段、高中阶段以下"),
        ("职称", "是", "正高级、高级、一级、二级、三级、未定级", "正高级、高级、一级、二级、三级、未定级"),
        ("岗位类别", "是", "专任教师、教辅人员、行政人员、工勤人员", "专任教师、教辅人员、行政人员、工勤人员"),
        ("双师型教师等级", "否", "中职学校填写:初级、中级、高级;不是双师型不填", "初级、中级、高级"),
        ("骨干教师级别", "否", "县级、市级、省级、国家级;不是骨干教师不填", "县级、市级、省级、国家级"),
        ("专职心理健康教师", "否", "是 或 否,不填为否", "是、否"),
        ("专职体育教师", "否", "是 或 否,不填为否", "是、否"),
        ("专职艺术教师", "否", "音乐、美术专职教师填“是”", "是、否"),
        ("专职思政课教师", "否", "是 或 否,不填为否", "是、否"),
        ("在本校任教年限", "是", "整数,不满一年填 0", "在 0 至 60 之间"),
    ]
    assert sheet.freeze_panes == "A2"


def test_rows_sets_how_far_formats_and_dropdowns_go():
    sheet = open_template(template_workbook(CLASSES, rows=10))["班级名单"]

    assert [str(v.sqref) for v in sheet.data_validations.dataValidation] == ["C5:C14"]
    assert [sheet["A14"].number_format, sheet["A15"].number_format] == ["@", "General"]
    assert sheet.column_dimensions["A"].number_format == "@"  # rows typed further down are text too


def test_no_data_rows():
    data = template_workbook(CLASSES, rows=0)

    assert open_template(data)["班级名单"].data_validations.dataValidation == []
    assert validate(data, CLASSES).header.row == HEADER_ROW


def test_negative_rows_refused():
    with pytest.raises(ValueError):
        template_workbook(CLASSES, rows=-1)
