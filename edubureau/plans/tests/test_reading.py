"""Reading uploads and pasted text: encodings, Word files, and the messages for what cannot be read."""
import io
import zipfile

import docx
import pytest

from edubureau.core.exceptions import ApplicationError
from edubureau.plans.parsing import PlanParseError, parse_document, parse_plan, read_document, read_text
from edubureau.plans.parsing.docx_text import format_number
from edubureau.plans.parsing.errors import (
    EMPTY_FILE,
    INVALID_DOCX,
    NO_STRUCTURE,
    OLD_DOC,
    PDF_NOT_SUPPORTED,
    UNDECODABLE,
)

PLAN = "市教育局2024年工作要点\n一、加强党的建设\n1.深化理论武装。开展专题学习。\n2.加强组织建设。推进标准化建设。\n"


def _docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _plan_document(document) -> None:
    document.add_paragraph("市教育局2024年工作要点")
    document.add_paragraph("2024年全市教育工作的总体要求是:办好人民满意的教育。")
    document.add_paragraph("一、加强党的建设")
    # Word list numbering: "1." and "2." are not in the paragraph text and must be rendered.
    document.add_paragraph("深化理论武装。坚持“第一议题”制度。", style="List Number")
    document.add_paragraph("加强组织建设。开展主题党日活动。", style="List Number")
    document.add_paragraph("二、推进教育发展")
    row = document.add_table(rows=1, cols=2).rows[0]
    row.cells[0].text = "3.发展学前教育。完成城北幼儿园建设。"
    row.cells[1].text = "责任单位：学前教育科、计财科"
    document.add_paragraph("2024年3月8日")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_text_files_in_every_common_encoding(encoding):
    assert read_document(PLAN.encode(encoding), "要点.txt") == PLAN


def test_line_endings_are_normalised_and_offsets_refer_to_the_normalised_text():
    source = read_document(("\ufeff" + PLAN.replace("\n", "\r\n")).encode("utf-8"), "要点.TXT")
    assert source == PLAN
    plan = parse_plan(source)
    assert source[plan.items[0].start:plan.items[0].start + 8] == "1.深化理论武装"


def test_pasted_text_is_normalised():
    assert read_text("\ufeff一\r\n二\r三\n") == "一\n二\n三\n"


def test_unknown_extension_is_read_as_text():
    assert read_document(PLAN.encode("gbk"), "plan") == PLAN


def test_docx_in_document_order_with_list_numbering_and_tables():
    # (f) a .docx built with python-docx.
    plan = parse_document(_docx_bytes(_plan_document), "要点.docx")
    assert [(s.number, s.title) for s in plan.sections] == [("一", "加强党的建设"), ("二", "推进教育发展")]
    assert [(item.number, item.title) for item in plan.items] == [
        ("1", "深化理论武装"), ("2", "加强组织建设"), ("3", "发展学前教育"),
    ]
    assert plan.items[2].responsible_units == ["学前教育科", "计财科"]
    assert [m.text for m in plan.items[2].mentions if m.kind == "project"] == ["城北幼儿园"]
    assert plan.items[2].text == "完成城北幼儿园建设。"
    assert plan.preamble == "2024年全市教育工作的总体要求是:办好人民满意的教育。"
    assert (plan.title, plan.issuer, str(plan.issued_on)) == ("市教育局2024年工作要点", "市教育局", "2024-03-08")


def test_docx_renamed_to_txt_is_still_read_as_word():
    source = read_document(_docx_bytes(_plan_document), "要点.txt")
    assert source.splitlines()[3] == "1.深化理论武装。坚持“第一议题”制度。"


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a word document")
    return buffer.getvalue()


def _letter(document) -> None:
    document.add_paragraph("张老师:")
    document.add_paragraph("您好!感谢您一直以来对学校工作的支持。下周学校将召开家长会,请您准时参加。")
    document.add_paragraph("此致")
    document.add_paragraph("敬礼")
    document.add_paragraph("2024年3月8日")


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"", "要点.txt", EMPTY_FILE),
    (b"  \r\n\t\n", "要点.txt", EMPTY_FILE),
    ("\ufeff \n".encode("utf-8"), "要点.txt", EMPTY_FILE),
    (bytes(range(256)) * 8, "要点.txt", UNDECODABLE),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "要点.txt", UNDECODABLE),
    (_zip_bytes(), "要点.docx", INVALID_DOCX),
    (b"PK\x03\x04 truncated", "要点.docx", INVALID_DOCX),
    (PLAN.encode("utf-8"), "要点.docx", INVALID_DOCX),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "要点.doc", OLD_DOC),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "要点.docx", OLD_DOC),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "要点.pdf", PDF_NOT_SUPPORTED),
    (_docx_bytes(lambda document: None), "空白.docx", EMPTY_FILE),
])
def test_unreadable_files_get_a_clear_message(data, filename, message):
    with pytest.raises(PlanParseError) as caught:
        parse_document(data, filename)
    assert caught.value.message == message
    assert isinstance(caught.value, ApplicationError)


@pytest.mark.parametrize(("data", "filename"), [
    (_docx_bytes(_letter), "通知.docx"),
    ("今年以来,我市教育工作取得了显著成效。全市上下齐心协力,推动教育事业高质量发展。\n下一步,我们将继续努力。"
     .encode("utf-8"), "总结.txt"),
    ("市教育局2024年工作要点\n2024年全市教育工作的总体要求是:办好人民满意的教育。\n".encode("gbk"), "要点.txt"),
    ("扫一扫在手机上查看当前页面\n【打印本页】【关闭窗口】\n- 1 -\n".encode("utf-8"), "网页.txt"),
    ("工作要点\n1.只有一项工作。\n".encode("utf-8"), "要点.txt"),
])
def test_documents_that_are_not_plans_are_refused(data, filename):
    with pytest.raises(PlanParseError) as caught:
        parse_document(data, filename)
    assert caught.value.message == NO_STRUCTURE
    assert caught.value.message.startswith("未能识别出工作要点的结构")


@pytest.mark.parametrize(("value", "fmt", "expected"), [
    (3, "decimal", "3"), (12, "chineseCounting", "十二"), (2, "chineseCountingThousand", "二"),
    (1, "decimalEnclosedCircle", "①"), (12, "decimalFullWidth", "１２"), (2, "upperLetter", "B"),
    (1, "bullet", ""),
])
def test_word_numbering_formats(value, fmt, expected):
    assert format_number(value, fmt) == expected
