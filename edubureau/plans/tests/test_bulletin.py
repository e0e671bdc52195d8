"""The monthly bulletin (通报): built from a real plan, breakdown and reports, then opened with python-docx."""
import datetime
import io
from dataclasses import dataclass

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from django.utils import timezone

from edubureau.plans.models import ProgressStatus, WorkPlan
from edubureau.plans.selectors import plan_items
from edubureau.plans.services.breakdown import TaskInput, item_breakdown_save
from edubureau.plans.services.bulletin import (
    ALL_REPORTED, BULLETIN_HEADINGS, NO_LAGGING, NO_SECTION_TASKS, NO_UNIT_TASKS, REQUIREMENTS,
    SECTION_TABLE_HEADER, UNIT_TABLE_HEADER, bulletin_docx, bulletin_filename,
)
from edubureau.plans.services.docx_style import cjk_punctuation
from edubureau.plans.services.importing import plan_import
from edubureau.plans.services.progress import report_review, report_submit
from edubureau.plans.services.publishing import plan_publish
from edubureau.plans.summary import MonthSummary, plan_month_summary

PLAN_TEXT = """市教育局2024年工作要点
一、坚持党的领导,以更高站位引领事业发展
1.深化党的创新理论武装。严格落实“第一议题”制度,抓实党员干部经常性教育。（责任科室：基础教育科）
2.加强基层党组织建设。加强学校党组织标准化规范化建设。
二、坚持立德树人,以更大力度促进五育融合
3.强化体育美育育人功能。常态化开展各类体育活动。
4.抓好实践教育。做好省级劳动教育示范区试点工作。
5.加强科学教育。加强科学类课程建设。
"""
MAY = datetime.date(2024, 5, 1)
APRIL = datetime.date(2024, 4, 1)
ISSUED_ON = datetime.date(2024, 6, 3)
DOC_NUMBER = "潜教通〔2024〕5号"
ISSUER = "潜江市教育局"
TITLE = "关于2024年5月《市教育局2024年工作要点》落实情况的通报"
LAGGING_LINE = "1.深化党的创新理论武装：时间节点“完成方案制定”已逾期；连续两个月未报送；最近一次报送为“滞后”。"
NON_REPORTING_LINE = "本月有2个单位未按时报送工作进展：浩口镇学区（未报送1项）、熊口镇学区（未报送1项）。请上述单位抓紧补报。"


@dataclass
class Setup:
    plan: WorkPlan
    items: list  # PlanItem by number "1".."5", fetched through plan_items


def _report(world, item, unit_key, user_key, month, status, percent, narrative="按计划推进"):
    return report_submit(
        task=item.tasks.get(), org_unit=world.units[unit_key], month=month, status=status, percent=percent,
        narrative=narrative, submitted_by=world.users[user_key],
    )


def _break_down(world, items) -> None:
    s1, d1, d2 = world.units["S1"], world.units["D1"], world.units["D2"]
    rows = {
        "1": TaskInput(lead_units=[s1], cooperating_units=[d1, d2], deadline=datetime.date(2024, 12, 31),
                       milestones=[("完成方案制定", datetime.date(2024, 5, 15))]),
        "2": TaskInput(lead_units=[s1], cooperating_units=[d1]),
        "3": TaskInput(lead_units=[s1], cooperating_units=[d2]),
        "4": TaskInput(lead_units=[s1], cooperating_units=[d1]),
    }  # item 5 keeps its default task with no unit: 待分解
    for number, row in rows.items():
        item_breakdown_save(item=items[number], rows=[row], saved_by=world.users["section_staff"])


def _submit_reports(world, items) -> None:
    # item 1 → red: S1 reports 滞后, D2 misses April and May, the 5-15 milestone is overdue
    _report(world, items["1"], "S1", "section_staff", MAY, ProgressStatus.LAGGING, 30, "受场地影响,进度滞后")
    _report(world, items["1"], "D1", "district_admin", MAY, ProgressStatus.IN_PROGRESS, 40)
    # item 2 → yellow: D1 reported April but not May
    _report(world, items["2"], "S1", "section_staff", MAY, ProgressStatus.IN_PROGRESS, 50)
    _report(world, items["2"], "D1", "district_admin", APRIL, ProgressStatus.IN_PROGRESS, 20)
    # item 3 → done: both units report 已完成 and the lead section approves
    for unit_key, user_key in (("S1", "section_staff"), ("D2", "sysadmin")):
        report = _report(world, items["3"], unit_key, user_key, MAY, ProgressStatus.DONE, 100, "已全面完成")
        report_review(report=report, approve=True, reviewed_by=world.users["section_staff"])
    # item 4 → green
    _report(world, items["4"], "S1", "section_staff", MAY, ProgressStatus.IN_PROGRESS, 60)
    _report(world, items["4"], "D1", "district_admin", MAY, ProgressStatus.IN_PROGRESS, 60)


def _fetch_items(world, plan) -> dict:
    return {item.number: item for item in plan_items(fetched_by=world.users["leader"], plan=plan)}


