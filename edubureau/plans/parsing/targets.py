"""Quantitative targets in an item's text, with their offsets in the source.

What counts: an Arabic number followed by a unit ("60%", "50人", "2个", "0.5个百分点"), and
"无一人/无一例/无一所" (= 0). What does not: ordinals (第40个), years and dates (no unit),
ranges ("45-50人", "2-3岁"), numbers inside quotation marks or 《》 — those are names
(校园“四个100%”, “1+8武汉都市圈”, 《…(2022-2025)》) — and "四个100%" even unquoted.
Chinese-numeral counts (两个占比, 五项管理) are names of policies and are never targets.

Comparator vocabulary (what the text requires of the value): ">=", "<=", "=", ">", "<", or ""
when the text states none. It comes from the nearest keyword before the number in the same
clause (达到/不低于/不少于/提高到 → >=, 控制在/不超过/降至 → <=, 超过 → >, 低于 → <,
保持在 → =, goal verbs 争创/创建/建成/新增… → >=) and is overridden by a qualifier after the
unit (以上 → >=, 以内/以下 → <=, 左右 → ""). A change without 到/至 is signed: "提高2个百分点"
→ value 2, ">="; "降低2个百分点" → value -2, "<=" (the change must be at most -2).
`text` runs from the keyword (or the number) to the unit and its qualifier; after a goal verb it
also takes a short following noun ("争创2个省级示范性教联体").
"""
import re
import unicodedata

from edubureau.plans.parsing.nodes import EQ, GT, GTE, LT, LTE, UNSTATED, ParsedTarget
from edubureau.plans.parsing.text import MappedText

_UNITS = ("个百分点", "万平方米", "平方米", "人次", "万元", "亿元", "课时", "学时", "小时", "分钟", "%", "％", "‰",
          "人", "名", "个", "所", "项", "次", "元", "亩", "间", "套", "台", "班", "校", "家", "门", "场", "篇",
          "节", "天", "周", "批", "支", "件", "册", "本", "条", "座", "栋", "期", "位", "户")
_NUMBER = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"
_QUANTITY = re.compile(rf"(?P<num>{_NUMBER})\s*(?P<unit>{'|'.join(re.escape(u) for u in _UNITS)})")
_ZERO = re.compile(r"无一(?P<unit>人|例|所|起|户|校)(?P<rest>[\u4e00-\u9fff]{0,8})")
PROTECTED = re.compile(r"《[^《》\n]{1,100}》|“[^“”\n]{1,40}”|\"[^\"\n]{1,40}\"|「[^「」\n]{1,40}」")
_CLAUSE_DELIMITERS = "，,。；;：:\n（("
_NOT_BEFORE = re.compile(r"(第\s*|[0-9０-９A-Za-z.．\-—–~～+＋/])$")
_NAMED_COUNT = re.compile(r"[一二三四五六七八九十两]个$")
_NOT_AFTER = re.compile(r"^\s*[-—–~～+＋/]\s*[0-9０-９]")

_LEVEL_KEYWORDS = {
    "不低于": GTE, "不少于": GTE, "不小于": GTE, "至少": GTE, "达到": GTE, "提高到": GTE, "提高至": GTE,
    "提升到": GTE, "提升至": GTE, "增加到": GTE, "增长到": GTE, "扩大到": GTE,
    "不超过": LTE, "不高于": LTE, "不多于": LTE, "不大于": LTE, "控制在": LTE, "降低到": LTE, "降低至": LTE,
    "降至": LTE, "下降到": LTE, "下降至": LTE, "减少到": LTE, "压减到": LTE, "压缩到": LTE,
    "超过": GT, "高于": GT, "大于": GT, "多于": GT, "低于": LT, "少于": LT, "小于": LT,
    "保持在": EQ, "稳定在": EQ,
}
_GOAL_VERBS = ("争创", "创建", "创成", "建成", "新建", "新增", "培育", "打造", "招聘", "引进", "认定", "评选", "遴选")
_CHANGE_VERBS = {"提高": 1, "提升": 1, "增加": 1, "增长": 1, "降低": -1, "下降": -1, "减少": -1, "压减": -1}
_AFTER = (("及以上", GTE), ("以上", GTE), ("及以下", LTE), ("以内", LTE), ("之内", LTE), ("以下", LTE),
          ("左右", UNSTATED))
