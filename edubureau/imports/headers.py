"""Columns an import expects, and finding them in the header row of a user's table.

The header row may sit under title and note rows. A header matches a column when, ignoring
spaces, line breaks, full-width/half-width differences, "*" marks, a trailing colon and case, it
equals the column's header or one of its synonyms, either as written or without what it holds
in brackets ("身份证号(必填)", "出生日期【必填】"). A synonym that itself has brackets
("身高(cm)") only matches that exact wording, so units are never confused.
"""
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from openpyxl.utils import get_column_letter

from edubureau.imports.normalise import cell_display, compact

HEADER_NOT_FOUND = "未找到表头行:前 {rows} 行中没有“{headers}”等列名,请按导入模板填写"
HEADER_MISSING_COLUMNS = "缺少必填的列:{columns},请按导入模板补上"
HEADER_DUPLICATE_COLUMN = "{columns} 列都是“{header}”,只能保留其中一列"
HEADER_UNKNOWN_COLUMNS = "以下列无法识别,导入时将被忽略:{columns}"
HEADER_SEARCH_ROWS = 20  # the header row may sit under this many title or note rows

KINDS = ("text", "name", "id", "code", "int", "decimal", "date", "bool", "choice")
TEXT_KINDS = ("text", "name", "id", "code")
LIMITED_KINDS = ("int", "decimal", "date")  # the kinds min_value and max_value apply to
ERROR_COLUMN = "错误说明"  # the column error_workbook adds; ignored when the file comes back
IGNORED_HEADERS = ("序号", ERROR_COLUMN)  # not reported as unknown columns

_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕|<[^<>]*>")
_MARKS = re.compile(r"[*※]+")


@dataclass(frozen=True)
class ColumnSpec:
    """One column of an import.

    kind: text, name (a person's name), id (身份证号/学籍号: text only, never a number), code
    (a digit code of at most 15 digits), int, decimal, date, bool or choice; see normalise.py.
    choices: for kind "choice", (code, label, *aliases) tuples; the value read is the code.
    required: the column must be present and no row may leave it empty.
    unique: no two rows of the file may hold the same value.
    max_length (text kinds), min_value and max_value (int, decimal, date): limits on the value.
    note: what to write in the column, for the template.
    """

    field: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    kind: str = "text"
    choices: tuple[tuple[str, ...], ...] = ()
    note: str = ""
    unique: bool = False
    max_length: int | None = None
    min_value: object = None
    max_value: object = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"{self.field}: unknown kind {self.kind!r}")
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError(f"{self.field}: choices go with kind 'choice', and only with it")
        if (self.min_value is not None or self.max_value is not None) and self.kind not in LIMITED_KINDS:
            raise ValueError(f"{self.field}: min_value and max_value go with kinds {', '.join(LIMITED_KINDS)}")
        if self.max_length is not None and self.kind not in TEXT_KINDS:
            raise ValueError(f"{self.field}: max_length goes with kinds {', '.join(TEXT_KINDS)}")


@dataclass(frozen=True)
class HeaderMatch:
    """Where the columns are. `row` is the header's row number as Excel shows it (None: not found)."""

    row: int | None
    columns: dict[str, int] = dataclass_field(default_factory=dict)  # field → index, column A = 0
    headers: dict[str, str] = dataclass_field(default_factory=dict)  # field → header as written
    missing: tuple[str, ...] = ()  # headers of required columns that are not there
    duplicates: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (column header, indexes) seen twice
    unknown: tuple[tuple[int, str], ...] = ()  # (index, header as written) matching no column
    search_rows: int = HEADER_SEARCH_ROWS
    expected: tuple[str, ...] = ()  # headers named when the header row is not found

    @property
    def errors(self) -> list[str]:
        """What keeps the file from being read, as messages for the user."""
        if self.row is None:
            headers = "”“".join(self.expected[:3])
            return [HEADER_NOT_FOUND.format(rows=self.search_rows, headers=headers)]
        problems = []
        if self.missing:
            problems.append(HEADER_MISSING_COLUMNS.format(columns="、".join(f"“{h}”" for h in self.missing)))
        for header, indexes in self.duplicates:
            letters = "、".join(get_column_letter(index + 1) for index in indexes)
            problems.append(HEADER_DUPLICATE_COLUMN.format(columns=letters, header=header))
        return problems

    @property
    def warnings(self) -> list[str]:
        if not self.unknown:
            return []
        names = "、".join(f"“{text}”({get_column_letter(index + 1)} 列)" for index, text in self.unknown)
        return [HEADER_UNKNOWN_COLUMNS.format(columns=names)]


