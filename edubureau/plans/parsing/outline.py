"""The numbered skeleton of a plan: which marker kind opens sections, groups and items, and which lines each holds.

Marker kinds are ranked as official documents rank them: 一、 > （一） > 1. > (1) > ①.
- 一、 opens sections when any lower kind (or inline 一是…) is present; otherwise 一、 lines are the items.
- The highest lower kind opens items, except that heading-like （一） lines above 1. items are
  groups ("（一）加强党的建设"): then 1. opens items and （一） is kept as each item's `group`.
- Every lower kind is sub-numbering inside an item and stays in its text.
A marker only counts when it continues its sequence: a section must be the next number; an item
the next number or the first of its section or group (so numbering may restart or run on); a
sub-list "1. 2." inside item 5 is therefore item text, not new items. Once such a list has
started, a marker continuing it stays in it ("1.学习 2.宣传" inside item 1, then "2.推进改革").
"""
import re
from dataclasses import dataclass, field

from edubureau.plans.parsing.frontmatter import ANNEX
from edubureau.plans.parsing.numerals import ARABIC, CIRCLED, CN, PAREN_ARABIC, PAREN_CN, Marker
from edubureau.plans.parsing.text import Line, pieces_text

_LOWER_KINDS = (PAREN_CN, ARABIC, PAREN_ARABIC, CIRCLED)
_HEADING_MAX_CHARS = 40
_SENTENCE_END = re.compile(r"[。；;！!？?]")


@dataclass(frozen=True)
class Levels:
    section: str | None = None
    group: str | None = None
    item: str | None = None


@dataclass
class ItemDraft:
    number: str
    group: str
    marker_length: int
    lines: list[Line] = field(default_factory=list)


@dataclass
class SectionDraft:
    number: str
    heading: Line | None
    marker_length: int = 0
    intro: list[Line] = field(default_factory=list)
    items: list[ItemDraft] = field(default_factory=list)


@dataclass
class Outline:
    front: list[Line]
    sections: list[SectionDraft]


def choose_levels(source: str, lines: list[Line], markers: dict[int, Marker], cuts) -> Levels:
    """Which marker kinds open sections, groups and items in this document (see the module docstring)."""
    present: dict[str, list[tuple[Line, Marker]]] = {}
    for index, marker in markers.items():
        present.setdefault(marker.kind, []).append((lines[index], marker))
    present = {kind: found for kind, found in present.items() if any(m.value == 1 for _, m in found)}
    section = CN if CN in present else None
    lower = [kind for kind in _LOWER_KINDS if kind in present]
    if not lower:
        return Levels(section=section)
    if lower[0] == PAREN_CN and len(lower) > 1 and _mostly_headings(source, present[PAREN_CN], cuts):
        return Levels(section=section, group=PAREN_CN, item=lower[1])
    return Levels(section=section, item=lower[0])


def _mostly_headings(source: str, found: list[tuple[Line, Marker]], cuts) -> bool:
    headings = sum(1 for line, marker in found if _is_heading(heading_text(source, line, marker.length, cuts)))
    return headings * 2 >= len(found)


def _is_heading(text: str) -> bool:
    core = text.rstrip("。；; ")
    return len(core) <= _HEADING_MAX_CHARS and not _SENTENCE_END.search(core)


def heading_text(source: str, line: Line, marker_length: int, cuts) -> str:
    """A heading line's text after its marker, annotations removed."""
    return pieces_text(source, [(line.start + marker_length, line.end)], cuts).text.strip()


@dataclass
class _Walk:
    """Where the walk through the body is: the numbers reached so far."""

    sections: list[SectionDraft] = field(default_factory=list)
    section_value: int = 0
    group_value: int = 0
    group_text: str = ""
    section_groups: int = 0
    item_value: int = 0
    container_items: int = 0
    sub_value: int = 0  # a list numbered like the items but restarted inside the current item

    def is_sub_list(self, marker: Marker) -> bool:
        """Whether an item-kind marker continues (or starts) a list inside the current item."""
        if self.sub_value and marker.value == self.sub_value + 1:
            self.sub_value = marker.value
            return True
        if marker.value == 1 and self.container_items:
            self.sub_value = 1
            return True
        return False

    def accept_section(self, marker: Marker) -> bool:
        return self.section_value == 0 or marker.value == self.section_value + 1

    def accept_group(self, marker: Marker) -> bool:
        return marker.value == self.group_value + 1 or (marker.value == 1 and self.section_groups == 0)

    def accept_item(self, marker: Marker) -> bool:
        return self.container_items == 0 or marker.value == self.item_value + 1

    def open_section(self, marker: Marker | None, line: Line | None) -> None:
        self.sections.append(SectionDraft(marker.number if marker else "", line, marker.length if marker else 0))
        self.section_value = marker.value if marker else 0
        self.group_text, self.section_groups, self.container_items, self.sub_value = "", 0, 0, 0

    def open_group(self, marker: Marker, text: str) -> None:
        self.group_value, self.group_text = marker.value, text
        self.section_groups += 1
        self.container_items, self.sub_value = 0, 0

    def open_item(self, marker: Marker, line: Line) -> None:
        if not self.sections:
            self.open_section(None, None)
        self.sections[-1].items.append(ItemDraft(marker.number, self.group_text, marker.length, [line]))
        self.item_value, self.sub_value = marker.value, 0
        self.container_items += 1

    def add_content(self, line: Line) -> None:
        section = self.sections[-1]
        if section.items and (not self.group_text or section.items[-1].group == self.group_text):
            section.items[-1].lines.append(line)
        else:
            section.intro.append(line)


def build_outline(source: str, lines: list[Line], markers: dict[int, Marker], roles: dict[int, str],
                  levels: Levels, cuts, start: int | None = None) -> Outline:
    """Walk the lines once, opening sections, groups and items where their markers continue the sequence."""
    walk = _Walk()
    start = _body_start(lines, markers, levels) if start is None else start
    if levels.section is None:
        walk.open_section(None, None)
    for index in range(start, len(lines)):
        line, marker, role = lines[index], markers.get(index), roles.get(index)
        if role == ANNEX:
            break
        if not _open(walk, source, line, marker, levels, cuts) and role is None:
            walk.add_content(line)
    return Outline(front=lines[:start], sections=walk.sections)


def _open(walk: _Walk, source: str, line: Line, marker: Marker | None, levels: Levels, cuts) -> bool:
    if marker is None:
        return False
    if marker.kind == levels.section and walk.accept_section(marker):
        walk.open_section(marker, line)
    elif marker.kind == levels.group and walk.accept_group(marker):
        walk.open_group(marker, _group_text(source, line, cuts))
    elif marker.kind == levels.item and not walk.is_sub_list(marker) and walk.accept_item(marker):
        walk.open_item(marker, line)
    else:
        return False
    return True


def _group_text(source: str, line: Line, cuts) -> str:
    """The group heading as written, numbering included: "（一）加强党的建设"."""
    return heading_text(source, line, 0, cuts).rstrip("。；; ")


def _body_start(lines: list[Line], markers: dict[int, Marker], levels: Levels) -> int:
    kinds = {levels.section, levels.group, levels.item} - {None}
    return next((i for i, marker in sorted(markers.items()) if marker.kind in kinds), len(lines))
