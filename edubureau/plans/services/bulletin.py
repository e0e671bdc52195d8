"""The monthly bulletin (通报) on a plan's execution: a .docx laid out as an official document.

The figures come from a MonthSummary (edubureau.plans.summary); this module only writes them.
The layout (masthead, red line, fonts, page numbers) lives in docx_style.
"""
import datetime
import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Mm

from edubureau.plans.lights import DONE, GREEN, GREY, RED, REPORT_DUE_DAY, YELLOW, Light
from edubureau.plans.models import PlanItem
from edubureau.plans.services import docx_style as style
from edubureau.plans.summary import MonthSummary, UnitTally

BULLETIN_TITLE = "关于{year}年{month}月《{plan}》落实情况的通报"
BULLETIN_ADDRESSEE = "各学区、园林分局，局直各单位："
BULLETIN_OPENING = "为推动《{plan}》各项任务落地见效，现将{year}年{month}月工作落实情况通报如下："
BULLETIN_HEADINGS = (
    "一、总体情况", "二、各科室牵头任务完成情况", "三、各责任单位报送情况",
    "四、滞后任务", "五、未按时报送的单位", "六、下一步工作要求",
)
BULLETIN_OVERVIEW = (
    "截至{year}年{month}月底，纳入调度的{total}项重点任务中，已完成{done}项，正常推进{green}项，"
    "预警{yellow}项，滞后{red}项，待分解{grey}项，完成率为{rate}。"
)
BULLETIN_REPORTING = "本月各责任单位应报送{due}项次，实际报送{reported}项次，未报送{missing}项次。"
SECTION_TABLE_HEADER = ["科室", "牵头任务数", "已完成", "正常推进", "预警", "滞后", "完成率"]
UNIT_TABLE_HEADER = ["单位", "承担任务数", "本月已报送", "未报送", "滞后"]
SECTION_TABLE_WIDTHS = [Mm(42)] + [Mm(19)] * 6  # both tables span the 156 mm text width
UNIT_TABLE_WIDTHS = [Mm(56)] + [Mm(25)] * 4
NO_SECTION_TASKS = "本月暂无由科室牵头的任务。"
NO_UNIT_TASKS = "本月暂无分解到责任单位的任务。"
NO_LAGGING = "本月无滞后任务。"
NON_REPORTING = "本月有{count}个单位未按时报送工作进展：{units}。请上述单位抓紧补报。"
NON_REPORTING_UNIT = "{name}（未报送{missing}项）"
ALL_REPORTED = "各单位均已按时报送。"
REQUIREMENTS = (
    ("（一）压实工作责任。", "各牵头科室要切实履行牵头职责，加强统筹调度；各责任单位要对照任务分解表细化工作措施，"
                     "明确完成时限，确保各项任务按时保质完成。"),
    ("（二）加快推进滞后任务。", "对本通报所列滞后任务，相关牵头科室和责任单位要认真分析原因，制定整改措施，"
                      "并在下月报送时一并报告整改进展。"),
    ("（三）严格按时报送。", f"各责任单位要于每月{REPORT_DUE_DAY}日前如实报送当月工作进展，并上传佐证材料。"
                    "对连续两个月未报送或任务滞后的单位，市教育局将下发督办单进行督办。"),
)


