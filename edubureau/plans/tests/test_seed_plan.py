"""The Qianjiang 2024 plan (../shared/seed): its structure and key extractions, pinned exactly."""
import datetime
import json

import pytest

from edubureau.plans.parsing import SEED_PLAN_FILE, ParsedTarget, parse_plan, plan_to_dict, read_document
from edubureau.plans.tests.helpers import assert_offsets_point_into, shared_seed_bytes

SECTIONS = [
    ("一", "坚持党的领导,以更高站位引领事业发展"),
    ("二", "坚持立德树人,以更大力度促进五育融合"),
    ("三", "坚持统筹协调,以更优资源回应群众关切"),
    ("四", "坚持德才兼备,以更实举措加强队伍建设"),
    ("五", "坚持先立后破,以更强改革激活发展动能"),
    ("六", "坚持多措并举,以更高标准提升保障水平"),
]
ITEMS_PER_SECTION = [4, 5, 6, 3, 4, 6]
ITEM_TITLES = [
    "深化党的创新理论武装", "加强基层党组织建设", "纵深推进全面从严治党", "守好意识形态主阵地",
    "践行培根铸魂使命", "强化体育美育育人功能", "抓好实践教育", "加强科学教育", "提升教育教学质量",
    "推进学前教育优质普惠发展", "推进义务教育优质均衡发展", "推进普通高中优质特色发展", "推进职业教育产教融合发展",
    "推进特殊教育优质融合发展", "推进继续教育、终身教育稳步发展",
    "提升教师队伍保障水平", "加强师德师风建设", "加强专业能力建设",
    "推动教联体建设纵深发展", "巩固深化“双减”成果", "推进“市管校聘”深入实施", "推进教育数字化转型",
    "推动办学行为科学规范", "抓好校园安全稳定", "加强学生心理健康服务", "加大经费保障力度", "落实控辍保学责任",
    "加强教育督导工作",
]
PROJECTS = {
    "10": ["浩口公办幼儿园"],
    "11": ["园林六小扩容", "育才路小学建设项目", "兴盛路小学", "莫市中学教学综合楼", "曹禺中学泰丰校区学生住宿楼"],
    "12": ["潜江中学新校区项目", "潜江中学学生住宿楼"],
}
DOCUMENTS = [
    "《总体国家安全观学习纲要》", "《中小学德育工作指南》", "《关于加强新时代中小学科学教育工作的实施意见》",
    "《潜江市中小学推进课程教学改革三年行动方案》", "《湖北省县域普通高中发展提升行动计划(2022-2025)》",
    "《潜江市消除普通高中大班额工作实施方案》", "《“十四五”特殊教育发展提升行动计划》", "《潜江开放大学综合改革实施方案》",
    "《全面加强和改进新时代学生心理健康工作专项行动实施方案》", "《潜江市深化新时代教育督导体制机制改革的实施方案》",
    "《幼儿园督导评估办法》",
]


@pytest.fixture(scope="module")
def seed():
    return parse_plan(read_document(shared_seed_bytes(), "qianjiang-2024-work-plan.txt"))


def _item(plan, number: str):
    return next(item for item in plan.items if item.number == number)


def _kinds(item, kind: str) -> list[str]:
    return [mention.text for mention in item.mentions if mention.kind == kind]


def test_packaged_copy_is_byte_identical_to_the_shared_seed():
    assert SEED_PLAN_FILE.read_bytes() == shared_seed_bytes()


def test_packaged_copy_parses_without_the_shared_directory():
    plan = parse_plan(read_document(SEED_PLAN_FILE.read_bytes(), SEED_PLAN_FILE.name))
    assert len(plan.sections) == 6
    assert [item.number for item in plan.items] == [str(n) for n in range(1, 29)]


def test_seed_has_six_sections_with_exact_numbers_and_titles(seed):
    assert [(section.number, section.title) for section in seed.sections] == SECTIONS
    assert [len(section.items) for section in seed.sections] == ITEMS_PER_SECTION


def test_seed_has_items_1_to_28_with_exact_titles(seed):
    assert [(item.number, item.title) for item in seed.items] == [
        (str(number), title) for number, title in enumerate(ITEM_TITLES, start=1)
    ]
    assert all(item.group == "" and item.responsible_units == [] for item in seed.items)


def test_seed_front_matter(seed):
    assert seed.title == "市教育局2024年工作要点"
    assert seed.issuer == "市教育局"
    assert seed.issued_on == datetime.date(2024, 3, 8)
    assert seed.year == 2024
    assert seed.notice.addressees == ("各学区", "园林分局", "局直各单位")
    assert seed.notice.body == "现将《市教育局2024年工作要点》印发给你们,请各地各校结合实际,认真贯彻执行。"
    assert seed.preamble.startswith("2024年全市教育工作的总体要求是:以习近平新时代中国特色社会主义思想为指导,")
    assert seed.preamble.endswith("加快建设高质量教育体系,办好人民满意的教育。")
    assert "\n" not in seed.preamble


