"""Responsibility annotations: "（责任科室：…）", "责任单位：…" lines, "（牵头单位：…；配合单位：…）".

An annotation needs a role word, a unit word and a colon, so 校长负责制 or 责任区 in running
text never count. Line wraps may fall anywhere inside one, even inside "配合单\\n位".
Roles: 牵头/主办 list lead units; 配合/协办/参与/协同 list cooperating units; a 责任 list
follows the common convention that the unit named first leads and the others cooperate,
unless one is marked "(牵头)".
"""
import re
from dataclasses import dataclass

_LEAD_WORDS = ("牵头", "主办")
_COOPERATE_WORDS = ("配合", "协办", "参与", "协同")
_RESPONSIBLE_WORDS = ("责任",)
_UNIT_WORDS = ("单位", "科室", "处室", "部门", "股室")


def _spaced(word: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in word)


def _alternatives(words) -> str:
    return "(?:" + "|".join(_spaced(word) for word in words) + ")"


_ROLE_WORDS = _LEAD_WORDS + _COOPERATE_WORDS + _RESPONSIBLE_WORDS
KEY = _alternatives(_ROLE_WORDS) + r"\s*" + _alternatives(_UNIT_WORDS) + r"\s*[:：]"
_KEY_PATTERN = re.compile(KEY)
_BRACKETED = re.compile(r"[（(【]\s*(?P<body>" + KEY + r"[^（()）【】]{0,300}?)\s*[）)】]")
_LINE_START = re.compile(r"(?m)(?:^|(?<=[。；;]))[ \t\u3000]*(?P<body>" + KEY + r")")
_CONTINUES = "、，,；;"
_UNIT_SEPARATORS = re.compile(r"[、，,；;\s]+")
_NEXT_KEY_LINE = re.compile(r"[；;]?\s*\n\s*(?=" + KEY + ")")
_LEAD_MARK = re.compile(r"[（(]\s*牵头\s*[）)]$")


@dataclass(frozen=True)
class Annotation:
    """One annotation: its source span (brackets included), its text and the units it names."""

    start: int
    end: int
    raw: str
    lead_units: tuple[str, ...]
    cooperating_units: tuple[str, ...]


def find_annotations(source: str) -> list[Annotation]:
    """Every responsibility annotation in `source`, in order."""
    spans = [(m.start(), m.end(), m.group("body")) for m in _BRACKETED.finditer(source)]
    for match in _LINE_START.finditer(source):
        if any(start <= match.start("body") < end for start, end, _ in spans):
            continue
        end = _line_annotation_end(source, match.start("body"))
        spans.append((match.start("body"), end, source[match.start("body"):end]))
    return [_annotation(start, end, body) for start, end, body in sorted(spans)]


def _line_annotation_end(source: str, start: int) -> int:
    """End of an unbracketed annotation: its line, and the next ones while the list goes on."""
    end = _line_end(source, start)
    while end < len(source):
        following = source[end + 1:_line_end(source, end + 1)].strip()
        ends_open = source[start:end].rstrip()[-1:] in _CONTINUES
        if not following or not (ends_open or _KEY_PATTERN.match(following)):
            break
        end = _line_end(source, end + 1)
    return end


def _line_end(source: str, position: int) -> int:
    newline = source.find("\n", position)
    return len(source) if newline < 0 else newline


def _annotation(start: int, end: int, body: str) -> Annotation:
    lead, cooperating = [], []
    keys = list(_KEY_PATTERN.finditer(body))
    for index, key in enumerate(keys):
        role = re.sub(r"\s", "", key.group())
        values_end = keys[index + 1].start() if index + 1 < len(keys) else len(body)
        units = split_units(body[key.end():values_end])
        _assign(role, units, lead, cooperating)
    raw = re.sub(r"\s*\n\s*", "", _NEXT_KEY_LINE.sub("；", body)).strip()
    return Annotation(start, end, raw, _unique(lead), _unique([u for u in cooperating if u not in lead]))


def _assign(role: str, units: list[str], lead: list[str], cooperating: list[str]) -> None:
    marked = [unit for unit in units if _LEAD_MARK.search(unit)]
    units = [_LEAD_MARK.sub("", unit) for unit in units]
    if role.startswith(_LEAD_WORDS):
        lead.extend(units)
    elif role.startswith(_COOPERATE_WORDS):
        cooperating.extend(units)
    elif marked:
        leaders = [_LEAD_MARK.sub("", unit) for unit in marked]
        lead.extend(leaders)
        cooperating.extend(unit for unit in units if unit not in leaders)
    elif units:
        lead.append(units[0])
        cooperating.extend(units[1:])


def split_units(text: str) -> list[str]:
    """"组织人事科、宣传科" → ["组织人事科", "宣传科"]; separators 、，,；; and white space; a final 等 goes."""
    units = []
    for part in _UNIT_SEPARATORS.split(text.strip().rstrip("。.")):
        part = part.strip()
        if len(part) > 2 and part.endswith("等"):
            part = part[:-1]
        if part:
            units.append(part)
    return units


def _unique(units: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(units))
