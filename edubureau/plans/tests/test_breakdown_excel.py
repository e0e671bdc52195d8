"""The 任务分解表 Excel round trip: export, import, errors, and a round trip that changes nothing."""
import datetime
import io
import zipfile

import docx
import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from edubureau.core.exceptions import ApplicationError
from edubureau.plans.models import Milestone, PlanItem, Task, TaskUnitRole
from edubureau.plans.selectors import plan_items
from edubureau.plans.services.breakdown import (
    BREAKDOWN_DEADLINE_YEAR, BREAKDOWN_LEAD_REQUIRED, BREAKDOWN_NOT_ALLOWED, BREAKDOWN_PLAN_NOT_PUBLISHED, TaskInput,
    item_breakdown_save,
)
from edubureau.plans.services.breakdown_excel import (
    BREAKDOWN_FILE_EMPTY, BREAKDOWN_FILE_NO_HEADER, BREAKDOWN_FILE_NO_ROWS, BREAKDOWN_FILE_NOT_SPREADSHEET,
    BREAKDOWN_IMPORT_BAD_DATE, BREAKDOWN_IMPORT_INVALID, BREAKDOWN_IMPORT_NUMBER_AMBIGUOUS,
    BREAKDOWN_IMPORT_NUMBER_MISSING, BREAKDOWN_IMPORT_NUMBER_UNKNOWN, BREAKDOWN_IMPORT_TARGET_TOO_LONG,
    BREAKDOWN_IMPORT_UNIT_UNKNOWN, DATE_FORMAT, HEADERS, BreakdownImportError, BreakdownImportResult,
    BreakdownRowError, breakdown_export, breakdown_import, parse_deadline,
)
from edubureau.plans.services.importing import plan_import
from edubureau.plans.services.publishing import plan_publish

SOURCE = """市教育局2024年工作要点

一、加强党的建设
1.深化理论武装。认真学习贯彻党的二十大精神。（责任科室：基础教育科）
2.推进义务教育优质均衡。义务教育巩固率达到100%。（牵头单位：基础教育科；配合单位：浩口镇学区、熊口镇学区）
二、办好人民满意的教育
3.加强特殊教育。支持特殊教育学校发展。
4.推进学区建设。（责任单位：浩口镇学区）
"""
# Item numbers restart in each section, so the 序号 of the table is qualified by the section.
RESTARTING_SOURCE = """区教育局2024年工作要点

一、党建引领
1.加强党的建设。（责任科室：基础教育科）
2.加强廉政建设。
二、质量提升
1.加强教研工作。（责任单位：浩口镇学区）
"""
TITLE = "市教育局2024年工作要点任务分解表"
DEC_31 = datetime.date(2024, 12, 31)


@pytest.fixture
def manager(world):
    return world.users["sysadmin"]


def _published(world, manager, source: str = SOURCE):
    plan = plan_import(source=source, filename="t.txt", owner=world.units["C"], imported_by=manager)
    return plan_publish(plan=plan, published_by=manager)


@pytest.fixture
def plan(world, manager):
    return _published(world, manager)


def _item(plan, number: str) -> PlanItem:
    return PlanItem.objects.select_related("section__plan__owner").get(section__plan=plan, number=number)


def _split_item_2(plan, world, manager) -> None:
    """Item 2 broken down into two tasks, the second with its lead units named in reverse path order."""
    item_breakdown_save(item=_item(plan, "2"), saved_by=manager, rows=[
        TaskInput(measure="开展优质均衡督导评估", target="巩固率达到100%", deadline=datetime.date(2024, 6, 30),
                  lead_units=[world.units["S1"]], cooperating_units=[world.units["D1"], world.units["D2"]]),
        TaskInput(measure="做好控辍保学", deadline=datetime.date(2024, 9, 1),
                  lead_units=[world.units["D2"], world.units["D1"]]),
    ])


