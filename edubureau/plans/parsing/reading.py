"""Turn an uploaded file or pasted text into the plan's source text.

The source text is what every offset of the parse refers to: the decoded text with its line
endings normalised to "\\n" and a byte-order mark removed, otherwise exactly as written.
"""
from pathlib import PurePath

from edubureau.plans.parsing.docx_text import docx_paragraphs
from edubureau.plans.parsing.errors import (
    EMPTY_FILE,
    INVALID_DOCX,
    OLD_DOC,
    PDF_NOT_SUPPORTED,
    UNDECODABLE,
    PlanParseError,
)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls: compound documents
_PDF_MAGIC = b"%PDF"
_TEXT_ENCODINGS = ("utf-8", "gb18030")
_ALLOWED_CONTROLS = set("\t\n\r\f\v")
_MAX_CONTROL_SHARE = 0.01


def read_document(data: bytes, filename: str) -> str:
    """The normalised source text of an uploaded .txt/.md (UTF-8, UTF-8-BOM, GBK, UTF-16 with BOM) or .docx file.

    The file's content decides how it is read (a .docx renamed .txt still reads as Word);
    the extension only matters for a .doc or a .docx that is not a zip. Raises PlanParseError.
    """
    if not data.strip():
        raise PlanParseError(EMPTY_FILE)
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(_OLE_MAGIC) or suffix == ".doc":
        raise PlanParseError(OLD_DOC)
    if data.startswith(_PDF_MAGIC) or suffix == ".pdf":
        raise PlanParseError(PDF_NOT_SUPPORTED)
    if data.startswith(_ZIP_MAGIC) or suffix == ".docx":
        return _read_docx(data)
    return read_text(_decode(data))


def read_text(text: str) -> str:
    """Normalise pasted or decoded text: "\\r\\n" and "\\r" become "\\n", a leading BOM goes."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise PlanParseError(EMPTY_FILE)
    return text


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    encodings = _TEXT_ENCODINGS
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode"
        encodings = ("utf-16",)
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise PlanParseError(UNDECODABLE)


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for ch in text if ch < " " and ch not in _ALLOWED_CONTROLS)
    return "\x00" not in text and controls <= len(text) * _MAX_CONTROL_SHARE


def _read_docx(data: bytes) -> str:
    if not data.startswith(_ZIP_MAGIC):
        raise PlanParseError(INVALID_DOCX)
    try:
        paragraphs = docx_paragraphs(data)
    except Exception as error:  # zipfile, python-docx and lxml raise many kinds on a damaged package
        raise PlanParseError(INVALID_DOCX) from error
    return read_text("\n".join(paragraphs))