def chinese_date(day: datetime.date) -> str:
    """2024年6月3日: the form of a 成文日期 (Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def bulletin_title(summary: MonthSummary) -> str:
    return BULLETIN_TITLE.format(year=summary.month.year, month=summary.month.month, plan=summary.plan.title)


def bulletin_filename(summary: MonthSummary) -> str:
    """A download name for the bulletin, e.g. "2024年5月工作要点落实情况通报.docx"."""
    return f"{summary.month.year}年{summary.month.month}月工作要点落实情况通报.docx"


def bulletin_docx(*, summary: MonthSummary, doc_number: str, issued_on: datetime.date, issuer: str,
                  addressee: str = BULLETIN_ADDRESSEE) -> bytes:
    """The 通报 for `summary`'s month as .docx bytes.

    `issuer` heads the document in red and signs it; `doc_number` is the 发文字号 (e.g. "潜教通〔2024〕5号").
    The document covers exactly the items the summary was built from: scope them before summarising.
    """
    title = bulletin_title(summary)
    doc = Document()
    style.setup_document(doc, title=title, author=issuer)
    style.masthead(doc, issuer)
    style.document_number(doc, doc_number)
    style.title(doc, title)
    style.addressee(doc, addressee)
    month = summary.month
    style.body(doc, BULLETIN_OPENING.format(plan=summary.plan.title, year=month.year, month=month.month))
    for write in (_overview, _section_table, _unit_table, _lagging, _non_reporting, _requirements):
        write(doc, summary)
    style.signature(doc, issuer, chinese_date(issued_on))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0.0%"


def _overview(doc: DocumentObject, summary: MonthSummary) -> None:
    style.heading(doc, BULLETIN_HEADINGS[0])
    totals = summary.light_totals
    total = sum(totals.values())
    style.body(doc, BULLETIN_OVERVIEW.format(
        year=summary.month.year, month=summary.month.month, total=total, done=totals[DONE], green=totals[GREEN],
        yellow=totals[YELLOW], red=totals[RED], grey=totals[GREY], rate=_percent(totals[DONE], total),
    ))
    due = sum(t.total for t in summary.by_unit)
    reported = sum(t.reported for t in summary.by_unit)
    style.body(doc, BULLETIN_REPORTING.format(due=due, reported=reported, missing=due - reported))


def _section_row(tally: UnitTally) -> list[str]:
    counts = [tally.total, tally.lights[DONE], tally.lights[GREEN], tally.lights[YELLOW], tally.lights[RED]]
    return [tally.unit.name, *map(str, counts), f"{tally.done_rate:.1f}%"]


def _section_table(doc: DocumentObject, summary: MonthSummary) -> None:
    style.heading(doc, BULLETIN_HEADINGS[1])
    if not summary.by_section:
        style.body(doc, NO_SECTION_TASKS)
        return
    rows = [_section_row(tally) for tally in summary.by_section]
    style.grid_table(doc, SECTION_TABLE_HEADER, rows, SECTION_TABLE_WIDTHS)


def _unit_table(doc: DocumentObject, summary: MonthSummary) -> None:
    style.heading(doc, BULLETIN_HEADINGS[2])
    if not summary.by_unit:
        style.body(doc, NO_UNIT_TASKS)
        return
    rows = [
        [t.unit.name, str(t.total), str(t.reported), str(t.missing), str(t.lights[RED])] for t in summary.by_unit
    ]
    style.grid_table(doc, UNIT_TABLE_HEADER, rows, UNIT_TABLE_WIDTHS)


def lagging_line(item: PlanItem, light: Light) -> str:
    """"1.深化党的创新理论武装：最近一次报送为“滞后”。": the item and why it is red."""
    number = f"{item.number}." if item.number else ""
    reasons = "；".join(light.reasons)
    return style.cjk_punctuation(f"{number}{item.title}：{reasons}。")


def _lagging(doc: DocumentObject, summary: MonthSummary) -> None:
    style.heading(doc, BULLETIN_HEADINGS[3])
    for item, light in summary.lagging_items:
        style.body(doc, lagging_line(item, light))
    if not summary.lagging_items:
        style.body(doc, NO_LAGGING)


def _non_reporting(doc: DocumentObject, summary: MonthSummary) -> None:
    style.heading(doc, BULLETIN_HEADINGS[4])
    tallies = summary.non_reporting
    if not tallies:
        style.body(doc, ALL_REPORTED)
        return
    units = "、".join(NON_REPORTING_UNIT.format(name=t.unit.name, missing=t.missing) for t in tallies)
    style.body(doc, NON_REPORTING.format(count=len(tallies), units=units))


def _requirements(doc: DocumentObject, summary: MonthSummary) -> None:
    style.heading(doc, BULLETIN_HEADINGS[5])
    for heading_text, text in REQUIREMENTS:
        style.run_in_heading(doc, heading_text, text)