_KEYWORD_REACH = 12
_GOAL_REACH = 8
_NOUN_AFTER_GOAL = re.compile(r"[^和与及并、，,。；;：:（(\s]{1,11}")
_NOUN_MAX_CHARS = 10


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted names and 《》 titles, where numbers and names are not read as targets or mentions."""
    return [match.span() for match in PROTECTED.finditer(text)]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def extract_targets(content: MappedText) -> list[ParsedTarget]:
    """The quantitative targets in `content`, in order of appearance."""
    text, protected = content.text, protected_spans(content.text)
    targets = []
    for match in _QUANTITY.finditer(text):
        if _inside(match.start(), protected) or not _is_target(text, match):
            continue
        targets.append(_target(content, match))
    for match in _ZERO.finditer(text):
        if not _inside(match.start(), protected):
            start, end = content.source_span(*match.span())
            targets.append(ParsedTarget(match.group(), 0, match.group("unit"), EQ, start, end))
    return sorted(targets, key=lambda target: target.start)


def _is_target(text: str, match: re.Match) -> bool:
    before = text[:match.start()]
    if _NOT_BEFORE.search(before) or _NOT_AFTER.match(text[match.end("num"):]):
        return False
    return not (match.group("unit") in "%％" and _NAMED_COUNT.search(before))


def _target(content: MappedText, match: re.Match) -> ParsedTarget:
    text = content.text
    keyword, keyword_start, comparator, sign = _keyword(text, match.start())
    end = match.end()
    after = text[end:]
    qualifier = next(((word, value) for word, value in _AFTER if after.startswith(word)), None)
    if qualifier:
        comparator, end = qualifier[1], end + len(qualifier[0])
    elif keyword in _GOAL_VERBS:
        noun = _NOUN_AFTER_GOAL.match(after)
        end += len(noun.group()) if noun and len(noun.group()) <= _NOUN_MAX_CHARS else 0
    start = keyword_start if keyword else match.start()
    source_start, source_end = content.source_span(start, end)
    value = sign * _number(match.group("num"))
    unit = "%" if match.group("unit") == "％" else match.group("unit")
    return ParsedTarget(text[start:end], value, unit, comparator, source_start, source_end)


def _keyword(text: str, number_start: int) -> tuple[str, int, str, int]:
    """The nearest comparator keyword before the number in its clause: (word, position, comparator, sign)."""
    clause_start = max(text.rfind(ch, 0, number_start) for ch in _CLAUSE_DELIMITERS) + 1
    before = text[clause_start:number_start]
    best = None
    for word, comparator, sign, reach in _keyword_table():
        position = before.rfind(word)
        distance = len(before) - position - len(word)
        if position < 0 or distance > reach:
            continue
        rank = (distance, -len(word))
        if best is None or rank < best[0]:
            best = (rank, word, clause_start + position, comparator, sign)
    return best[1:] if best else ("", 0, UNSTATED, 1)


def _keyword_table():
    for word, comparator in _LEVEL_KEYWORDS.items():
        yield word, comparator, 1, _KEYWORD_REACH
    yield "达", GTE, 1, 0
    for word in _GOAL_VERBS:
        yield word, GTE, 1, _GOAL_REACH
    for word, sign in _CHANGE_VERBS.items():
        yield word, GTE if sign > 0 else LTE, sign, 2


def _number(text: str) -> int | float:
    normal = unicodedata.normalize("NFKC", text)
    return float(normal) if "." in normal else int(normal)
