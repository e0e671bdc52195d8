"""Work plans written in other styles than the seed, one fixture per style (tests/documents/)."""
import datetime

from edubureau.plans.parsing import ParsedTarget, parse_plan, read_document
from edubureau.plans.tests.helpers import DOCUMENTS, assert_offsets_point_into, mentions, parse_fixture, titles


def test_groups_restarting_numbers_and_section_annotations():
    # (a) 一、 sections, （一） groups, 1、 items restarting per section, （责任科室：…） at the end of items.
    plan = parse_fixture("groups-annotated.txt")
    assert [(s.number, s.title) for s in plan.sections] == [("一", "全面加强党的建设"), ("二", "推动各类教育均衡发展")]
    assert titles(plan) == [
        ("1", "深入学习贯彻党的二十大精神"), ("2", "落实全面从严治党主体责任"), ("3", "推进党建品牌创建"),
        ("1", "扩大普惠性学前教育资源"), ("2", "提高保教质量"), ("3", "优化学校布局"), ("4", "落实“双减”政策"),
    ]
    assert [item.group for item in plan.items] == [
        "（一）加强政治建设", "（一）加强政治建设", "（二）加强基层组织建设",
        "（一）学前教育", "（一）学前教育", "（二）义务教育", "（二）义务教育",
    ]
    first = plan.items[0]
    assert first.text == "健全理论学习中心组学习制度，全年集中学习不少于12次。"
    assert (first.lead_units, first.cooperating_units) == (["组织人事科"], ["办公室"])
    assert first.responsible_units == ["组织人事科", "办公室"]
    assert first.annotation == "责任科室：组织人事科、办公室"
    assert plan.items[5].responsible_units == ["计财科", "基础教育科"]
    assert_offsets_point_into(plan)


def test_notice_heading_signature_and_chinese_date():
    plan = parse_fixture("groups-annotated.txt")
    assert plan.title == "江汉区教育局2024年工作要点"
    assert plan.issuer == "江汉区教育局"
    assert plan.issued_on == datetime.date(2024, 2, 26)
    assert plan.year == 2024
    assert plan.notice.heading == "关于印发《江汉区教育局2024年工作要点》的通知"
    assert plan.notice.addressees == ("各中小学", "幼儿园", "局机关各科室")
    assert plan.notice.body == "现将《江汉区教育局2024年工作要点》印发给你们，请结合实际，认真抓好落实。"
    assert plan.preamble == "2024年，全区教育工作的总体思路是：坚持稳中求进，推动教育高质量发展。"


def test_groups_style_extractions():
    plan = parse_fixture("groups-annotated.txt")
    assert plan.items[0].targets == [ParsedTarget("不少于12次", 12, "次", ">=", 235, 241)]
    assert [(t.text, t.comparator) for t in plan.items[2].targets] == [("培育党建示范点10个以上", ">=")]
    assert [(t.value, t.unit, t.comparator) for t in plan.items[3].targets] == [(55, "%", ">=")]
    assert [(t.text, t.value, t.unit, t.comparator) for t in plan.items[6].targets] == [
        ("不超过90分钟", 90, "分钟", "<="), ("达到100%", 100, "%", ">="),
    ]
    assert mentions(plan, "project") == ["江汉区第三幼儿园", "城东小学改扩建工程", "江汉区实验中学新校区"]
    assert mentions(plan, "school") == ["江汉区第三幼儿园", "城东小学", "江汉区实验中学新校区"]
    assert mentions(plan, "event") == ["廉政教育活动", "全区幼儿教师技能大赛"]


def test_no_section_level_with_unit_lines_in_gbk():
    # (b) only 1. items; 责任单位：… on its own line (one wrapped onto the next line); GBK bytes.
    data = (DOCUMENTS / "units-lines.txt").read_text(encoding="utf-8").encode("gbk")
    plan = parse_plan(read_document(data, "安排.txt"))
    assert [(s.number, s.title) for s in plan.sections] == [("", "")]
    assert titles(plan) == [("1", "抓好开学工作"), ("2", "做好控辍保学工作"), ("3", "加强学生体质健康管理"),
                            ("4", "推进教师交流轮岗")]
    assert [item.responsible_units for item in plan.items] == [
        ["基础教育股", "安全股"], ["基础教育股", "各乡镇中心学校"], ["体卫艺股"], ["人事股"],
    ]
    assert plan.items[1].text == "建立辍学学生台账，实行动态监测，义务教育巩固率保持在99%以上。"
    assert "责任单位" not in "".join(item.text for item in plan.items[:3])
    assert plan.title == "关于做好2024年春季学期教育重点工作的安排"
    assert (plan.issuer, plan.year, plan.issued_on) == ("", 2024, None)
    assert plan.preamble == "为推动全县教育工作开好局、起好步，现就春季学期重点工作安排如下。"


def test_words_like_responsibility_system_are_not_annotations():
    plan = parse_fixture("units-lines.txt")
    last = plan.items[-1]
    assert last.responsible_units == ["人事股"]
    assert last.text.endswith("\n校长负责制、责任区督学制度要同步落实，城区学校要承担对口帮扶任务。")


