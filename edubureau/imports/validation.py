"""Check every row of an uploaded table against its columns, collecting every error.

validate_rows finds the header row, normalises each cell by its column's kind, checks limits,
required values, duplicates inside the file and, through an optional row validator, rules that
span several columns. A bad cell never stops the run and never raises: it becomes a RowError.
Rows whose known columns are all empty (trailing blank lines, a pre-numbered 序号 column with
nothing else filled in) are skipped.
"""
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from edubureau.core.exceptions import ApplicationError
from edubureau.imports.headers import (
    HEADER_SEARCH_ROWS,
    ColumnSpec,
    HeaderMatch,
    find_header,
)
from edubureau.imports.normalise import (
    DATE_TOO_EARLY,
    DATE_TOO_LATE,
    NUMBER_TOO_LARGE,
    NUMBER_TOO_SMALL,
    TEXT_TOO_LONG,
    CellError,
    cell_display,
    choice_normaliser,
    format_date,
    normalise_bool,
    normalise_code,
    normalise_date,
    normalise_decimal,
    normalise_id,
    normalise_int,
    normalise_name,
    normalise_text,
)
from edubureau.imports.reading import RawTable

VALUE_REQUIRED = "不能为空"
DUPLICATE_IN_FILE = "与第 {row} 行重复"

NORMALISERS = {
    "text": normalise_text,
    "name": normalise_name,
    "id": normalise_id,
    "code": normalise_code,
    "int": normalise_int,
    "decimal": normalise_decimal,
    "date": normalise_date,
    "bool": normalise_bool,
}

