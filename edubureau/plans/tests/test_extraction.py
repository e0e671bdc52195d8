"""Targets and mentions inside item text: comparator vocabulary, what is not a target, span rules."""
import pytest

from edubureau.plans.parsing.mentions import extract_mentions
from edubureau.plans.parsing.targets import extract_targets
from edubureau.plans.parsing.text import MappedText


def _content(text: str, offset: int = 0) -> MappedText:
    return MappedText(text, tuple(range(offset, offset + len(text))))


def _targets(text: str) -> list[tuple]:
    return [(t.text, t.value, t.unit, t.comparator) for t in extract_targets(_content(text))]


def _mentions(text: str, kind: str) -> list[str]:
    return [m.text for m in extract_mentions(_content(text)) if m.kind == kind]


@pytest.mark.parametrize(("text", "expected"), [
    ("“双师型”教师比例达到专任教师总数的60%。", [("达到专任教师总数的60%", 60, "%", ">=")]),
    ("确保起始年级班额控制在50人以内。", [("控制在50人以内", 50, "人", "<=")]),
    ("确保无一人失学辍学。", [("无一人失学辍学", 0, "人", "=")]),
    ("积极争创2个省级示范性教联体和县域教联体示范区。", [("争创2个省级示范性教联体", 2, "个", ">=")]),
    ("优良率不低于50%。", [("不低于50%", 50, "%", ">=")]),
    ("全年培训不少于3次。", [("不少于3次", 3, "次", ">=")]),
    ("作业时间不超过90分钟。", [("不超过90分钟", 90, "分钟", "<=")]),
    ("巩固率达98.5%以上。", [("达98.5%以上", 98.5, "%", ">=")]),
    ("近视率降至40%以下。", [("降至40%以下", 40, "%", "<=")]),
    ("优良率提高到55%。", [("提高到55%", 55, "%", ">=")]),
    ("近视率降低1个百分点。", [("降低1个百分点", -1, "个百分点", "<=")]),
    ("优良率提高2个百分点。", [("提高2个百分点", 2, "个百分点", ">=")]),
    ("入园率超过90%。", [("超过90%", 90, "%", ">")]),
    ("流失率低于1%。", [("低于1%", 1, "%", "<")]),
    ("入学率保持在100%。", [("保持在100%", 100, "%", "=")]),
    ("班额控制在45人左右。", [("控制在45人左右", 45, "人", "")]),
    ("深化3所省级试点校建设。", [("3所", 3, "所", "")]),
    ("公办园占比达到５５％。", [("达到５５％", 55, "%", ">=")]),
])
def test_targets_and_their_comparators(text, expected):
    assert _targets(text) == expected


@pytest.mark.parametrize("text", [
    "不断巩固校园“四个100%”。",  # a quoted name
    "巩固四个100%成果。",  # a named count even unquoted
    "参加“1+8武汉都市圈”研学活动。",
    "落实《湖北省县域普通高中发展提升行动计划(2022-2025)》。",
    "庆祝第40个教师节,举办第13届教师博客大赛。",  # ordinals
    "为2-3岁幼儿提供托育服务,每班45-50人。",  # ranges
    "2024年3月8日召开会议。",  # dates
    "实施校园“110一键报警系统”更新换代。",
    "落实“两个只增不减”,坚持一人一案。",  # Chinese-numeral counts are policy names
])
def test_names_dates_ordinals_and_ranges_are_not_targets(text):
    assert _targets(text) == []


def test_target_offsets_are_source_offsets():
    (target,) = extract_targets(_content("确保无一人失学辍学。", offset=100))
    assert (target.start, target.end) == (102, 109)


def test_offsets_skip_inserted_line_breaks():
    # "控制在50" and "人以内" come from two source pieces with a separator between them.
    content = _content("控制在50", 10).append_separator("") + _content("人以内", 20)
    (target,) = extract_targets(content)
    assert (target.text, target.start, target.end) == ("控制在50人以内", 10, 23)


def test_documents_keep_their_brackets():
    assert _mentions("结合教育部《幼儿园督导评估办法》,落实《关于〈意见〉的通知》。", "document") == [
        "《幼儿园督导评估办法》", "《关于〈意见〉的通知》",
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("完成园林六小扩容和育才路小学建设项目,开工建设兴盛路小学、莫市中学教学综合楼等项目。",
     ["园林六小扩容", "育才路小学建设项目", "兴盛路小学", "莫市中学教学综合楼"]),
    ("启动曹禺中学泰丰校区学生住宿楼等寄宿制学校建设。", ["曹禺中学泰丰校区学生住宿楼"]),
    ("完成浩口公办幼儿园建设。", ["浩口公办幼儿园"]),
    ("加快潜江中学新校区项目建设进度。", ["潜江中学新校区项目"]),
    ("新建城南幼儿园,改扩建实验小学食堂。", ["城南幼儿园", "实验小学食堂"]),
    ("加快建设高质量教育体系,完成年度招生任务。", []),
    ("持续推进“书香校园”建设。", []),
])
def test_project_spans(text, expected):
    assert _mentions(text, "project") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("完成园林六小扩容和育才路小学建设项目。", ["园林六小", "育才路小学"]),
    ("启动曹禺中学泰丰校区学生住宿楼建设。", ["曹禺中学泰丰校区"]),
    ("支持市特殊教育学校建立中职部(班)。", ["市特殊教育学校"]),
    ("做实潜江开放大学,完成职教中心项目建设。", ["潜江开放大学", "职教中心"]),
    ("推动市实验小学与潜江一中、实验二小结对帮扶。", ["市实验小学", "潜江一中", "实验二小"]),
    ("加强乡镇寄宿制学校、乡村小规模学校建设,改善一批公办幼儿园办园条件。", []),
    ("全市中小学校、普通高中学校和中等职业学校。", []),
    ("完善学校意识形态阵地建设,引导学校树立全面的质量观。", []),
    ("鼓励有条件的幼儿园提供托育服务,提升中小学生体质健康水平,全年集中学习12次。", []),
    ("进一步统一中小学管理,落实党的二十届三中全会精神。", []),
])
def test_school_spans(text, expected):
    assert _mentions(text, "school") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("组织全市健美操师资培训、校园大课间操评比、校园足球“满天星”训练营活动。",
     ["全市健美操师资培训", "校园大课间操评比", "校园足球“满天星”训练营活动"]),
    ("开展校本教材评选、征文、教学比武、小视频竞赛等活动。", ["校本教材评选", "征文", "教学比武", "小视频竞赛"]),
    ("深入开展市、区、校三级教研活动。", ["市、区、校三级教研活动"]),
    ("积极参加全国全省模范教师、优秀教师选树活动。", ["全国全省模范教师、优秀教师选树活动"]),
    ("开展“下基层、促教改、提质量”主题活动。", ["“下基层、促教改、提质量”主题活动"]),
    ("常态化开展控辍保学督查、月报。", []),
    ("严格执行党组织会议制度。", []),
])
def test_event_spans(text, expected):
    assert _mentions(text, "event") == expected


def test_nothing_is_taken_from_inside_a_cited_title():
    text = "出台《潜江开放大学综合改革实施方案》,举办《活动方案》。"
    assert [(m.kind, m.text) for m in extract_mentions(_content(text))] == [
        ("document", "《潜江开放大学综合改革实施方案》"), ("document", "《活动方案》"),
    ]
