"""What every import kind declares, and the column specs several kinds share."""
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from edubureau.core.codes import validate_school_code
from edubureau.core.schoolyears import normalise_school_year, validate_school_year
from edubureau.imports.headers import ColumnSpec
from edubureau.registry.choices import Grade, Sex

RowValidator = Callable[[dict, datetime.date], Iterable[tuple[str, str]]]

BIRTH_DATE_FUTURE = "出生日期晚于今天"
EARLIEST_BIRTH = datetime.date(1940, 1, 1)


@dataclass(frozen=True)
class ImportKind:
    """One importable table.

    key: the name in URLs and on the command line ("students").
    label: what users call it ("学生名册").
    specs: its columns, in template order.
    unique_together: groups of fields no two rows of one file may share.
    natural_key: the field rows are matched on when re-imported (with the school for classes).
    row_validator: rules spanning columns, called with the row's values and today's date;
        (field, reason) pairs; None values mean "nothing to check". It may normalise in place.
    school_column: the field holding the 学校标识码; it may be left out of a file imported for one school.
    city_only: only users who capture for the whole city may import it (the school list itself).
    notes: lines printed above the template's header row.
    """

    key: str
    label: str
    specs: tuple[ColumnSpec, ...]
    natural_key: str
    unique_together: tuple[tuple[str, ...], ...] = ()
    row_validator: RowValidator | None = None
    school_column: str | None = "school_code"
    city_only: bool = False
    notes: tuple[str, ...] = ()

    def spec(self, field: str) -> ColumnSpec:
        return next(spec for spec in self.specs if spec.field == field)

    def validator(self, today: datetime.date) -> Callable[[dict], Iterable[tuple[str, str]]] | None:
        """The row validator for validate_rows, with today's date fixed for the whole file."""
        if self.row_validator is None:
            return None
        check = self.row_validator
        return lambda values: check(values, today)


def school_code_spec(*, required: bool = False, unique: bool = False) -> ColumnSpec:
    note = "10位数字,以“文本”格式填写" + ("" if required else ";为本校导入时可不填")
    return ColumnSpec(
        "school_code", "学校标识码", ("学校代码", "学校识别码", "学校标识"), required=required, kind="code",
        unique=unique, max_length=10, note=note,
    )


SCHOOL_YEAR_SPEC = ColumnSpec(
    "school_year", "学年", ("所属学年",), kind="text", max_length=20,
    note="如 2024-2025;不填则为导入时选择的学年",
)
SEX_SPEC = ColumnSpec(
    "sex", "性别", required=True, kind="choice",
    choices=((Sex.MALE.value, "男", "男性", "1"), (Sex.FEMALE.value, "女", "女性", "2")),
    note="男 或 女,须与身份证号一致",
)
BIRTH_DATE_SPEC = ColumnSpec(
    "birth_date", "出生日期", ("出生年月日",), required=True, kind="date", min_value=EARLIEST_BIRTH,
    note="如 2015-03-06,须与身份证号一致",
)
GRADE_SPEC = ColumnSpec(
    "grade", "年级", ("所在年级",), required=True, kind="choice",
    choices=tuple((str(grade.value), grade.label) for grade in Grade),
    note="小班、中班、大班、混合班,一年级至九年级,高一至高三(中职一至三年级填高一至高三)",
)


def check_school_code(values: dict) -> Iterable[tuple[str, str]]:
    code = values.get("school_code")
    if code is not None:
        yield from _messages("school_code", validate_school_code, code)


def check_school_year(values: dict) -> Iterable[tuple[str, str]]:
    """Normalise the 学年 in place ("2024—2025学年" → "2024-2025") and check it."""
    raw = values.get("school_year")
    if raw is None:
        return
    values["school_year"] = normalise_school_year(raw)
    yield from _messages("school_year", validate_school_year, values["school_year"])


def check_birth_not_future(values: dict, today: datetime.date) -> Iterable[tuple[str, str]]:
    born = values.get("birth_date")
    if born is not None and born > today:
        yield "birth_date", BIRTH_DATE_FUTURE


def _messages(field: str, validate: Callable, value) -> Iterable[tuple[str, str]]:
    try:
        validate(value)
    except ValidationError as error:
        yield field, error.messages[0]