def _cells(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python(skip_empty_area=False)


def _xlsx(rows: list[list], merge: str | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    if merge:
        workbook.active.merge_cells(merge)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _snapshot(plan) -> list[tuple]:
    """Every stored fact of the plan's tasks, ids and timestamps included."""
    tasks = (Task.objects.filter(item__section__plan=plan).select_related("item")
             .prefetch_related("task_units__org_unit", "milestones").order_by("item__section__seq", "item__seq", "seq"))
    return [
        (t.pk, t.item.number, t.seq, t.measure, t.target, t.deadline, t.owner_id, t.updated_at,
         sorted((tu.pk, tu.org_unit.name, tu.role) for tu in t.task_units.all()),
         sorted((m.pk, m.title, m.due_on) for m in t.milestones.all()))
        for t in tasks
    ]


def _breakdown(plan) -> dict[str, list[tuple]]:
    """The breakdown as it reads: per item number, (measure, target, deadline, leads, cooperating) per task."""
    result: dict[str, list[tuple]] = {}
    tasks = Task.objects.filter(item__section__plan=plan).select_related("item").order_by("item__seq", "seq")
    for task in tasks.prefetch_related("task_units__org_unit"):
        units = sorted(task.task_units.all(), key=lambda tu: tu.pk)
        result.setdefault(task.item.number, []).append((
            task.measure, task.target, task.deadline,
            [tu.org_unit.name for tu in units if tu.role == TaskUnitRole.LEAD],
            [tu.org_unit.name for tu in units if tu.role == TaskUnitRole.COOPERATE],
        ))
    return result


def _import(plan, data: bytes, user, filename: str = "任务分解表.xlsx"):
    return breakdown_import(plan=plan, data=data, filename=filename, imported_by=user)


# ---- export -------------------------------------------------------------------------------------

def test_export_lists_one_row_per_task_under_title_and_header(plan, world, manager):
    # given item 2 in two tasks and item 3 with no task at all
    _split_item_2(plan, world, manager)
    Task.objects.filter(item=_item(plan, "3")).delete()

    data = breakdown_export(plan=plan)

    assert _cells(data) == [
        [TITLE, "", "", "", "", "", ""],
        list(HEADERS),
        [1.0, "深化理论武装", "", "基础教育科", "", DEC_31, ""],
        ["2-1", "推进义务教育优质均衡", "开展优质均衡督导评估", "基础教育科", "浩口镇学区、熊口镇学区",
         datetime.date(2024, 6, 30), "巩固率达到100%"],
        ["2-2", "", "做好控辍保学", "熊口镇学区、浩口镇学区", "", datetime.date(2024, 9, 1), ""],
        [3.0, "加强特殊教育", "", "", "", "", ""],
        [4.0, "推进学区建设", "", "浩口镇学区", "", DEC_31, ""],
    ]


def test_export_is_laid_out_for_printing(plan, world, manager):
    _split_item_2(plan, world, manager)

    sheet = openpyxl.load_workbook(io.BytesIO(breakdown_export(plan=plan))).active

    assert (sheet.title, sheet["A1"].value, sheet["A1"].font.b) == ("任务分解表", TITLE, True)
    assert [c.value for c in sheet[2]] == list(HEADERS)
    assert all(c.font.b for c in sheet[2])
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:G1", "B4:B5"}  # the 重点任务 of 2-1 and 2-2
    assert (sheet["F3"].value, sheet["F3"].number_format) == (datetime.datetime(2024, 12, 31), DATE_FORMAT)
    assert sheet["C4"].alignment.wrap_text is True
    assert [sheet.column_dimensions[c].width for c in "ABCDEFG"] == [8, 24, 46, 16, 24, 16, 30]
    assert (sheet.freeze_panes, sheet.print_title_rows) == ("A3", "$2:$2")
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize, sheet.page_setup.fitToWidth) == (
        "landscape", 9, 1)


def test_export_writes_text_that_looks_like_a_formula_as_text(plan, manager, world):
    item_breakdown_save(item=_item(plan, "1"), saved_by=manager, rows=[
        TaskInput(measure="=HYPERLINK(\"http://x\")", target="+1", lead_units=[world.units["S1"]]),
    ])

    sheet = openpyxl.load_workbook(io.BytesIO(breakdown_export(plan=plan))).active

    assert (sheet["C3"].value, sheet["C3"].data_type, sheet["G3"].value) == ("=HYPERLINK(\"http://x\")", "s", "+1")


def test_export_queries_do_not_grow_with_rows(plan, world, manager, django_assert_num_queries):
    _split_item_2(plan, world, manager)
    items = list(plan_items(fetched_by=manager, plan=plan))

    with django_assert_num_queries(1):  # the plan's item numbers, for the 序号
        breakdown_export(plan=plan, items=items)
    with django_assert_num_queries(4):  # items, tasks, task units with their org units, milestones
        breakdown_export(plan=plan)


def test_export_of_only_some_items_keeps_their_numbers(plan, world, manager):
    items = [i for i in plan_items(fetched_by=manager, plan=plan) if i.number == "4"]

    assert _cells(breakdown_export(plan=plan, items=items))[2:] == [[4.0, "推进学区建设", "", "浩口镇学区", "", DEC_31, ""]]


# ---- the round trip -----------------------------------------------------------------------------

def test_round_trip_changes_nothing(plan, world, manager):
    # given a breakdown with several tasks, an owner, a milestone, multi-line and formula-like text
    _split_item_2(plan, world, manager)
    item_breakdown_save(item=_item(plan, "1"), saved_by=manager, rows=[TaskInput(
        measure="第一步:集中学习\n第二步:专题研讨", target="=全年12次", deadline=datetime.date(2024, 6, 30),
        lead_units=[world.units["S1"]], owner=manager, milestones=[("完成集中学习", datetime.date(2024, 3, 31))],
    )])
    before = _snapshot(plan)
    first = breakdown_export(plan=plan)

    result = _import(plan, first, manager)

    assert result == BreakdownImportResult(rows=5, updated=[], unchanged=4)
    assert _snapshot(plan) == before
    assert breakdown_export(plan=plan) == first


def test_round_trip_after_an_import_changes_nothing(plan, world, manager):
    # given a breakdown that came in from a spreadsheet
    _import(plan, _xlsx([list(HEADERS), ["2", "", "督导评估", "各学区", "基础教育科", "6月底", "100%"]]), manager)
    before, exported = _snapshot(plan), breakdown_export(plan=plan)

    assert _import(plan, exported, manager).updated == []
    assert _snapshot(plan) == before
    assert _cells(breakdown_export(plan=plan)) == _cells(exported)


def test_round_trip_with_restarting_item_numbers(world, manager):
    plan = _published(world, manager, RESTARTING_SOURCE)
    before = _snapshot(plan)
    data = breakdown_export(plan=plan)

    assert [row[:2] for row in _cells(data)[2:]] == [["一.1", "加强党的建设"], ["一.2", "加强廉政建设"],
                                                    ["二.1", "加强教研工作"]]
    assert _import(plan, data, manager) == BreakdownImportResult(rows=3, updated=[], unchanged=3)
    assert _snapshot(plan) == before


# ---- import -------------------------------------------------------------------------------------

def test_import_reads_synonyms_under_title_rows(plan, world, manager):
    # given a hand-made table: two title rows and a blank row above headers in another bureau's words
    data = _xlsx([
        ["潜江市教育局2024年工作要点任务分解表"],
        ["填报单位:基础教育科", None, None, None, None, None, "2024年3月"],
        [],
        ["编号", "工作任务", "工作措施", "牵头科室", "配合单位", "时间节点", "工作目标"],
        [1, "深化理论武装", "每月开展专题学习", "基础教育科", "浩口镇学区，熊口镇学区", "6月底前", "全年12次"],
        ["2-1", "推进义务教育优质均衡", "督导评估", "浩口镇学区", None, "2024.9.30", None],
        ["2-2", None, "控辍保学", "熊口镇学区；基础教育科", "浩口镇学区", datetime.date(2024, 11, 15), None],
        [],
        ["3", "加强特殊教育"],  # listed without a breakdown: left as it is
    ])
    untouched = [row for row in _snapshot(plan) if row[1] in ("3", "4")]

    result = _import(plan, data, manager)

    assert result == BreakdownImportResult(rows=3, updated=["1", "2"], unchanged=0)
    breakdown = _breakdown(plan)
    assert breakdown["1"] == [("每月开展专题学习", "全年12次", datetime.date(2024, 6, 30), ["基础教育科"],
                               ["浩口镇学区", "熊口镇学区"])]
    assert breakdown["2"] == [
        ("督导评估", "", datetime.date(2024, 9, 30), ["浩口镇学区"], []),
        ("控辍保学", "", datetime.date(2024, 11, 15), ["熊口镇学区", "基础教育科"], ["浩口镇学区"]),
    ]
    assert [row for row in _snapshot(plan) if row[1] in ("3", "4")] == untouched


@pytest.mark.parametrize("header", [
    ["序号", "牵头单位", "完成时限"],
    ["编 号", "牵头单位（科室）", "完成\n时间"],
    ["序号*", "牵头科室", "时间节点"],
])
def test_import_finds_header_words_written_in_other_ways(plan, manager, header):
    result = _import(plan, _xlsx([header, ["4", "熊口镇学区", "2024年10月31日"]]), manager)

    assert result.updated == ["4"]
    assert _breakdown(plan)["4"] == [("", "", datetime.date(2024, 10, 31), ["熊口镇学区"], [])]


def test_import_reads_a_merged_number_cell_as_tasks_of_one_item(plan, manager):
    data = _xlsx([
        list(HEADERS),
        ["2", "推进义务教育优质均衡", "督导评估", "基础教育科", None, "6月底", None],
        [None, None, "控辍保学", "浩口镇学区", None, "年底", None],
    ], merge="A2:A3")

    _import(plan, data, manager)

    assert [(m, d, lead) for m, _, d, lead, _ in _breakdown(plan)["2"]] == [
        ("督导评估", datetime.date(2024, 6, 30), ["基础教育科"]),
        ("控辍保学", DEC_31, ["浩口镇学区"]),
    ]


def test_import_keeps_columns_owner_and_milestones_the_file_does_not_have(plan, world, manager):
    # given item 2 with an owner and a milestone, and a file with only 序号 and 牵头单位
    item_breakdown_save(item=_item(plan, "2"), saved_by=manager, rows=[TaskInput(
        measure="督导评估", target="100%", deadline=datetime.date(2024, 6, 30), lead_units=[world.units["S1"]],
        cooperating_units=[world.units["D1"]], owner=manager, milestones=[("自评", datetime.date(2024, 4, 30))],
    )])

    _import(plan, _xlsx([["序号", "牵头单位"], ["2", "熊口镇学区"]]), manager)

    assert _breakdown(plan)["2"] == [("督导评估", "100%", datetime.date(2024, 6, 30), ["熊口镇学区"], ["浩口镇学区"])]
    task = Task.objects.get(item__number="2", item__section__plan=plan)
    assert task.owner == manager
    assert list(Milestone.objects.filter(task=task).values_list("title", "due_on")) == [
        ("自评", datetime.date(2024, 4, 30))]


def test_import_orders_an_items_rows_by_their_task_number(plan, world, manager):
    # given a sheet sorted so that 2-2 comes before 2-1
    _split_item_2(plan, world, manager)
    before = _snapshot(plan)
    rows = _cells(breakdown_export(plan=plan))

    result = _import(plan, _xlsx([rows[1], rows[4], rows[3]]), manager)

    assert result == BreakdownImportResult(rows=2, updated=[], unchanged=1)
    assert _snapshot(plan) == before


def _ods(rows: list[list]) -> bytes:
    """A minimal OpenDocument spreadsheet with text and date cells."""
    def cell(value) -> str:
        if isinstance(value, datetime.date):
            return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"/>'
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    body = "".join(f"<table:table-row>{''.join(cell(v) for v in row)}</table:table-row>" for row in rows)
    ns = {"office": "office:1.0", "table": "table:1.0", "text": "text:1.0", "manifest": "manifest:1.0"}
    xmlns = " ".join(f'xmlns:{k}="urn:oasis:names:tc:opendocument:xmlns:{v}"' for k, v in ns.items())
    mime = "application/vnd.oasis.opendocument.spreadsheet"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mime)
        archive.writestr("content.xml", f'<office:document-content {xmlns} office:version="1.2"><office:body>'
                         f'<office:spreadsheet><table:table table:name="分解表">{body}</table:table>'
                         "</office:spreadsheet></office:body></office:document-content>")
        archive.writestr("META-INF/manifest.xml", f'<manifest:manifest {xmlns} manifest:version="1.2">'
                         f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/>'
                         '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                         "</manifest:manifest>")
    return out.getvalue()


def test_import_reads_an_ods_file(plan, manager):
    data = _ods([[TITLE], ["序号", "牵头单位", "完成时限"], ["4", "熊口镇学区", datetime.date(2024, 10, 31)]])

    assert _import(plan, data, manager, filename="任务分解表.ods").updated == ["4"]
    assert _breakdown(plan)["4"] == [("", "", datetime.date(2024, 10, 31), ["熊口镇学区"], [])]


def test_import_drops_tasks_beyond_the_rows(plan, world, manager):
    _split_item_2(plan, world, manager)

    result = _import(plan, _xlsx([list(HEADERS), ["2", "", "合并为一项", "基础教育科", "", "年底", ""]]), manager)

    assert result.updated == ["2"]
    assert _breakdown(plan)["2"] == [("合并为一项", "", DEC_31, ["基础教育科"], [])]


def test_import_lists_every_bad_cell_and_writes_nothing(plan, manager):
    data = _xlsx([
        ["任务分解表"],
        list(HEADERS),
        [1, "深化理论武装", "措施", "基础教育科", "教研室", "6月底", ""],
        [99, "", "措施", "基础教育科", "", "", ""],
        [2, "", "措施", "", "", "2024年13月1日", ""],
        [4, "", "", "浩口镇学区", "", datetime.date(2025, 1, 15), ""],
        [None, "", "另一措施", "人事科、基础教育科", "", "", "x" * 301],
    ])
    before = _snapshot(plan)

    with pytest.raises(BreakdownImportError) as caught:
        _import(plan, data, manager)

    assert caught.value.errors == [
        BreakdownRowError(3, "责任单位", "教研室", BREAKDOWN_IMPORT_UNIT_UNKNOWN.format(name="教研室")),
        BreakdownRowError(4, "序号", "99", BREAKDOWN_IMPORT_NUMBER_UNKNOWN.format(value="99")),
        BreakdownRowError(5, "牵头单位", "", BREAKDOWN_LEAD_REQUIRED),
        BreakdownRowError(5, "完成时限", "2024年13月1日", BREAKDOWN_IMPORT_BAD_DATE.format(year=2024)),
        BreakdownRowError(6, "完成时限", "2025年1月15日", BREAKDOWN_DEADLINE_YEAR.format(year=2024)),
        BreakdownRowError(7, "牵头单位", "人事科、基础教育科", BREAKDOWN_IMPORT_UNIT_UNKNOWN.format(name="人事科")),
        BreakdownRowError(7, "目标", "x" * 301, BREAKDOWN_IMPORT_TARGET_TOO_LONG.format(limit=300)),
    ]
    assert caught.value.message == BREAKDOWN_IMPORT_INVALID.format(count=7)
    assert caught.value.extra["errors"][0] == {
        "row": 3, "column": "责任单位", "value": "教研室", "reason": "未找到单位“教研室”,请使用组织机构中的单位全称",
    }
    assert _snapshot(plan) == before


def test_import_reports_errors_under_the_files_own_header_words(plan, manager):
    data = _xlsx([["编号", "牵头科室"], [None, "基础教育科"], ["7", "基础教育科"]])

    with pytest.raises(BreakdownImportError) as caught:
        _import(plan, data, manager)

    assert caught.value.errors == [
        BreakdownRowError(2, "编号", "", BREAKDOWN_IMPORT_NUMBER_MISSING),
        BreakdownRowError(3, "编号", "7", BREAKDOWN_IMPORT_NUMBER_UNKNOWN.format(value="7")),
    ]


def test_import_asks_for_the_qualified_number_when_numbers_restart(world, manager):
    plan = _published(world, manager, RESTARTING_SOURCE)
    before = _snapshot(plan)

    with pytest.raises(BreakdownImportError) as caught:
        _import(plan, _xlsx([["序号", "牵头单位"], ["1", "熊口镇学区"], ["二.1-1", "熊口镇学区"]]), manager)

    assert caught.value.errors == [
        BreakdownRowError(2, "序号", "1", BREAKDOWN_IMPORT_NUMBER_AMBIGUOUS.format(value="1", example="一.1")),
    ]
    assert _snapshot(plan) == before


def test_import_does_not_require_a_lead_for_rows_it_leaves_unchanged(plan, manager):
    # given item 3, published without a lead unit because its text names none
    exported = breakdown_export(plan=plan)
    assert _cells(exported)[4] == [3.0, "加强特殊教育", "", "", "", DEC_31, ""]

    assert _import(plan, exported, manager).unchanged == 4
    with pytest.raises(BreakdownImportError) as caught:
        _import(plan, _xlsx([list(HEADERS), ["3", "", "新措施", "", "", "年底", ""]]), manager)
    assert caught.value.errors == [BreakdownRowError(2, "牵头单位", "", BREAKDOWN_LEAD_REQUIRED)]


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("市教育局2024年工作要点")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return out.getvalue()


@pytest.mark.parametrize(("make", "message"), [
    (lambda: b"", BREAKDOWN_FILE_EMPTY),
    (lambda: b"\x00\x01\x02 not a spreadsheet", BREAKDOWN_FILE_NOT_SPREADSHEET.format(filename="任务分解表.xlsx")),
    (lambda: "序号,牵头单位\n1,基础教育科\n".encode(), BREAKDOWN_FILE_NOT_SPREADSHEET.format(filename="任务分解表.xlsx")),
    (_docx_bytes, BREAKDOWN_FILE_NOT_SPREADSHEET.format(filename="任务分解表.xlsx")),
    (_zip_bytes, BREAKDOWN_FILE_NOT_SPREADSHEET.format(filename="任务分解表.xlsx")),
    (lambda: _xlsx([["任务分解表"], ["任务", "单位", "时间"], ["1", "基础教育科", "6月底"]]), BREAKDOWN_FILE_NO_HEADER),
    (lambda: _xlsx([[TITLE], list(HEADERS), [], ["4", "推进学区建设"]]), BREAKDOWN_FILE_NO_ROWS),
])
def test_import_rejects_files_it_cannot_read(plan, manager, make, message):
    before = _snapshot(plan)

    with pytest.raises(ApplicationError) as caught:
        _import(plan, make(), manager)

    assert caught.value.message == message
    assert not isinstance(caught.value, BreakdownImportError)
    assert _snapshot(plan) == before


@pytest.mark.parametrize(("role_key", "allowed"), [
    ("sysadmin", True), ("section_staff", True), ("superuser", True),
    ("leader", False), ("district_admin", False), ("school_admin", False), ("inspector", False), ("norole", False),
])
def test_import_permission_matrix(plan, world, role_key, allowed):
    data = _xlsx([["序号", "牵头单位"], ["4", "熊口镇学区"]])
    before = _snapshot(plan)

    if allowed:
        assert _import(plan, data, world.users[role_key]).updated == ["4"]
    else:
        with pytest.raises(ApplicationError, match=f"^{BREAKDOWN_NOT_ALLOWED}$"):
            _import(plan, data, world.users[role_key])
        assert _snapshot(plan) == before


def test_import_needs_a_published_plan(world, manager):
    draft = plan_import(source=SOURCE, filename="t.txt", owner=world.units["C"], imported_by=manager)

    with pytest.raises(ApplicationError, match=f"^{BREAKDOWN_PLAN_NOT_PUBLISHED}$"):
        _import(draft, _xlsx([["序号", "牵头单位"], ["4", "熊口镇学区"]]), manager)
    assert not Task.objects.filter(item__section__plan=draft).exists()


# ---- deadlines ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("2024年6月30日", datetime.date(2024, 6, 30)),
    ("2024-06-30", datetime.date(2024, 6, 30)),
    ("2024.6.30", datetime.date(2024, 6, 30)),
    ("2024/6/30", datetime.date(2024, 6, 30)),
    ("２０２４年６月３０日前", datetime.date(2024, 6, 30)),
    ("20240630", datetime.date(2024, 6, 30)),
    ("2024年6月", datetime.date(2024, 6, 30)),
    ("6月30日", datetime.date(2024, 6, 30)),
    ("6月底", datetime.date(2024, 6, 30)),
    ("2月底", datetime.date(2024, 2, 29)),
    ("6月", datetime.date(2024, 6, 30)),
    ("6月中旬", datetime.date(2024, 6, 20)),
    ("年底", DEC_31),
    ("2024年底", DEC_31),
    ("年底前完成", DEC_31),
    ("上半年", datetime.date(2024, 6, 30)),
    ("第三季度", datetime.date(2024, 9, 30)),
    ("3月-6月", datetime.date(2024, 6, 30)),
    ("2024年3月至11月底", datetime.date(2024, 11, 30)),
    (45473, datetime.date(2024, 6, 30)),
    (45473.0, datetime.date(2024, 6, 30)),
    (datetime.datetime(2024, 6, 30, 0, 0), datetime.date(2024, 6, 30)),
    (datetime.date(2024, 6, 30), datetime.date(2024, 6, 30)),
    ("", None),
    ("  ", None),
])
def test_parse_deadline_reads_the_ways_bureaus_write_dates(value, expected):
    assert parse_deadline(value, year=2024) == expected


@pytest.mark.parametrize("value", ["尽快", "长期坚持", "2024年2月30日", "13月底", "6", True, -1])
def test_parse_deadline_rejects_what_is_not_a_date(value):
    with pytest.raises(ValueError):
        parse_deadline(value, year=2024)
