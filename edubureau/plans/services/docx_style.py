"""Building blocks for Word documents laid out as Chinese official documents (GB/T 9704-2012 style).

python-docx cannot express everything the standard asks for (a 22-line grid, character-based
indents); these helpers get as close as it allows: A4 with the standard margins, 28.95 pt
fixed line spacing (22 lines on the 225 mm text block), East Asian font names set on every
run, a red separator line, and "— 1 —" page numbers placed right on odd and left on even pages.
"""
import re

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING_1 = "黑体"
FONT_HEADING_2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"

SIZE_MASTHEAD = Pt(36)  # 小初
SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_PAGE_NUMBER = Pt(14)  # 四号
SIZE_TABLE = Pt(12)  # 小四

RED = RGBColor(0xFF, 0x00, 0x00)
LINE_SPACING = Pt(28.95)  # 225 mm text height / 22 lines
TITLE_LINE_SPACING = Pt(35)
TABLE_LINE_SPACING = Pt(20)
BODY_INDENT = Pt(32)  # two characters of 三号
PAGE_MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
PAGE_NUMBER_DASH = "\u2014"  # 一字线 on either side of the number

_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]"


def cjk_punctuation(text: str) -> str:
    """Full-width punctuation in Chinese text: imported titles often carry ASCII "," or "(...)".

    Only marks written right after a Chinese character (or a bracket pair touching one) change,
    so "1,000" or "Python(3.11)" stay as they are while "计划(2022-2025)" becomes "计划（2022-2025）".
    """
    text = re.sub(rf"(?<={_CJK})[,;:?!]", lambda m: _FULL_WIDTH[m.group()], text)
    return re.sub(rf"(?<={_CJK})\(([^()]*)\)|\(([^()]*{_CJK}[^()]*)\)", lambda m: f"（{m.group(1) or m.group(2)}）", text)


def set_run_font(run: Run, name: str, size: Pt, *, bold: bool = False, color: RGBColor | None = None) -> Run:
    """Font of one run, with the w:eastAsia name Word uses for Chinese characters."""
    run.font.name, run.font.size, run.font.bold = name, size, bold
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if color is not None:
        run.font.color.rgb = color
    return run


def setup_document(doc: DocumentObject, *, title: str, author: str) -> None:
    """A4 page, GB/T 9704 margins, 仿宋 三号 as the Normal style, odd/even page footers."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side, length in PAGE_MARGINS.items():
        setattr(section, f"{side}_margin", length)
    # The page number's top edge sits about 7 mm below the text block, as GB/T 9704 asks.
    section.header_distance, section.footer_distance = Mm(15), Mm(21)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT_BODY, SIZE_BODY
    normal_rpr = normal.element.get_or_add_rPr()
    normal_rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT_BODY)
    language = OxmlElement("w:lang")  # Chinese quotes “” are then laid out as full-width characters
    language.set(qn("w:eastAsia"), "zh-CN")
    normal_rpr.append(language)
    doc.settings.odd_and_even_pages_header_footer = True
    page_number_footer(section.footer.paragraphs[0], odd=True)
    page_number_footer(section.even_page_footer.paragraphs[0], odd=False)
    doc.core_properties.title, doc.core_properties.author = title, author
    doc.core_properties.last_modified_by, doc.core_properties.comments = author, ""


def add_paragraph(doc: DocumentObject, runs: list[tuple[str, str, Pt]], *, align: str = "justify",
                  indent: Pt | None = BODY_INDENT, line: Pt = LINE_SPACING) -> Paragraph:
    """A paragraph of (text, font, size) runs with fixed line spacing; `indent` is the first-line indent."""
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, line
    fmt.space_before = fmt.space_after = Pt(0)
    if indent is not None:
        fmt.first_line_indent = indent
    for text, font, size in runs:
        set_run_font(paragraph.add_run(text), font, size)
    return paragraph


def body(doc: DocumentObject, text: str, **kwargs) -> Paragraph:
    return add_paragraph(doc, [(text, FONT_BODY, SIZE_BODY)], **kwargs)


def heading(doc: DocumentObject, text: str) -> Paragraph:
    """A first-level heading ("一、总体情况"): 黑体 三号, indented like the body."""
    paragraph = add_paragraph(doc, [(text, FONT_HEADING_1, SIZE_BODY)])
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def run_in_heading(doc: DocumentObject, heading_text: str, text: str) -> Paragraph:
    """A second-level heading ("（一）…。") in 楷体 followed in the same paragraph by 仿宋 text."""
    return add_paragraph(doc, [(heading_text, FONT_HEADING_2, SIZE_BODY), (text, FONT_BODY, SIZE_BODY)])


def red_bottom_border(paragraph: Paragraph, *, space_pt: int = 11) -> None:
    """Draw the red separator line (版头分隔线) as the paragraph's bottom border, 4 mm below it."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", str(space_pt)), ("w:color", "FF0000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # CT_PPr's schema order puts pBdr before spacing/ind/jc, so insert it at the right place.
    paragraph._p.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
        "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    )