@pytest.fixture
def setup(world) -> Setup:
    """A published plan of 5 items: one each 滞后, 预警, 已完成, 正常推进 and 待分解 as of the end of May 2024."""
    plan = plan_import(source=PLAN_TEXT, filename="plan.txt", owner=world.units["C"],
                       imported_by=world.users["sysadmin"])
    plan_publish(plan=plan, published_by=world.users["sysadmin"])
    # Published in March 2024, so reports are due from March on (the real publication time is today).
    WorkPlan.objects.filter(pk=plan.pk).update(published_at=timezone.make_aware(datetime.datetime(2024, 3, 8, 9)))
    plan.refresh_from_db()
    _break_down(world, _fetch_items(world, plan))
    _submit_reports(world, _fetch_items(world, plan))
    return Setup(plan, list(_fetch_items(world, plan).values()))


def _summary(setup: Setup, numbers=("1", "2", "3", "4", "5")) -> MonthSummary:
    items = [item for item in setup.items if item.number in numbers]
    return plan_month_summary(plan=setup.plan, items=items, month=MAY, today=ISSUED_ON)


def _bulletin(summary: MonthSummary) -> docx.document.Document:
    data = bulletin_docx(summary=summary, doc_number=DOC_NUMBER, issued_on=ISSUED_ON, issuer=ISSUER)
    return docx.Document(io.BytesIO(data))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _east_asian_fonts(paragraph) -> set[str]:
    return {run.element.rPr.rFonts.get(qn("w:eastAsia")) for run in paragraph.runs}


def test_bulletin_paragraphs_state_the_month(setup):
    # when
    document = _bulletin(_summary(setup))
    # then
    requirements = [heading + text for heading, text in REQUIREMENTS]
    assert _texts(document) == [
        ISSUER, DOC_NUMBER, TITLE, "各学区、园林分局，局直各单位：",
        "为推动《市教育局2024年工作要点》各项任务落地见效，现将2024年5月工作落实情况通报如下：",
        "一、总体情况",
        "截至2024年5月底，纳入调度的5项重点任务中，已完成1项，正常推进1项，预警1项，滞后1项，待分解1项，完成率为20.0%。",
        "本月各责任单位应报送9项次，实际报送7项次，未报送2项次。",
        "二、各科室牵头任务完成情况", "三、各责任单位报送情况",
        "四、滞后任务", LAGGING_LINE,
        "五、未按时报送的单位", NON_REPORTING_LINE,
        "六、下一步工作要求", *requirements,
        "", ISSUER, "2024年6月3日",
    ]
    assert requirements[2].startswith("（三）严格按时报送。各责任单位要于每月25日前如实报送")


def test_bulletin_tables_count_tasks_by_section_and_unit(setup):
    # when
    document = _bulletin(_summary(setup))
    # then
    sections, units = document.tables
    assert _rows(sections) == [SECTION_TABLE_HEADER, ["基础教育科", "4", "1", "1", "1", "1", "25.0%"]]
    assert SECTION_TABLE_HEADER == ["科室", "牵头任务数", "已完成", "正常推进", "预警", "滞后", "完成率"]
    assert _rows(units) == [
        UNIT_TABLE_HEADER,
        # each unit is judged by its own reports: 浩口镇学区 reported on item 1, which is red for others
        ["浩口镇学区", "3", "2", "1", "0"],
        ["熊口镇学区", "2", "1", "1", "1"],
        ["基础教育科", "4", "4", "0", "1"],
    ]
    assert UNIT_TABLE_HEADER == ["单位", "承担任务数", "本月已报送", "未报送", "滞后"]
    for table in (sections, units):
        assert table.style.name == "Table Grid"
        header_runs = [run for cell in table.rows[0].cells for run in cell.paragraphs[0].runs]
        body_runs = [run for cell in table.rows[1].cells for run in cell.paragraphs[0].runs]
        assert all(run.bold for run in header_runs) and not any(run.bold for run in body_runs)
        assert {(run.font.name, run.font.size) for run in header_runs + body_runs} == {("仿宋_GB2312", Pt(12))}
        assert {run.element.rPr.rFonts.get(qn("w:eastAsia")) for run in header_runs} == {"仿宋_GB2312"}


def test_bulletin_page_and_header_follow_official_document_format(setup):
    # when
    document = _bulletin(_summary(setup))
    # then
    page = document.sections[0]
    lengths = (page.page_width, page.page_height, page.top_margin, page.bottom_margin, page.left_margin,
               page.right_margin)
    assert [round(length.mm, 1) for length in lengths] == [210, 297, 37, 35, 28, 26]
    masthead, number, title = document.paragraphs[:3]
    assert _east_asian_fonts(masthead) == {"方正小标宋简体"}
    assert masthead.runs[0].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    border = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (border.get(qn("w:val")), border.get(qn("w:color"))) == ("single", "FF0000")
    assert (_east_asian_fonts(title), title.runs[0].font.size) == ({"方正小标宋简体"}, Pt(22))
    assert {p.alignment for p in (masthead, number, title)} == {WD_ALIGN_PARAGRAPH.CENTER}
    assert document.core_properties.title == TITLE
    assert [round(column.width.mm) for column in document.tables[0].columns] == [42, 19, 19, 19, 19, 19, 19]