def test_sub_numbering_stays_inside_items_and_wrapped_annotations():
    # (c) (1) and ① inside items; (牵头单位：…；配合单位：…) broken across two lines, twice.
    plan = parse_fixture("sub-numbering.txt")
    assert titles(plan) == [("1", "加强学生心理健康工作"), ("2", "加强体育美育工作"), ("1", "加大经费投入")]
    first, second = plan.items[0], plan.items[1]
    assert first.text == (
        "（1）开齐开好心理健康教育课程；\n（2）每所中小学至少配备1名专职心理健康教师；\n"
        "（3）完善心理危机预警机制：\n①建立学生心理档案；\n②每学期开展一次心理健康测评。"
    )
    assert (first.lead_units, first.cooperating_units) == (["基础教育科"], ["教研室", "各学区"])
    assert first.annotation == "牵头单位：基础教育科；配合单位：教研室、各学区"
    assert (second.lead_units, second.cooperating_units) == (["体卫艺科"], ["各学区"])
    assert second.text == "(1)开展校园足球联赛活动；\n(2)学生体质健康优良率提高到55%以上。"
    assert [(t.text, t.comparator) for t in first.targets + second.targets] == [
        ("至少配备1名", ">="), ("提高到55%以上", ">="),
    ]


def test_inline_items():
    # (d) 一是…二是…三是… inside section paragraphs, after a sentence or a colon.
    plan = parse_fixture("inline-items.txt")
    assert [(s.number, s.title) for s in plan.sections] == [("一", "聚焦立德树人"), ("二", "聚焦均衡发展"),
                                                            ("三", "聚焦队伍建设")]
    assert titles(plan) == [
        ("一", "加强思政课建设"), ("二", "深化体教融合"), ("三", "加强劳动教育"),
        ("一", "推进义务教育优质均衡"), ("二", "加强乡村教育"),
        ("一", "提升师德水平"), ("二", "落实教师待遇"), ("三", "加强培训"),
    ]
    assert plan.items[1].text == "举办全县中小学生运动会，确保体质健康达标率达到95%。"
    assert plan.sections[2].body == "加强教师队伍建设，重点抓好三项工作："
    assert plan.source[plan.items[1].start:plan.items[1].start + 2] == "二是"
    assert [(t.text, t.value, t.unit) for t in plan.items[7].targets] == [("3000人次", 3000, "人次")]
    assert mentions(plan, "school") == ["梅山县第二小学", "城南幼儿园"]
    assert_offsets_point_into(plan)


def test_ascii_and_full_width_punctuation():
    # (e) "(一)" groups, "1." "2 ." and "１．" items; no 一、 level.
    plan = parse_fixture("ascii-punctuation.txt")
    assert [(s.number, s.title) for s in plan.sections] == [("", "")]
    assert titles(plan) == [("1", "深化理论武装"), ("2", "加强基层组织"), ("1", "加强教研工作"), ("2", "推进课程改革")]
    assert [item.group for item in plan.items] == ["(一)党建引领", "(一)党建引领", "(二)质量提升", "(二)质量提升"]
    assert mentions(plan, "document") == ["《义务教育课程方案(2022年版)》"]
    assert plan.items[3].targets == []


def test_running_item_numbers_across_sections():
    # (g) items numbered 1–6 across three sections.
    plan = parse_fixture("running-numbers.txt")
    assert [(s.number, [item.number for item in s.items]) for s in plan.sections] == [
        ("一", ["1", "2"]), ("二", ["3", "4"]), ("三", ["5", "6"]),
    ]
    assert [(t.text, t.comparator) for item in plan.items for t in item.targets] == [
        ("达到92%", ">="), ("不超过45人", "<="),
    ]


def test_web_leftovers_and_page_footers_are_dropped():
    # (h) breadcrumbs, font-size bar, publication line, "- 1 -", "—2—", "第2页 共3页", print/close links.
    plan = parse_fixture("web-leftovers.txt")
    assert plan.title == "市教育局2024年工作要点"
    assert plan.preamble == ""
    assert titles(plan) == [("1", "深化理论武装"), ("2", "加强组织建设"), ("3", "发展学前教育"), ("4", "发展义务教育")]
    # The footer fell inside a wrapped sentence: the two halves are joined again.
    assert plan.items[0].text == "坚持“第一议题”制度，开展专题学习，推动党的创新理论学习教育融入日常。"
    assert plan.items[1].text == "推进党支部标准化规范化建设。"
    assert plan.items[3].text == "确保无一人失学辍学。"
    assert plan.sections[0].title == "加强党的建设"


def test_only_chinese_numbered_paragraphs_are_items():
    plan = parse_plan("某县教育局2024年工作计划\n一、加强党的建设。全面落实从严治党要求。\n二、推进均衡发展。完成城关小学建设。\n")
    assert [(s.number, s.title) for s in plan.sections] == [("", "")]
    assert titles(plan) == [("一", "加强党的建设"), ("二", "推进均衡发展")]
    assert mentions(plan, "project") == ["城关小学"]


def test_general_requirements_section_joins_the_preamble_and_paragraph_items():
    plan = parse_plan(
        "2024年工作要点\n一、总体要求\n以习近平新时代中国特色社会主义思想为指导。\n二、重点任务\n"
        "（一）加强党的建设。坚持第一议题制度。\n（二）推进教育公平。确保无一人失学辍学。\n"
        "三、保障措施\n（一）加强组织领导。成立工作专班。\n（二）强化督导考核。纳入年度考核。\n"
    )
    assert plan.preamble == "一、总体要求\n以习近平新时代中国特色社会主义思想为指导。"
    assert [(s.number, s.title) for s in plan.sections] == [("二", "重点任务"), ("三", "保障措施")]
    assert titles(plan) == [("一", "加强党的建设"), ("二", "推进教育公平"), ("一", "加强组织领导"), ("二", "强化督导考核")]
    assert all(item.group == "" for item in plan.items)


def test_sub_list_restarting_inside_an_item_is_not_new_items():
    plan = parse_plan("工作要点\n1.加强党建。做好三件事：\n1.学习；\n2.宣传。\n2.推进改革。深化综合改革。\n3.保障安全。\n")
    assert titles(plan) == [("1", "加强党建"), ("2", "推进改革"), ("3", "保障安全")]
    assert plan.items[0].text == "做好三件事：\n1.学习；\n2.宣传。"