RowValidator = Callable[[dict], Iterable[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # the row number as Excel shows it
    column: str  # the column's header as written in the file
    value: str  # the cell as the user sees it
    reason: str  # in Chinese


@dataclass
class ValidationResult:
    rows: list[dict]  # field → normalised value (None: empty or invalid), for every non-empty row
    errors: list[RowError]  # in row order; empty when the file can be imported
    row_numbers: list[int] = field(default_factory=list)  # the Excel row number of each of `rows`
    header: HeaderMatch | None = None  # its `warnings` name the columns that were ignored

    @property
    def ok(self) -> bool:
        return not self.errors


class HeaderError(ApplicationError):
    """The header row is missing, lacks required columns or repeats one; no row was checked."""

    def __init__(self, header: HeaderMatch):
        super().__init__("；".join(header.errors), extra={"problems": header.errors})
        self.header = header


def column_normaliser(spec: ColumnSpec) -> Callable:
    """The normaliser of the column's kind, with its length and value limits."""
    normalise = choice_normaliser(spec.choices) if spec.kind == "choice" else NORMALISERS[spec.kind]
    length = spec.max_length
    low, high = spec.min_value, spec.max_value
    if length is None and low is None and high is None:
        return normalise
    dates = spec.kind == "date"
    too_long = length is not None and TEXT_TOO_LONG.format(limit=length)
    too_small = low is not None and (DATE_TOO_EARLY if dates else NUMBER_TOO_SMALL).format(
        limit=format_date(low) if dates else low)
    too_large = high is not None and (DATE_TOO_LATE if dates else NUMBER_TOO_LARGE).format(
        limit=format_date(high) if dates else high)

    def normalise_within_limits(cell):
        value = normalise(cell)
        if value is None:
            return None
        if too_long and len(value) > length:
            raise CellError(too_long)
        if too_small and value < low:
            raise CellError(too_small)
        if too_large and value > high:
            raise CellError(too_large)
        return value

    return normalise_within_limits


def validate_rows(
    table: RawTable,
    specs: Sequence[ColumnSpec],
    *,
    row_validator: RowValidator | None = None,
    unique_together: Sequence[Sequence[str]] = (),
    search_rows: int = HEADER_SEARCH_ROWS,
) -> ValidationResult:
    """Every non-empty row below the header, normalised, with every error found in it.

    Raises HeaderError when the header row can't be used. Duplicates are looked for on each
    `unique` column and each group of fields in `unique_together`; the later row gets the
    error. `row_validator(values)` returns (field, reason) pairs for rules spanning columns;
    it must treat None (empty or invalid) as "nothing to check".
    """
    header = find_header(table.head(search_rows), specs, search_rows)
    if header.errors:
        raise HeaderError(header)
    columns = _columns_in_file(specs, header)
    absent = {spec.field: None for spec in specs if spec.field not in header.columns}
    labels = {spec.field: header.headers.get(spec.field, spec.header) for spec in specs}
    duplicates = _DuplicateFinder(specs, unique_together, header)
    result = ValidationResult([], [], [], header)
    errors = result.errors
    for number, raw in enumerate(itertools.islice(table.rows(), header.row, None), header.row + 1):
        mark = len(errors)
        values = _read_cells(number, raw, columns, errors)
        if values is None:
            del errors[mark:]  # an empty row: no "不能为空"
            continue
        values.update(absent)
        duplicates.check(number, values, errors)
        if row_validator is not None:
            failed = {error.column for error in errors[mark:]}
            _run_row_validator(number, raw, values, row_validator, labels, header, errors, failed)
        result.rows.append(values)
        result.row_numbers.append(number)
    return result


def _columns_in_file(specs: Sequence[ColumnSpec], header: HeaderMatch) -> list[tuple]:
    """(field, index, header as written, normaliser, required) of each column the file has."""
    return [
        (spec.field, header.columns[spec.field], header.headers[spec.field], column_normaliser(spec), spec.required)
        for spec in specs if spec.field in header.columns
    ]


def _read_cells(number: int, raw: list, columns: list, errors: list[RowError]) -> dict | None:
    """The row's normalised values, its cell errors appended to `errors`; None for an empty row."""
    values = {}
    filled = False
    width = len(raw)
    for name, index, header, normalise, required in columns:
        cell = raw[index] if index < width else ""
        value = None
        if cell != "" and cell is not None:
            try:
                value = normalise(cell)
            except CellError as error:
                errors.append(RowError(number, header, cell_display(cell), error.reason))
                filled = True
                values[name] = None
                continue
        if value is not None:
            filled = True
        elif required:
            errors.append(RowError(number, header, "", VALUE_REQUIRED))
        values[name] = value
    return values if filled else None


class _DuplicateFinder:
    """Remembers the first row of each key; a later row with the same key is an error."""

    def __init__(self, specs: Sequence[ColumnSpec], unique_together: Sequence[Sequence[str]], header: HeaderMatch):
        groups = [(spec.field,) for spec in specs if spec.unique] + [tuple(group) for group in unique_together]
        labels = {spec.field: header.headers.get(spec.field, spec.header) for spec in specs}
        # (key of a row's values: a value, or a tuple for groups; its label; key → first row)
        self.keys = [(itemgetter(*group), len(group) > 1, "、".join(labels[name] for name in group), {})
                     for group in groups]

    def check(self, number: int, values: dict, errors: list[RowError]) -> None:
        for key_of, grouped, label, first_rows in self.keys:
            key = key_of(values)
            if key is None or grouped and None in key:
                continue
            first = first_rows.setdefault(key, number)
            if first != number:
                shown = "、".join(map(cell_display, key)) if grouped else cell_display(key)
                errors.append(RowError(number, label, shown, DUPLICATE_IN_FILE.format(row=first)))


def _run_row_validator(number: int, raw: list, values: dict, row_validator: RowValidator,
                       labels: dict[str, str], header: HeaderMatch, errors: list[RowError], failed: set[str]) -> None:
    """Add the validator's findings, except on columns whose cell already has an error: one reason
    per cell is enough (an unreadable identity number is not also "missing")."""
    for name, reason in row_validator(values) or ():
        if labels.get(name, name) in failed:
            continue
        index = header.columns.get(name)
        cell = raw[index] if index is not None and index < len(raw) else ""
        errors.append(RowError(number, labels.get(name, name), cell_display(cell), reason))
