"""Read an uploaded table: xlsx, xlsb, xls and ods with python-calamine, CSV as text.

The format is told by the content, not the file name: a renamed file still reads, and the
classic fakes (an .xls that is an HTML page, an xlsx with an opening password) get a message
saying what they are. Cells keep their Excel types: float (int for whole numbers in xls), str,
bool, datetime.date/datetime, time, timedelta; an empty cell is "", and so is an error cell
(#N/A, #DIV/0!) in this calamine version. A formula reads as its last computed value. CSV cells
are all text.

Memory: a workbook's cells stay in calamine's compact Rust storage and a CSV stays one string;
RawTable.rows() makes the Python row lists one at a time, as often as it is called.
"""
import csv
import io
import itertools
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from edubureau.core.exceptions import ApplicationError

FILE_EMPTY = "文件为空,请选择填写好的表格"
FILE_UNKNOWN_FORMAT = "无法识别“{filename}”的格式,请上传 Excel 表格(.xlsx、.xls)、ODS 表格或 CSV 文件"
FILE_IS_WEB_PAGE = (
    "“{filename}”其实是网页或 XML 文件,并不是真正的 Excel 表格:"
    "请用 Excel 打开后“另存为”Excel 工作簿(.xlsx)再上传"
)
FILE_UNKNOWN_ENCODING = "无法识别“{filename}”的文字编码:请用 Excel 另存为“CSV UTF-8(逗号分隔)”后再上传"
WORKBOOK_PASSWORD = "“{filename}”设置了打开密码,无法读取:请在 Excel 中去掉密码后再上传"
WORKBOOK_CORRUPT = "“{filename}”已损坏或不完整,无法读取:请用 Excel 打开后另存一份再上传"
WORKBOOK_NO_DATA = "“{filename}”中没有任何数据:请把数据填在第一个工作表中"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .xls, or an encrypted xlsx
_ZIP = b"PK\x03\x04"
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SNIFF_BYTES = 8192
_MARKUP_SIGNS = ("<html", "<table", "<!doctype html", "urn:schemas-microsoft-com:office:spreadsheet")
_DELIMITERS = (",", "\t", ";")  # ties go to the first
_SNIFF_LINES = 50


@dataclass(frozen=True)
class RawTable:
    """The cells of one sheet. rows() yields every row from row 1, column A first, as lists."""

    filename: str
    format: str  # xlsx, xlsb, xls, ods, csv (or rows: from_rows)
    sheet: str | None  # the worksheet read; None for CSV
    height: int  # rows from row 1 to the last (for CSV: lines, so a cell with a line break counts twice)
    _rows: Callable[[], Iterator[list]] = field(repr=False, compare=False)

    @classmethod
    def from_rows(cls, rows: list[list], filename: str = "rows") -> "RawTable":
        """A table of rows already in memory (row 1 first), e.g. from a form or a test."""
        return cls(filename, "rows", None, len(rows), lambda: iter(rows))

    def rows(self) -> Iterator[list]:
        return self._rows()

    def head(self, count: int) -> list[list]:
        return list(itertools.islice(self.rows(), count))


def read_table(data: bytes, filename: str) -> RawTable:
    """The first visible worksheet holding data (or the CSV) of an uploaded file.

    Raises ApplicationError with a Chinese message for an empty, unknown, password-protected,
    corrupt or empty workbook, or a text file in an unknown encoding.
    """
    if not data:
        raise ApplicationError(FILE_EMPTY)
    if data.startswith(_ZIP):
        return _read_workbook(data, filename, _zip_format(data, filename))
    if data.startswith(_OLE2):
        if _ENCRYPTED_OOXML in data:
            raise ApplicationError(WORKBOOK_PASSWORD.format(filename=filename))
        return _read_workbook(data, filename, "xls")
    return _read_csv(data, filename)


def _zip_format(data: bytes, filename: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ApplicationError(WORKBOOK_CORRUPT.format(filename=filename)) from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names and b"opendocument.spreadsheet" in manifest:
        if b"encryption-data" in manifest:
            raise ApplicationError(WORKBOOK_PASSWORD.format(filename=filename))
        return "ods"
    raise ApplicationError(FILE_UNKNOWN_FORMAT.format(filename=filename))


def _read_workbook(data: bytes, filename: str, format_: str) -> RawTable:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for meta in workbook.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            if sheet.end is not None:
                return RawTable(filename, format_, meta.name, sheet.end[0] + 1, _sheet_rows(sheet))
    except PasswordError as exc:
        raise ApplicationError(WORKBOOK_PASSWORD.format(filename=filename)) from exc
    except Exception as exc:  # calamine reports broken files with several exception types
        raise ApplicationError(WORKBOOK_CORRUPT.format(filename=filename)) from exc
    raise ApplicationError(WORKBOOK_NO_DATA.format(filename=filename))


def _sheet_rows(sheet) -> Callable[[], Iterator[list]]:
    # calamine yields rows from row 1 but columns from the first one holding data: pad to column A
    padding = [""] * sheet.start[1]
    if not padding:
        return sheet.iter_rows
    return lambda: (padding + row for row in sheet.iter_rows())


def _read_csv(data: bytes, filename: str) -> RawTable:
    text = _decode(data, filename)
    if not text.strip():
        raise ApplicationError(WORKBOOK_NO_DATA.format(filename=filename))
    delimiter = _sniff_delimiter(text)
    height = text.count("\n") + (not text.endswith("\n"))

    def rows() -> Iterator[list]:
        return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    return RawTable(filename, "csv", None, height, rows)


def _decode(data: bytes, filename: str) -> str:
    if data.startswith(_UTF16_BOMS):  # Excel's "Unicode 文本"
        text = _try_decode(data, "utf-16")
    elif b"\x00" in data[:_SNIFF_BYTES]:
        raise ApplicationError(FILE_UNKNOWN_FORMAT.format(filename=filename))
    else:
        text = _try_decode(data, "utf-8-sig") or _try_decode(data, "gb18030")
    if text is None:
        raise ApplicationError(FILE_UNKNOWN_ENCODING.format(filename=filename))
    head = text[:_SNIFF_BYTES]
    if any(sign in head.lower() for sign in _MARKUP_SIGNS) and head.lstrip().startswith("<"):
        raise ApplicationError(FILE_IS_WEB_PAGE.format(filename=filename))
    if any(ord(char) < 32 and char not in "\t\r\n" for char in head):
        raise ApplicationError(FILE_UNKNOWN_FORMAT.format(filename=filename))
    return text


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the most lines of the sample into the same number (> 1) of cells."""
    lines = text[:65536].splitlines()[:_SNIFF_LINES]
    best, best_score = _DELIMITERS[0], (0, 0)
    for delimiter in _DELIMITERS:
        widths = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter) if any(map(str.strip, row)))
        common, count = widths.most_common(1)[0] if widths else (1, 0)
        score = (count, common) if common > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best
