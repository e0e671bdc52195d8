"""Build spreadsheet files in memory for the import tests."""
import datetime
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText

from edubureau.imports.headers import ColumnSpec

FILES = Path(__file__).parent / "files"  # made once with xlwt and msoffcrypto-tool: files/README.md

SEX_CHOICES = (("1", "男", "男性"), ("2", "女", "女性"))
STUDENT_SPECS = (
    ColumnSpec("name", "姓名", ("学生姓名",), required=True, kind="name"),
    ColumnSpec("id_number", "身份证号", ("身份证号码", "证件号码"), required=True, kind="id", unique=True),
    ColumnSpec("sex", "性别", kind="choice", choices=SEX_CHOICES),
    ColumnSpec("birth_date", "出生日期", ("出生年月日",), kind="date"),
    ColumnSpec("boarding", "是否住校", ("住校",), kind="bool"),
    ColumnSpec("height", "身高(cm)", kind="decimal", min_value=50, max_value=250),
)
STUDENT_HEADER = ["姓名", "身份证号", "性别", "出生日期", "是否住校", "身高(cm)"]


def xlsx_bytes(*rows, sheet_title: str = "Sheet1", formulas_as_text: bool = True) -> bytes:
    """A one-sheet workbook; text starting with "=" is stored as text, not as a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append([CellRichText(v) if formulas_as_text and isinstance(v, str) and v.startswith("=") else v
                      for v in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _ods_cell(value) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        flag = "true" if value else "false"
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{flag}"><text:p>{flag}</text:p></table:table-cell>'
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    if isinstance(value, datetime.date):
        return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"><text:p>{value}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def ods_bytes(*rows, encrypted: bool = False, sheet_name: str = "学生") -> bytes:
    """A minimal OpenDocument spreadsheet, as LibreOffice and WPS write them (one table)."""
    body = "".join("<table:table-row>" + "".join(map(_ods_cell, row)) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet_name)}">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    encryption = "<manifest:encryption-data/>" if encrypted else ""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{encryption}'
        "</manifest:file-entry></manifest:manifest>"
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return output.getvalue()