def masthead(doc: DocumentObject, issuer: str) -> Paragraph:
    """The 发文机关标志: the issuer's name in red 方正小标宋简体, centred at the top of the text block."""
    paragraph = add_paragraph(doc, [], align="center", indent=None, line=Pt(50))
    set_run_font(paragraph.add_run(issuer), FONT_TITLE, SIZE_MASTHEAD, color=RED)
    return paragraph


def document_number(doc: DocumentObject, number: str) -> Paragraph:
    """The 发文字号 two lines below the masthead, centred, with the red separator line under it."""
    paragraph = body(doc, number, align="center", indent=None)
    paragraph.paragraph_format.space_before = Pt(LINE_SPACING.pt * 2)
    red_bottom_border(paragraph)
    return paragraph


def title(doc: DocumentObject, text: str) -> Paragraph:
    """The 标题 two lines below the red line, 方正小标宋简体 二号, centred."""
    paragraph = add_paragraph(doc, [(text, FONT_TITLE, SIZE_TITLE)], align="center", indent=None,
                              line=TITLE_LINE_SPACING)
    paragraph.paragraph_format.space_before = Pt(LINE_SPACING.pt * 2)
    return paragraph


def addressee(doc: DocumentObject, text: str) -> Paragraph:
    """The 主送机关 one line below the title, flush left."""
    paragraph = body(doc, text, indent=None)
    paragraph.paragraph_format.space_before = LINE_SPACING
    return paragraph


def _width_in_chars(text: str) -> float:
    return sum(0.5 if ord(ch) < 0x80 else 1 for ch in text)


def signature(doc: DocumentObject, issuer: str, date_text: str) -> None:
    """署名 and 成文日期 one line below the body, right-aligned four characters in, centred on each other."""
    body(doc, "", indent=None)
    widest = max(_width_in_chars(issuer), _width_in_chars(date_text))
    for text in (issuer, date_text):
        paragraph = body(doc, text, align="right", indent=None)
        paragraph.paragraph_format.right_indent = Pt(SIZE_BODY.pt * (4 + (widest - _width_in_chars(text)) / 2))


def _field_char(run: Run, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    run._r.append(element)


def page_number_footer(paragraph: Paragraph, *, odd: bool) -> None:
    """"— 1 —" in 宋体 四号 with a PAGE field: one character in from the right (odd) or left (even)."""
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        fmt.right_indent = SIZE_PAGE_NUMBER
    else:
        fmt.left_indent = SIZE_PAGE_NUMBER

    def add(text: str = "") -> Run:
        return set_run_font(paragraph.add_run(text), FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER)

    add(f"{PAGE_NUMBER_DASH} ")
    _field_char(add(), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    add()._r.append(instruction)
    _field_char(add(), "separate")
    add("1")
    _field_char(add(), "end")
    add(f" {PAGE_NUMBER_DASH}")


def _repeat_as_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _fill_cell(cell, text: str, *, bold: bool, align: str) -> None:
    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, TABLE_LINE_SPACING
    fmt.space_before = fmt.space_after = Pt(0)
    set_run_font(paragraph.add_run(text), FONT_BODY, SIZE_TABLE, bold=bold)


def grid_table(doc: DocumentObject, header: list[str], rows: list[list[str]], widths: list[Mm]) -> Table:
    """A bordered ('Table Grid') table in 仿宋 小四: a bold header row repeated on each page,
    the first column left-aligned and the figures centred."""
    table = doc.add_table(rows=1 + len(rows), cols=len(header), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _repeat_as_header(table.rows[0])
    for column, width in zip(table.columns, widths):
        column.width = width  # the w:gridCol LibreOffice lays out by; Word reads the cells' w:tcW
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = widths[c]
            _fill_cell(cell, value, bold=r == 0, align="center" if r == 0 or c else "left")
    return table
