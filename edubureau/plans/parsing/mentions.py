"""Named things in an item's text: cited documents, schools, construction projects, events.

Span rules (each mention's `text` is the matched text; start/end are its source offsets):
- document: 《…》 with the brackets, as cited ("《中小学德育工作指南》").
- school: a name ending in 小学/中学/幼儿园/学校/大学/职教中心, with a following "…校区"
  ("曹禺中学泰丰校区"), or a short form such as 园林六小. The name starts after punctuation or
  a verb/function word (完成, 建设, 和, 的 …) and is dropped when generic (中小学校,
  农村薄弱学校, 一批公办幼儿园, 普通高中学校). Without a dictionary this is a heuristic.
- project: the object of 开工建设/新建/改扩建/扩建/续建/完成/启动/加快 that names a facility or a
  school; lists split on 、/和/及/与 and cut at 等; a trailing 建设/进度/工作 is dropped and
  项目/建设项目/扩容 kept ("园林六小扩容", "育才路小学建设项目", "浩口公办幼儿园").
- event: the object of 举办/承办/组织(开展|参加|召开)/开展/参加/召开/举行 up to the end of its
  clause, ending in an event word (活动, 比赛, 大赛, 竞赛, 评比, 运动会, 训练营, …节, …);
  a list is split where each part ends in an event word ("校园大课间操评比", "…训练营活动").
Nothing is taken from inside 《》 except the document itself.
"""
import re

from edubureau.plans.parsing.nodes import DOCUMENT, EVENT, PROJECT, SCHOOL, ParsedMention
from edubureau.plans.parsing.targets import protected_spans
from edubureau.plans.parsing.text import MappedText

_DOCUMENT = re.compile(r"《[^《》\n]{1,100}》")
_CJK = re.compile(r"[\u4e00-\u9fff0-9０-９]")
_SCHOOL_SUFFIX = re.compile(
    r"(?:职教中心|幼儿园|(?<![高初集])中学(?![生段部习])|(?<!中)小学(?![生段部科习])|学校|大学(?![生习]))"
    r"(?:[\u4e00-\u9fff]{1,4}?校区)?"
)
_SHORT_SCHOOL = re.compile(r"([\u4e00-\u9fff]{2})([一二三四五六七八九十]{1,2})([小中])(?![学生心小型等全])")
_NUMERALS = set("一二三四五六七八九十百千万两〇零")
_BOUNDARY_WORDS = (
    "开工建设", "完成", "建设", "启动", "加快", "推进", "推动", "支持", "组建", "做实", "依托", "改善", "提升", "新建",
    "改建", "扩建", "实施", "加强", "深化", "落实", "整合", "办好", "打造", "创建", "创办", "举办", "承办", "参加",
    "组织", "开展", "区分", "包括", "选派", "全市", "全县", "全区", "一批", "一所", "每所", "所有", "部分", "相关",
    "各", "和", "与", "及", "或", "在", "的", "对", "向", "为", "将", "把", "由", "是", "等", "了", "到", "至", "从",
    "于", "以", "让", "使", "赴", "完善", "丰富", "引导", "规范", "确定", "抓实", "强化", "建立", "健全", "鼓励",
    "指导", "督促", "要求", "帮助", "优化", "扩大", "保障", "巩固", "覆盖", "进入", "走进", "面向", "按照", "通过",
    "利用", "结合", "促进", "引领", "带动", "联合", "共建", "帮扶", "结对", "督导", "检查", "评估", "认定", "申报",
    "确保", "保证", "做好", "抓好", "建好", "管好", "用好", "指导", "服务", "管理",
)
_STRONG_GENERIC = (
    "优质", "薄弱", "小规模", "寄宿制", "普通", "义务教育", "清廉", "家长", "各类", "各级", "中小", "农村", "乡村",
    "乡镇", "城区", "城乡", "师范", "高中", "初中", "试点", "示范", "标准化", "特色", "职业", "普惠", "品牌",
    "现代化", "智慧", "平安", "文明", "绿色", "温馨", "美丽", "健康", "书香", "重点", "有条件", "新建", "所属",
)
# Words that do not name a school by themselves: 公办幼儿园 is generic, 浩口公办幼儿园 is not.
_WEAK_GENERIC = re.compile(r"^(?:市|县|区|省)|公办|民办|本地|当地")
_SCHOOL_MAX_STEM = 10
_STANDALONE = ("职教中心",)

_PROJECT_VERBS = re.compile(r"开工建设|改扩建|新建|扩建|续建|完成|启动|加快")
_FACILITY = re.compile(r"楼|校区|校舍|食堂|宿舍|操场|运动场|体育馆|图书馆|用房|新区|分校|扩容|改造|工程|幼儿园|小学|中学|"
                       r"学校|大学|职教中心|[一二三四五六七八九十][小中]")
_PROJECT_LEADS = ("建设", "推进", "推动", "实施", "完成")
_PROJECT_TAILS = ("进度", "工作", "建设")
_EVENT_VERBS = re.compile(r"组织开展|组织参加|组织召开|举办|承办|举行|召开|(?<![党的])组织|开展|参加|参与")
_EVENT_WORDS = re.compile(
    r"(活动|比赛|大赛|竞赛|评比|评选|运动会|训练营|夏令营|展演|汇演|会演|论坛|大会|研讨会|博览会|培训班|提高班|比武|征文|"
    r"讲座|典礼|仪式|联谊|开放日|展览|培训|(?<![环季细章关])节|(?<![0-9０-９一二三四五六七八九十个])月|(?<![0-9０-９一二三四五六七八九十个])周)$"
)
_CLAUSE_END = re.compile(r"[，,。；;：:\n]")
_LIST_SEPARATOR = re.compile(r"、|和|及|与")