def test_seed_item_text_is_the_body_after_the_title(seed):
    first = seed.items[0]
    assert first.text.startswith("严格落实“第一议题”制度,坚持“思想引领、学习在先”机制,")
    assert first.text.endswith("推动习近平新时代中国特色社会主义思想进教材、进课堂、进头脑。")
    assert seed.source[first.start:first.start + 12] == "1.深化党的创新理论武装"


def test_seed_web_page_leftover_is_dropped(seed):
    last = seed.items[-1]
    assert last.text.endswith("切实发挥督导作用。")
    assert "扫一扫" not in last.text
    assert seed.source[last.end:].strip() == "扫一扫在手机上查看当前页面"


@pytest.mark.parametrize(("number", "expected"), [
    ("13", [ParsedTarget("达到专任教师总数的60%", 60, "%", ">=", 3219, 3231),
            ParsedTarget("2个", 2, "个", "", 3234, 3236)]),
    ("19", [ParsedTarget("争创2个省级示范性教联体", 2, "个", ">=", 4431, 4443)]),
    ("22", [ParsedTarget("3所", 3, "所", "", 4953, 4955), ParsedTarget("5所", 5, "所", "", 4961, 4963)]),
    ("23", [ParsedTarget("控制在50人以内", 50, "人", "<=", 5091, 5099)]),
    ("27", [ParsedTarget("无一人失学辍学", 0, "人", "=", 5934, 5941)]),
])
def test_seed_targets(seed, number, expected):
    assert _item(seed, number).targets == expected


def test_seed_has_no_other_targets(seed):
    # 四个100% (24), “110一键报警系统” (24), 2-3岁 (10), 第40个教师节 (17), 第13届 (18) are not targets.
    with_targets = [item.number for item in seed.items if item.targets]
    assert with_targets == ["13", "19", "22", "23", "27"]


def test_seed_construction_projects(seed):
    found = {item.number: _kinds(item, "project") for item in seed.items if _kinds(item, "project")}
    assert found == {**PROJECTS, "13": ["职教中心项目"]}
    named = ["园林六小扩容", "育才路小学建设项目", "兴盛路小学", "莫市中学教学综合楼", "曹禺中学泰丰校区学生住宿楼",
             "浩口公办幼儿园", "潜江中学新校区"]
    texts = [text for number in ("10", "11", "12") for text in found[number]]
    assert all(any(name in text for text in texts) for name in named)


def test_seed_cited_documents(seed):
    assert [text for item in seed.items for text in _kinds(item, "document")] == DOCUMENTS


def test_seed_named_schools(seed):
    assert _kinds(_item(seed, "10"), "school") == ["浩口公办幼儿园"]
    assert _kinds(_item(seed, "11"), "school") == ["园林六小", "育才路小学", "兴盛路小学", "莫市中学", "曹禺中学泰丰校区"]
    assert _kinds(_item(seed, "12"), "school") == ["潜江中学新校区", "潜江中学"]
    assert _kinds(_item(seed, "13"), "school") == ["职教中心"]
    assert _kinds(_item(seed, "14"), "school") == ["市特殊教育学校", "市特殊教育学校"]
    assert _kinds(_item(seed, "15"), "school") == ["潜江开放大学"] * 3
    schools_elsewhere = [item.number for item in seed.items if _kinds(item, "school")]
    assert schools_elsewhere == ["10", "11", "12", "13", "14", "15"]


def test_seed_events(seed):
    assert _kinds(_item(seed, "6"), "event") == [
        "各类体育活动", "潜江市首届城市运动会(青少年类)比赛", "全市健美操师资培训", "校园大课间操评比",
        "校园足球“满天星”训练营活动", "面向人人的学生艺术实践活动", "“戏曲进校园”活动",
        "潜江市2024年首届江汉平原舞蹈大赛", "湖北省第十三届黄鹤美育节竞赛活动",
    ]
    assert _kinds(_item(seed, "13"), "event") == ["全市中等职业学校学生技能大赛", "“中银杯”湖北省职业院校技能大赛"]
    assert _kinds(_item(seed, "18"), "event")[-1] == "全市第13届教师博客大赛"


def test_seed_offsets_point_into_the_source(seed):
    assert_offsets_point_into(seed)
    for section, (number, _) in zip(seed.sections, SECTIONS):
        assert seed.source[section.start:section.start + 2] == f"{number}、"


def test_seed_json_is_serialisable(seed):
    data = json.loads(json.dumps(plan_to_dict(seed), ensure_ascii=False))
    assert data["issued_on"] == "2024-03-08"
    assert len(data["sections"]) == 6
    assert sum(len(section["items"]) for section in data["sections"]) == 28
