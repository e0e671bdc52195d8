"""The paragraphs of a .docx in document order, tables included, with Word's automatic numbering rendered.

Bureau documents are often typed with Word list numbering, which is not part of the paragraph
text: without rendering it, "一、" and "1." would disappear and the plan would lose its structure.
"""
import io

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from edubureau.plans.parsing.numerals import int_to_cn

_CN_FORMATS = {"chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting",
               "ideographDigital", "chineseLegalSimplified"}


def docx_paragraphs(data: bytes) -> list[str]:
    """Texts of the body's paragraphs and of its tables' cell paragraphs, in document order."""
    document = docx.Document(io.BytesIO(data))
    numbering = _Numbering(document)
    return list(_block_texts(document.iter_inner_content(), numbering))


def _block_texts(blocks, numbering):
    for block in blocks:
        if isinstance(block, Paragraph):
            yield numbering.label(block) + block.text
        elif isinstance(block, Table):
            yield from _table_texts(block, numbering)


def _table_texts(table: Table, numbering):
    seen = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is repeated once per grid column
                continue
            seen.add(id(cell._tc))
            yield from _block_texts(cell.iter_inner_content(), numbering)


def format_number(value: int, fmt: str) -> str:
    """A list counter in one of Word's numbering formats (w:numFmt)."""
    if fmt in _CN_FORMATS:
        return int_to_cn(value)
    if fmt.startswith("decimalEnclosedCircle") and 1 <= value <= 20:
        return chr(ord("①") + value - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(ch) - ord("0") + ord("０")) for ch in str(value))
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(value)


class _Numbering:
    """Counters of Word list numbering (w:numPr → w:num → w:abstractNum → w:lvl)."""

    def __init__(self, document):
        try:
            self._root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            self._root = None
        self._counters: dict[str, list[int]] = {}

    def label(self, paragraph: Paragraph) -> str:
        num_id, level = self._num_pr(paragraph)
        if self._root is None or num_id is None:
            return ""
        levels = self._levels(num_id)
        if level not in levels:
            return ""
        counters = self._counters.setdefault(num_id, [0] * 9)
        counters[level] += 1
        counters[level + 1:] = [0] * (8 - level)
        if levels[level]["fmt"] in ("bullet", "none"):
            return ""
        text = levels[level]["text"]
        for index in range(level + 1):
            info = levels.get(index, {"start": 1, "fmt": "decimal"})
            value = max(counters[index], 1) + info["start"] - 1
            text = text.replace(f"%{index + 1}", format_number(value, info["fmt"]))
        return text

    @staticmethod
    def _num_pr(paragraph: Paragraph) -> tuple[str | None, int]:
        """The paragraph's list (numId) and level, set on the paragraph or inherited from its style."""
        num_id, level = _num_pr_of(paragraph._p.pPr)
        style = paragraph.style if num_id is None else None
        while num_id is None and style is not None:
            num_id, style_level = _num_pr_of(style.element.pPr)
            level = level if level is not None else style_level
            style = style.base_style
        return (None if num_id in (None, "0") else num_id), level or 0

    def _levels(self, num_id: str) -> dict[int, dict]:
        num = next((n for n in self._root.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id), None)
        abstract_ref = num.find(qn("w:abstractNumId")) if num is not None else None
        if abstract_ref is None:
            return {}
        abstract_id = abstract_ref.get(qn("w:val"))
        abstract = next((a for a in self._root.findall(qn("w:abstractNum"))
                         if a.get(qn("w:abstractNumId")) == abstract_id), None)
        if abstract is None:
            return {}
        return {int(lvl.get(qn("w:ilvl"))): _level_info(lvl) for lvl in abstract.findall(qn("w:lvl"))}


def _num_pr_of(ppr) -> tuple[str | None, int | None]:
    num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num_pr is None:
        return None, None
    num_id, ilvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
    return (num_id.get(qn("w:val")) if num_id is not None else None,
            int(ilvl.get(qn("w:val"))) if ilvl is not None else None)


def _level_info(lvl) -> dict:
    def val(tag: str, default: str) -> str:
        element = lvl.find(qn(tag))
        return element.get(qn("w:val"), default) if element is not None else default

    return {"start": int(val("w:start", "1")), "fmt": val("w:numFmt", "decimal"), "text": val("w:lvlText", "")}