def header_text(cell) -> str:
    """A header cell as written, without spaces, line breaks and the "*" marking a required column
    (messages name the column "班级名称", not "*班级名称")."""
    return _MARKS.sub("", re.sub(r"\s+", "", cell_display(cell)))


def header_keys(text: str) -> tuple[str, str]:
    """The header as compared: (as written, without bracketed parts)."""
    key = _MARKS.sub("", compact(text).casefold()).rstrip(":")
    return key, _BRACKETED.sub("", key).rstrip(":")


def _synonym_lookup(specs: Sequence[ColumnSpec]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for spec in specs:
        for word in (spec.header, *spec.synonyms):
            key = header_keys(word)[0]
            if lookup.setdefault(key, spec.field) != spec.field:
                raise ValueError(f"header {word!r} is declared for both {lookup[key]} and {spec.field}")
    return lookup


def _match_row(row: list, lookup: dict[str, str]) -> list[tuple[int, str | None, str]]:
    """(index, field or None, header as written) of each non-empty cell of the row."""
    cells = []
    for index, cell in enumerate(row):
        text = header_text(cell)
        if text:
            full, bare = header_keys(text)
            cells.append((index, lookup.get(full) or lookup.get(bare), text))
    return cells


def find_header(rows: Iterable[list], specs: Sequence[ColumnSpec],
                search_rows: int = HEADER_SEARCH_ROWS) -> HeaderMatch:
    """The header row among the first `search_rows` rows: the one naming the most columns.

    `rows` start at row 1 (as RawTable.rows() gives them); ties go to the upper row.
    """
    lookup = _synonym_lookup(specs)
    best_row, best_cells, best_score = None, [], 0
    for number, row in enumerate(itertools.islice(rows, search_rows), 1):
        cells = _match_row(row, lookup)
        score = len({name for _, name, _ in cells if name})
        if score > best_score:
            best_row, best_cells, best_score = number, cells, score
    if best_row is None:
        expected = tuple(spec.header for spec in specs if spec.required) or tuple(spec.header for spec in specs)
        return HeaderMatch(row=None, search_rows=search_rows, expected=expected)
    return _header_match(best_row, best_cells, specs, search_rows)


def _header_match(number: int, cells: list, specs: Sequence[ColumnSpec], search_rows: int) -> HeaderMatch:
    found: dict[str, list[tuple[int, str]]] = {}
    unknown = []
    ignored = {header_keys(word)[0] for word in IGNORED_HEADERS}
    for index, name, text in cells:
        if name:
            found.setdefault(name, []).append((index, text))
        elif header_keys(text)[1] not in ignored:
            unknown.append((index, text))
    by_field = {spec.field: spec for spec in specs}
    return HeaderMatch(
        row=number,
        columns={name: places[0][0] for name, places in found.items()},
        headers={name: places[0][1] for name, places in found.items()},
        missing=tuple(spec.header for spec in specs if spec.required and spec.field not in found),
        duplicates=tuple(
            (by_field[name].header, tuple(index for index, _ in places))
            for name, places in found.items() if len(places) > 1
        ),
        unknown=tuple(unknown),
        search_rows=search_rows,
    )
