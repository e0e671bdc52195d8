"""Title, issuer, date, year, notice and preamble in the forms bureaus use."""
import datetime

import pytest

from edubureau.plans.parsing import ParsedNotice, parse_plan
from edubureau.plans.parsing.frontmatter import issuer_from_title, parse_date
from edubureau.plans.tests.helpers import parse_fixture

BODY = "一、加强党的建设\n1.深化理论武装。开展专题学习。\n2.加强组织建设。推进标准化建设。\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("2024年3月8日", (datetime.date(2024, 3, 8), "")),
    ("二〇二四年三月八日", (datetime.date(2024, 3, 8), "")),
    ("二○二四年十二月三十一日", (datetime.date(2024, 12, 31), "")),
    ("潜江市教育局 2024年3月8日", (datetime.date(2024, 3, 8), "潜江市教育局")),
    ("（2024年 3 月 8 日）", (datetime.date(2024, 3, 8), "")),
    ("2024年2月30日", None),
    ("2024年全市教育工作的总体要求是:", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("title", "issuer"), [
    ("市教育局2024年工作要点", "市教育局"),
    ("潜江市教育局关于2024年工作的安排", "潜江市教育局"),
    ("2024年全市教育工作要点", ""),
    ("全市教育系统2024年工作要点", ""),
    ("梅山县教育局二〇二四年工作要点", "梅山县教育局"),
])
def test_issuer_from_title(title, issuer):
    assert issuer_from_title(title) == issuer


def test_issuer_from_the_signature_and_year_from_the_date_when_the_title_has_neither():
    plan = parse_plan("全县教育工作要点\n" + BODY + "梅山县教育局\n2025年1月20日\n")
    assert (plan.title, plan.issuer, plan.issued_on, plan.year) == (
        "全县教育工作要点", "梅山县教育局", datetime.date(2025, 1, 20), 2025,
    )
    assert plan.items[-1].text == "推进标准化建设。"


def test_title_split_over_two_lines_is_joined():
    plan = parse_plan("潜江市教育局\n2024年工作要点\n总体要求是:稳中求进。\n" + BODY)
    assert (plan.title, plan.issuer, plan.year) == ("潜江市教育局2024年工作要点", "潜江市教育局", 2024)
    assert plan.preamble == "总体要求是:稳中求进。"


def test_title_taken_from_the_notice_when_the_plan_has_no_title_line():
    plan = parse_plan("各学区:\n现将《县教育局2024年工作要点》印发给你们,请遵照执行。\n总体要求是:稳中求进。\n" + BODY)
    assert (plan.title, plan.issuer, plan.year) == ("县教育局2024年工作要点", "县教育局", 2024)
    assert plan.notice.addressees == ("各学区",)
    assert plan.notice.body == "现将《县教育局2024年工作要点》印发给你们,请遵照执行。"
    assert plan.preamble == "总体要求是:稳中求进。"


def test_official_document_layout_with_annexes():
    # Red-header lines, document number, notice heading, annex lines, signature, date and colophon.
    plan = parse_fixture("official-notice.txt")
    assert (plan.title, plan.issuer, plan.issued_on) == ("市教育局2024年工作要点", "市教育局", datetime.date(2024, 3, 8))
    assert plan.notice == ParsedNotice(
        addressees=("各学区", "园林分局", "局直各单位"),
        body="现将《市教育局2024年工作要点》印发给你们,请认真贯彻执行。",
        heading="关于印发《市教育局2024年工作要点》的通知",
    )
    assert plan.preamble == ""
    # The plan ends at the next annex: its table is not read as items.
    assert [(item.number, item.title, item.text) for item in plan.items] == [
        ("1", "深化理论武装", "开展专题学习。"), ("2", "加强组织建设", "推进标准化建设。"),
    ]


def test_document_header_lines_are_not_preamble():
    plan = parse_plan("梅山县教育局文件\n梅教发〔2024〕5号\n梅山县教育局2024年工作要点\n" + BODY)
    assert plan.title == "梅山县教育局2024年工作要点"
    assert plan.preamble == ""


def test_hard_wrapped_lines_are_joined_but_short_title_lines_are_not():
    plan = parse_plan(
        "2024年工作要点\n一、加强党的建设\n1.深化理论武装\n坚持“第一议题”制度,开展党组织书记讲思政课活动,推动\n"
        "理论学习融入日常。\n2.加强组织建设。推进标准化建设,起始年级班额控制在50\n人以内。\n"
    )
    first, second = plan.items
    assert (first.title, first.text) == ("深化理论武装", "坚持“第一议题”制度,开展党组织书记讲思政课活动,推动理论学习融入日常。")
    assert [m.text for m in first.mentions] == ["党组织书记讲思政课活动"]
    (target,) = second.targets
    # The text reads without the wrap; the offsets still cover the wrapped source.
    assert (target.text, target.value, target.comparator) == ("控制在50人以内", 50, "<=")
    assert plan.source[target.start:target.end] == "控制在50\n人以内"
