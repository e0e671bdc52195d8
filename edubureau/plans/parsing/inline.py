"""Items numbered inside running text: "一是……。二是……；三是……"."""
import re
from dataclasses import dataclass

from edubureau.plans.parsing.numerals import cn_to_int
from edubureau.plans.parsing.text import Line, MappedText

_INLINE_MARKER = re.compile(r"(?:^|(?<=[。；;！!？?：:，,\n]))\s*([一二三四五六七八九十]{1,3})是")
_MIN_ITEMS = 2


@dataclass(frozen=True)
class InlineItem:
    number: str  # the numeral as written: "一"
    content: MappedText  # the item's text after "一是"
    start: int  # source offset of "一是"
    end: int


def find_inline_items(content: MappedText) -> tuple[MappedText, list[InlineItem]]:
    """Split text into what precedes "一是" and the inline items; no items unless 一是 and 二是 both occur."""
    found = _sequence(content.text)
    if len(found) < _MIN_ITEMS:
        return content, []
    items = []
    for position, match in enumerate(found):
        end = found[position + 1].start(1) if position + 1 < len(found) else len(content)
        body = content.slice(match.end(), end).strip()
        whole = content.slice(match.start(1), end).strip()
        start, stop = whole.source_span(0, len(whole))
        items.append(InlineItem(number=match.group(1), content=body, start=start, end=stop))
    return content.slice(0, found[0].start(1)).strip(), items


def _sequence(text: str) -> list[re.Match]:
    """The markers 一是, 二是, 三是 … in order, skipping any out of sequence."""
    found, expected = [], 1
    for match in _INLINE_MARKER.finditer(text):
        if cn_to_int(match.group(1)) == expected:
            found.append(match)
            expected += 1
    return found


def inline_start(lines: list[Line]) -> int | None:
    """Index of the first line where inline items begin (for documents without any numbered lines)."""
    for index, line in enumerate(lines):
        first = _INLINE_MARKER.search(line.text)
        if not first or cn_to_int(first.group(1)) != 1:
            continue
        if len(_sequence("\n".join(other.text for other in lines[index:]))) >= _MIN_ITEMS:
            return index
    return None