def extract_mentions(content: MappedText) -> list[ParsedMention]:
    """Documents, schools, projects and events named in `content`, ordered by position."""
    text = content.text
    protected = protected_spans(text)
    documents = [(DOCUMENT, m.start(), m.end()) for m in _DOCUMENT.finditer(text)]
    books = [span for span in protected if text[span[0]] == "《"]
    found = documents + _outside(_schools(text), books) + _outside(_projects(text, protected), books)
    found += _outside(_events(text, protected), books)
    mentions = sorted(_drop_nested(found), key=lambda m: (m[1], m[0]))
    return [_mention(content, kind, start, end) for kind, start, end in mentions]


def _mention(content: MappedText, kind: str, start: int, end: int) -> ParsedMention:
    source_start, source_end = content.source_span(start, end)
    return ParsedMention(kind, content.text[start:end], source_start, source_end)


def _outside(found: list[tuple[str, int, int]], spans: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    return [m for m in found if not any(start <= m[1] < end for start, end in spans)]


def _drop_nested(found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Within one kind, a mention inside a longer one is dropped (duplicates collapse to one)."""
    kept, reach = [], {}
    for kind, start, end in sorted(set(found), key=lambda m: (m[1], -m[2])):
        if reach.get(kind, -1) >= end:
            continue
        kept.append((kind, start, end))
        reach[kind] = end
    return kept


def _at_boundary(text: str, position: int) -> bool:
    """Whether a name may start at `position`: after punctuation, the text's start or a boundary word."""
    if position == 0 or not _CJK.match(text[position - 1]):
        return True
    return any(text.endswith(word, 0, position) for word in _BOUNDARY_WORDS)


def _stem_start(text: str, end: int) -> int:
    """Where a name ending at `end` starts: scanning back to the nearest boundary (at most a few characters)."""
    start = end
    while end - start < _SCHOOL_MAX_STEM and not _at_boundary(text, start):
        start -= 1
    return start


def _is_named(stem: str) -> bool:
    if any(word in stem for word in _STRONG_GENERIC):
        return False
    return len(_WEAK_GENERIC.sub("", stem)) >= 2


def _schools(text: str) -> list[tuple[str, int, int]]:
    found = []
    for match in _SCHOOL_SUFFIX.finditer(text):
        start = _stem_start(text, match.start())
        stem = text[start:match.start()]
        if not _at_boundary(text, start):
            continue
        if _is_named(stem) or (not stem and match.group() in _STANDALONE):
            found.append((SCHOOL, start, match.end()))
    for match in _SHORT_SCHOOL.finditer(text):
        stem = match.group(1)
        if (not set(stem) & _NUMERALS and _stem_start(text, match.end(1)) == match.start(1)
                and _at_boundary(text, match.start(1)) and _is_named(stem)):
            found.append((SCHOOL, match.start(), match.end()))
    return found


def _clause(text: str, start: int) -> int:
    end = _CLAUSE_END.search(text, start)
    return end.start() if end else len(text)


def _split_list(text: str, start: int, end: int, protected) -> list[tuple[int, int]]:
    """Parts of text[start:end] between list separators that are not inside quotes or 《》."""
    parts, position = [], start
    for match in _LIST_SEPARATOR.finditer(text, start, end):
        if not any(s <= match.start() < e for s, e in protected):
            parts.append((position, match.start()))
            position = match.end()
    parts.append((position, end))
    return [(s, e) for s, e in parts if e > s]


def _projects(text: str, protected) -> list[tuple[str, int, int]]:
    found = []
    for verb in _PROJECT_VERBS.finditer(text):
        end = _clause(text, verb.end())
        cut = text.find("等", verb.end(), end)
        end = cut if cut >= 0 else end
        for start, stop in _split_list(text, verb.end(), end, protected):
            start, stop = _trim_project(text, start, stop)
            if stop - start >= 2 and _FACILITY.search(text, start, stop):
                found.append((PROJECT, start, stop))
    return found


def _trim_project(text: str, start: int, stop: int) -> tuple[int, int]:
    for lead in _PROJECT_LEADS:
        if text.startswith(lead, start, stop):
            start += len(lead)
    trimmed = True
    while trimmed:
        trimmed = False
        for tail in _PROJECT_TAILS:
            if stop - start > len(tail) and text.endswith(tail, start, stop) and not text.endswith("建设项目", start, stop):
                stop, trimmed = stop - len(tail), True
    return start, stop


def _events(text: str, protected) -> list[tuple[str, int, int]]:
    found = []
    for verb in _EVENT_VERBS.finditer(text):
        end = _clause(text, verb.end())
        pending = None
        for start, stop in _split_list(text, verb.end(), end, protected):
            start = pending if pending is not None else start
            stop = _event_end(text, start, stop)
            if stop is None:
                pending = start
                continue
            pending = None
            found.append((EVENT, start, stop))
    return found


def _event_end(text: str, start: int, stop: int) -> int | None:
    """End of the event named in text[start:stop], which must end in an event word; None if it does not.

    "小视频竞赛等活动" names 小视频竞赛: the "等活动" closing a list is dropped when what
    precedes 等 is itself an event.
    """
    part = text[start:stop]
    if not _EVENT_WORDS.search(part):
        return None
    listed = part.rfind("等")
    if listed > 0 and _EVENT_WORDS.search(part[:listed]):
        return start + listed
    return stop