def test_bulletin_body_fonts_and_signature(setup):
    # when
    document = _bulletin(_summary(setup))
    # then
    paragraphs = {p.text: p for p in document.paragraphs[3:] if p.text}
    heading, text = paragraphs["一、总体情况"], paragraphs[LAGGING_LINE]
    assert (_east_asian_fonts(heading), heading.runs[0].font.size) == ({"黑体"}, Pt(16))
    assert (_east_asian_fonts(text), text.runs[0].font.size) == ({"仿宋_GB2312"}, Pt(16))
    assert text.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert Pt(28) <= text.paragraph_format.line_spacing <= Pt(29)
    requirement = paragraphs[REQUIREMENTS[0][0] + REQUIREMENTS[0][1]]
    assert [run.element.rPr.rFonts.get(qn("w:eastAsia")) for run in requirement.runs] == ["楷体_GB2312", "仿宋_GB2312"]
    signature, signature_date = document.paragraphs[-2:]
    assert (_east_asian_fonts(signature), _east_asian_fonts(signature_date)) == ({"仿宋_GB2312"}, {"仿宋_GB2312"})
    assert signature.alignment == signature_date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # "潜江市教育局" and "2024年6月3日" are both six characters wide: both sit four characters in
    assert signature.paragraph_format.right_indent == signature_date.paragraph_format.right_indent == Pt(64)


@pytest.mark.parametrize("footer", ["footer", "even_page_footer"])
def test_bulletin_footer_numbers_pages(setup, footer):
    # when
    document = _bulletin(_summary(setup))
    # then
    assert document.settings.odd_and_even_pages_header_footer
    paragraph = getattr(document.sections[0], footer).paragraphs[0]
    instructions = [el.text for el in paragraph._p.iter(qn("w:instrText"))]
    kinds = [el.get(qn("w:fldCharType")) for el in paragraph._p.iter(qn("w:fldChar"))]
    assert (instructions, kinds) == ([" PAGE "], ["begin", "separate", "end"])
    assert paragraph.text == "\u2014 1 \u2014"
    assert _east_asian_fonts(paragraph) == {"宋体"}
    assert {run.font.size for run in paragraph.runs} == {Pt(14)}


def test_bulletin_month_without_lagging_or_missing_reports(setup):
    # given only the done and the green item
    summary = _summary(setup, numbers=("3", "4"))
    # when
    texts = _texts(_bulletin(summary))
    # then
    assert texts[texts.index(BULLETIN_HEADINGS[3]) + 1] == NO_LAGGING == "本月无滞后任务。"
    assert texts[texts.index(BULLETIN_HEADINGS[4]) + 1] == ALL_REPORTED == "各单位均已按时报送。"
    assert texts[texts.index(BULLETIN_HEADINGS[0]) + 1] == (
        "截至2024年5月底，纳入调度的2项重点任务中，已完成1项，正常推进1项，预警0项，滞后0项，待分解0项，完成率为50.0%。"
    )


def test_bulletin_without_breakdown_has_no_tables(setup):
    # given only the item not yet broken down
    summary = _summary(setup, numbers=("5",))
    # when
    document = _bulletin(summary)
    # then
    texts = _texts(document)
    assert document.tables == []
    assert texts[texts.index(BULLETIN_HEADINGS[1]) + 1] == NO_SECTION_TASKS
    assert texts[texts.index(BULLETIN_HEADINGS[2]) + 1] == NO_UNIT_TASKS
    assert "本月各责任单位应报送0项次，实际报送0项次，未报送0项次。" in texts


def test_bulletin_writes_without_queries(setup, django_assert_num_queries):
    # given
    summary = _summary(setup)
    # when / then: the summary carries everything the document needs
    with django_assert_num_queries(0):
        bulletin_docx(summary=summary, doc_number=DOC_NUMBER, issued_on=ISSUED_ON, issuer=ISSUER)
    assert bulletin_filename(summary) == "2024年5月工作要点落实情况通报.docx"


@pytest.mark.parametrize(("text", "expected"), [
    ("有报送被退回,尚未重新报送", "有报送被退回，尚未重新报送"),
    ("组建潜江职业教育(集团)学校", "组建潜江职业教育（集团）学校"),
    ("《行动计划(2022-2025)》", "《行动计划（2022-2025）》"),
    ("升级到Python(3.11)版本", "升级到Python(3.11)版本"),
    ("投入1,000万元", "投入1,000万元"),
    ("第一; 第二:完成", "第一； 第二：完成"),
])
def test_cjk_punctuation(text, expected):
    assert cjk_punctuation(text) == expected
