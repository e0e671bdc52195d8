"""parse_plan: source text → ParsedPlan (sections → items with units, targets and mentions).

The steps: split the source into lines and drop web/page furniture (cleanup.py); find the
responsibility annotations (annotations.py) and the lines around the body — date, signature,
annex (frontmatter.py); find the numbering markers and decide which kind opens sections, groups
and items, then walk the lines (outline.py); inline "一是…二是…" items where a section has no
numbered lines (inline.py); read title, issuer, date, year, notice and preamble from the lines
before the body; and in each item split title from text and extract targets and mentions.
"""
import re

from edubureau.plans.parsing.annotations import Annotation, find_annotations
from edubureau.plans.parsing.cleanup import is_noise
from edubureau.plans.parsing.errors import NO_STRUCTURE, PlanParseError
from edubureau.plans.parsing.extraction import extract
from edubureau.plans.parsing.frontmatter import classify_lines, dates_and_signatures, parse_front
from edubureau.plans.parsing.inline import InlineItem, find_inline_items, inline_start
from edubureau.plans.parsing.nodes import ParsedItem, ParsedPlan, ParsedSection
from edubureau.plans.parsing.numerals import CN, match_marker
from edubureau.plans.parsing.outline import ItemDraft, Levels, Outline, SectionDraft, build_outline, choose_levels
from edubureau.plans.parsing.text import STRIP_CHARS, MappedText, join_lines, pieces_text, split_lines

_TITLE_END = "。；;！!？?：:\n"
# Inline items ("二是深化体教融合，举办…") name themselves in their first clause.
_INLINE_TITLE_END = _TITLE_END + "，,"
_QUOTES = {"《": "》", "“": "”"}
_GENERAL_SECTION = re.compile(r"总体要求|指导思想|总体思路|工作思路|总体目标|工作目标|主要目标|基本原则|目标任务")
_MIN_ITEMS = 2


def parse_plan(text: str) -> ParsedPlan:
    """Parse a work plan's normalised source text (see reading.py). Raises PlanParseError without items."""
    source = text
    lines = [line for line in split_lines(source) if not is_noise(line.text)]
    annotations = find_annotations(source)
    cuts = [(annotation.start, annotation.end) for annotation in annotations]
    roles = classify_lines(lines)
    markers = {i: m for i, line in enumerate(lines) if i not in roles and (m := match_marker(line.text))}
    outline = _outline(source, lines, markers, roles, cuts)
    sections = [_section(source, draft, annotations, cuts) for draft in outline.sections]
    sections, folded = _fold_general_sections(source, outline.sections, sections, cuts)
    if sum(len(section.items) for section in sections) < _MIN_ITEMS:
        raise PlanParseError(NO_STRUCTURE)
    dates, signatures = dates_and_signatures(lines, roles)
    front_roles = {i: role for i, role in roles.items() if i < len(outline.front)}
    front = parse_front(source, outline.front, front_roles, signatures, dates)
    preamble = "\n".join(part for part in (front.preamble, folded) if part)
    return ParsedPlan(title=front.title, issuer=front.issuer, issued_on=front.issued_on, year=front.year,
                      preamble=preamble, notice=front.notice, sections=sections, source=source)


def _outline(source, lines, markers, roles, cuts) -> Outline:
    levels = choose_levels(source, lines, markers, cuts)
    if levels == Levels():
        start = inline_start(lines)
        if start is None:
            raise PlanParseError(NO_STRUCTURE)
        return build_outline(source, lines, markers, roles, levels, cuts, start=start)
    outline = build_outline(source, lines, markers, roles, levels, cuts)
    if levels.item is None and not any(_inline_items(source, draft, cuts)[1] for draft in outline.sections):
        # Only 一、 lines and no inline items under them: the 一、 lines are the items.
        outline = build_outline(source, lines, markers, roles, Levels(item=CN), cuts)
    return outline


def _inline_items(source: str, draft: SectionDraft, cuts) -> tuple[MappedText, list[InlineItem]]:
    return find_inline_items(join_lines(source, draft.intro, cuts))


def split_title(content: MappedText, ends: str = _TITLE_END) -> tuple[MappedText, MappedText]:
    """The first sentence (up to 。；！？: or the line end, outside 《》 and “”) and the rest."""
    closing, text = None, content.text
    for index, ch in enumerate(text):
        if closing:
            closing = None if ch == closing else closing
        elif ch in _QUOTES:
            closing = _QUOTES[ch]
        elif ch in ends:
            return content.slice(0, index).strip(), content.slice(index + 1).strip()
    return content.strip(), MappedText.empty()


def _section(source: str, draft: SectionDraft, annotations: list[Annotation], cuts) -> ParsedSection:
    title, rest = MappedText.empty(), MappedText.empty()
    if draft.heading is not None:
        heading = pieces_text(source, [(draft.heading.start + draft.marker_length, draft.heading.end)], cuts)
        title, rest = split_title(heading.strip(STRIP_CHARS))
    items = [_line_item(source, item, annotations, cuts) for item in draft.items]
    intro = join_lines(source, draft.intro, cuts)
    if not items:
        intro, inline = _inline_items(source, draft, cuts)
        items = [_item(entry.number, "", entry.content, entry.start, entry.end, annotations, _INLINE_TITLE_END)
                 for entry in inline]
    spans = [(item.start, item.end) for item in items] + [(line.start, line.end) for line in draft.intro]
    if draft.heading is not None:
        spans.append((draft.heading.start, draft.heading.end))
    body = "\n".join(part for part in (rest.text, intro.text) if part)
    return ParsedSection(number=draft.number, title=title.text, start=min(s for s, _ in spans) if spans else 0,
                         end=max(e for _, e in spans) if spans else 0, items=items, body=body)


def _line_item(source: str, draft: ItemDraft, annotations: list[Annotation], cuts) -> ParsedItem:
    content = join_lines(source, draft.lines, cuts, first_offset=draft.marker_length)
    return _item(draft.number, draft.group, content, draft.lines[0].start, draft.lines[-1].end, annotations)


def _item(number: str, group: str, content: MappedText, start: int, end: int,
          annotations: list[Annotation], title_ends: str = _TITLE_END) -> ParsedItem:
    title, text = split_title(content, title_ends)
    own = [annotation for annotation in annotations if start <= annotation.start < end]
    lead = list(dict.fromkeys(unit for annotation in own for unit in annotation.lead_units))
    cooperating = list(dict.fromkeys(
        unit for annotation in own for unit in annotation.cooperating_units if unit not in lead))
    targets, mentions = extract(content) if content.text else ([], [])
    return ParsedItem(
        number=number, title=title.text, text=text.text, group=group, responsible_units=lead + cooperating,
        lead_units=lead, cooperating_units=cooperating, start=start, end=end, targets=targets,
        mentions=mentions, annotation="；".join(annotation.raw for annotation in own),
    )


def _fold_general_sections(source: str, drafts: list[SectionDraft], sections: list[ParsedSection], cuts):
    """Leading item-less sections such as "一、总体要求" belong to the preamble, not the work items."""
    folded = []
    while sections and not sections[0].items and _GENERAL_SECTION.search(sections[0].title):
        draft = drafts[0]
        lines = ([draft.heading] if draft.heading else []) + draft.intro
        folded.append(join_lines(source, lines, cuts).text)
        sections, drafts = sections[1:], drafts[1:]
    return sections, "\n".join(folded)
