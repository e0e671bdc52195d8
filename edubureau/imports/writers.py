"""The database half of each import kind: references, scope, duplicates against the registry,
what is new or changed, and the set-wise write.

`prepare(kind, result, context)` never writes. It returns a WritePlan holding the errors it
found (RowErrors like the front half's, so the user sees one list) and the counts, and whose
`apply(progress)` performs the writes: upserts keyed by the natural keys (学籍号 hash, identity
number hash, 学校标识码, (school, 学年[, 年级, 班级])). Rows equal to what is stored are not
written at all, so re-importing the same file changes nothing.
"""
import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from edubureau.core.exceptions import ApplicationError
from edubureau.core.idnumbers import (
    decrypt_id, encrypt_normalised, hash_normalised, mask_xuejihao,
)
from edubureau.dropout.models import PopulationRecord
from edubureau.imports.kinds import ImportKind
from edubureau.imports.normalise import cell_display
from edubureau.imports.upsert import BATCH, upsert
from edubureau.imports.validation import RowError, ValidationResult
from edubureau.orgs.models import OrgKind, OrgUnit, SchoolProfile, SchoolYearFigures
from edubureau.registry.choices import StudentStatus
from edubureau.registry.models import ClassGroup, Student, Teacher

SCHOOL_CODE_REQUIRED = "请填写学校标识码(未选择学校时每行必填)"
SCHOOL_NOT_SELECTED = "与所选学校“{name}”的学校标识码不一致"
SCHOOL_UNKNOWN = "系统中没有学校标识码为 {code} 的学校:请先由市局导入学校名单"
SCHOOL_OUT_OF_SCOPE = "无权导入“{name}”的数据"
SCHOOL_YEAR_REQUIRED = "请填写学年"
STUDENT_IN_OTHER_SCHOOL = "该学籍号已在“{name}”登记,不能导入到本校:请先由原学校办理转出"
STUDENT_ID_TAKEN = "该身份证号已属于学籍号为 {xuejihao} 的另一名学生"
TEACHER_IN_OTHER_SCHOOL = "该教职工已在“{name}”登记,不能导入到本校:请先由原学校调出"
PARENT_UNKNOWN = "找不到名称或编码为“{value}”的学区、分局或局直单位"
PARENT_AMBIGUOUS = "名称为“{value}”的单位有多个,请填写单位编码"
PARENT_OUT_OF_SCOPE = "无权在“{name}”下设置学校"
CODE_TAKEN_BY_UNIT = "编码 {code} 已被非学校单位“{name}”使用"
POPULATION_CITY_UNKNOWN = "无法确定户籍人口所属的市:请用本市市局的账号导入"
POPULATION_OTHER_CITY = "该身份证号已登记在“{name}”本学年的户籍人口中"
CHUNK = 5000  # values in one IN (...) list

Progress = Callable[[int], None]


@dataclass
class ImportContext:
    """Who imports, for which school and school year. `prefixes` is the capture scope
    (accounts.scoping.capture_prefixes); None means no limit (command line, demo)."""

    school_year: str
    school: OrgUnit | None = None
    prefixes: tuple[str, ...] | None = None
    today: datetime.date = field(default_factory=timezone.localdate)
    progress: Callable[[float], None] = lambda fraction: None  # share of the checks done, 0 to 1

    def may_capture(self, path: str) -> bool:
        return self.prefixes is None or any(path.startswith(prefix) for prefix in self.prefixes)


@dataclass
class WritePlan:
    errors: list[RowError]
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    extra_created: dict[str, int] = field(default_factory=dict)  # label → count, e.g. {"班级": 3}
    steps: list[Callable[[Progress], None]] = field(default_factory=list)
    written: int = 0  # rows the steps send to the database (for the progress bar)
    models: tuple[type[Model], ...] = ()  # tables to ANALYZE afterwards

    def apply(self, progress: Progress | None = None) -> None:
        for step in self.steps:
            step(progress or (lambda done: None))


class _Rows:
    """The validated rows with their Excel row numbers and the headers as written."""

    def __init__(self, result: ValidationResult, kind: ImportKind):
        self.values = result.rows
        self.numbers = result.row_numbers
        header = result.header
        self.labels = {spec.field: header.headers.get(spec.field, spec.header) for spec in kind.specs}
        self.present = frozenset(header.columns)
        # validate_rows fills the columns a file lacks with None; here a missing key means "the file
        # says nothing about this column", so an update keeps what is stored (the *_value functions).
        absent = [spec.field for spec in kind.specs if spec.field not in self.present]
        for values in self.values:
            for name in absent:
                values.pop(name, None)
        self.errors: list[RowError] = []
        # Rows the front half already rejected are not looked up again; errors found here add to them.
        failed = {error.row for error in result.errors}
        self.bad: set[int] = {index for index, number in enumerate(self.numbers) if number in failed}

    def error(self, index: int, field_name: str, reason: str) -> None:
        value = self.values[index].get(field_name)
        self.errors.append(RowError(self.numbers[index], self.labels.get(field_name, field_name),
                                    "" if value is None else cell_display(value), reason))
        self.bad.add(index)

    def good(self) -> Iterable[int]:
        return (index for index in range(len(self.values)) if index not in self.bad)


def prepare(kind: ImportKind, result: ValidationResult, context: ImportContext) -> WritePlan:
    rows = _Rows(result, kind)
    planner = _PLANNERS[kind.key]
    plan = planner(rows, context)
    plan.errors = sorted(rows.errors, key=lambda error: error.row)
    if plan.errors:
        plan.steps = []
    return plan


# ---- shared lookups ------------------------------------------------------------------------------------

def _chunks(values: Sequence) -> Iterable[Sequence]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def values_by_keys(model: type[Model], key: str, keys: Sequence, columns: Sequence[str]) -> list[tuple]:
    """values_list(*columns) of the rows whose `key` is one of `keys`: on PostgreSQL one query with
    `= ANY(array)` (one parameter, however many keys); elsewhere IN lists of CHUNK keys."""
    if not keys:
        return []
    if connection.vendor != "postgresql":
        return [row for chunk in _chunks(keys)
                for row in model.objects.filter(**{f"{key}__in": chunk}).values_list(*columns)]
    meta, quote = model._meta, connection.ops.quote_name
    names = ", ".join(quote(meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {quote(meta.db_table)} WHERE {quote(meta.get_field(key).column)} "
                       f"= ANY(%s)", [list(keys)])
        return cursor.fetchall()


def _schools_of(rows: _Rows, context: ImportContext) -> list[OrgUnit | None]:
    """Each row's school (an OrgUnit with id, name, path), or None with the error recorded."""
    codes = sorted({values["school_code"] for values in rows.values if values.get("school_code")})
    found = {}
    for chunk in _chunks(codes):
        for unit in OrgUnit.objects.filter(kind=OrgKind.SCHOOL, code__in=chunk).only("id", "code", "name", "path"):
            found[unit.code] = unit
    chosen = context.school
    schools: list[OrgUnit | None] = []
    for index, values in enumerate(rows.values):
        code = values.get("school_code")
        unit = None
        if index in rows.bad:
            pass
        elif chosen is not None and code is not None and code != chosen.code:
            rows.error(index, "school_code", SCHOOL_NOT_SELECTED.format(name=chosen.name))
        elif chosen is not None:
            unit = chosen
        elif code is None:
            rows.error(index, "school_code", SCHOOL_CODE_REQUIRED)
        elif code not in found:
            rows.error(index, "school_code", SCHOOL_UNKNOWN.format(code=code))
        elif not context.may_capture(found[code].path):
            rows.error(index, "school_code", SCHOOL_OUT_OF_SCOPE.format(name=found[code].name))
        else:
            unit = found[code]
        schools.append(unit)
    return schools


def _school_year_of(rows: _Rows, index: int, context: ImportContext) -> str:
    return rows.values[index].get("school_year") or context.school_year


def _timestamps() -> tuple:
    """created_at and updated_at as the database takes them (one conversion for the whole import)."""
    now = timezone.now()
    value = Student._meta.get_field("created_at").get_db_prep_value(now, connection)
    return value, value


def _school_names(ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """id → (name, path) of the given units, in one query per chunk."""
    ids = sorted(set(ids))
    names = {}
    for chunk in _chunks(ids):
        names.update({unit_id: (name, path) for unit_id, name, path in
                      OrgUnit.objects.filter(id__in=chunk).values_list("id", "name", "path")})
    return names


def _diff(existing: tuple | None, new: tuple) -> str:
    if existing is None:
        return "created"
    return "unchanged" if existing == new else "updated"


# ---- students ---------------------------------------------------------------------------------------------

STUDENT_FIELDS = (
    "name", "sex", "birth_date", "ethnicity", "household_division_code", "disability_category", "disability_level",
    "is_left_behind", "is_boarding", "status", "enrolment_date",
)
STUDENT_DEFAULTS = {"household_division_code": "", "disability_category": "", "is_left_behind": False,
                    "is_boarding": False, "status": StudentStatus.IN_SCHOOL.value}


def _plan_students(rows: _Rows, context: ImportContext) -> WritePlan:
    schools = _schools_of(rows, context)
    xuejihao_hashes = _hashes([v.get("xuejihao") for v in rows.values])
    context.progress(0.15)
    id_hashes = _hashes([v.get("id_number") for v in rows.values])
    context.progress(0.3)
    stored = _stored_students(xuejihao_hashes)
    _check_student_ids(rows, id_hashes, xuejihao_hashes)
    _check_student_moves(rows, schools, xuejihao_hashes, stored, context)
    context.progress(0.5)
    if "id_number" not in rows.present:  # the file says nothing about identity numbers: keep them
        id_hashes = [old["id_hash"] if (old := stored.get(h)) else None for h in xuejihao_hashes]
    class_keys, classes = _student_classes(rows, schools, context)
    keep_class = "class_name" not in rows.present
    plan = WritePlan(errors=[], models=(Student, ClassGroup))
    created_at, updated_at = _timestamps()
    records, fresh_classes = [], {}
    total = max(len(rows.values), 1)
    for index in rows.good():
        if index % 10_000 == 0:
            context.progress(0.5 + 0.5 * index / total)
        values, school = rows.values[index], schools[index]
        old = stored.get(xuejihao_hashes[index])
        key = class_keys[index]
        class_id = classes.get(key) if key else (old["class_id"] if keep_class and old else None)
        if key and class_id is None:
            fresh_classes.setdefault(key, len(fresh_classes))
        data = {name: _value(values, name, old and old["data"], STUDENT_DEFAULTS) for name in STUDENT_FIELDS}
        if data["disability_level"] is not None:
            data["disability_level"] = int(data["disability_level"])  # the choice column reads "1" to "4"
        compared = (tuple(data[name] for name in STUDENT_FIELDS), school.id, class_id, id_hashes[index])
        old_compared = old and (tuple(old["data"][name] for name in STUDENT_FIELDS), old["school_id"],
                                old["class_id"], old["id_hash"])
        change = _diff(old_compared, compared) if not (key and class_id is None) else ("updated" if old else "created")
        setattr(plan, change, getattr(plan, change) + 1)
        if change == "unchanged":
            continue
        records.append((index, school.id, key, class_id, data, old))
    plan.extra_created = {"班级": len(fresh_classes)} if fresh_classes else {}
    plan.written = len(records) + len(fresh_classes)
    update = ("school_id", "class_group_id", "id_number_enc", "id_number_hash", *STUDENT_FIELDS, "updated_at")

    def write(progress: Progress) -> None:
        class_ids = dict(classes)
        if fresh_classes:
            class_ids.update(_create_classes(fresh_classes, created_at))
            progress(len(fresh_classes))
        fields = ("xuejihao_hash", "xuejihao_enc", "xuejihao_kind", "id_number_hash", "id_number_enc", "school_id",
                  "class_group_id", *STUDENT_FIELDS, "created_at", "updated_at")
        done = len(fresh_classes)
        for start in range(0, len(records), BATCH):  # encrypt a batch, write it, show the progress
            chunk = records[start:start + BATCH]
            tokens = _tokens(chunk, rows.values, id_hashes)
            batch = [_student_row(record, rows.values, xuejihao_hashes, id_hashes, class_ids, tokens, created_at,
                                  updated_at) for record in chunk]
            fresh = [row for row, record in zip(batch, chunk) if record[-1] is None]
            changed = [row for row, record in zip(batch, chunk) if record[-1] is not None]
            upsert(Student, fields, fresh, conflict=None)  # known to be new: a plain INSERT / COPY
            upsert(Student, fields, changed, conflict=("xuejihao_hash",), update=update)
            done += len(batch)
            progress(done)

    plan.steps.append(write)
    return plan


def _hashes(values: list[str | None]) -> list[str | None]:
    """The keyed hash of each validated identifier, None where there is none (one key lookup)."""
    present = [value for value in values if value]
    hashed = iter(hash_normalised(present))
    return [next(hashed) if value else None for value in values]


def _tokens(batch: list[tuple], values_of: list, id_hashes: list) -> tuple[dict, dict]:
    """The new Fernet tokens a batch of student records needs: {index: xuejihao token}, {index: id token}.
    A stored token is kept when the number did not change (tokens are randomised)."""
    new_xuejihao = [index for index, *_, old in batch if old is None]
    new_ids = [index for index, *_, old in batch
               if id_hashes[index] and (old is None or old["id_hash"] != id_hashes[index])]
    xuejihao = dict(zip(new_xuejihao, encrypt_normalised([values_of[i]["xuejihao"] for i in new_xuejihao])))
    ids = dict(zip(new_ids, encrypt_normalised([values_of[i]["id_number"] for i in new_ids])))
    return xuejihao, ids


def _student_row(record: tuple, values_of: list, xuejihao_hashes: list, id_hashes: list, class_ids: dict,
                 tokens: tuple[dict, dict], created_at, updated_at) -> tuple:
    """One student as the database takes it; identifiers encrypted unless the stored token still holds."""
    index, school_id, key, class_id, data, old = record
    values = values_of[index]
    number_hash = id_hashes[index]
    if old is not None and old["id_hash"] == number_hash:
        id_enc = old["id_enc"]
    else:
        id_enc = tokens[1][index] if number_hash else ""
    return (
        xuejihao_hashes[index],
        old["xuejihao_enc"] if old else tokens[0][index],
        values["xuejihao"][0],
        number_hash,
        id_enc,
        school_id,
        class_ids.get(key) if key else class_id,
        *(data[name] for name in STUDENT_FIELDS),
        created_at, updated_at,
    )


def _value(values: dict, name: str, stored: dict | None, defaults: dict):
    """The value to store: the file's; for a column the file lacks, the stored one; else the default."""
    value = values.get(name)
    if value is not None:
        return value
    if stored is not None and name not in values:
        return stored[name]
    return defaults.get(name)


def _stored_students(hashes: list[str | None]) -> dict[str, dict]:
    keys = sorted({h for h in hashes if h})
    stored = {}
    columns = ("xuejihao_hash", "xuejihao_enc", "id_number_hash", "id_number_enc", "school_id", "class_group_id",
               *STUDENT_FIELDS)
    for row in values_by_keys(Student, "xuejihao_hash", keys, columns):
        stored[row[0]] = {"xuejihao_enc": row[1], "id_hash": row[2], "id_enc": row[3], "school_id": row[4],
                          "class_id": row[5], "data": dict(zip(STUDENT_FIELDS, row[6:]))}
    return stored


def _check_student_ids(rows: _Rows, id_hashes: list, xuejihao_hashes: list) -> None:
    """An identity number may belong to one student only: another 学籍号 holding it is an error."""
    wanted = sorted({h for h in id_hashes if h})
    owners = {h: (xh, enc) for h, xh, enc in
              values_by_keys(Student, "id_number_hash", wanted, ("id_number_hash", "xuejihao_hash", "xuejihao_enc"))}
    for index, number_hash in enumerate(id_hashes):
        owner = owners.get(number_hash)
        if owner and owner[0] != xuejihao_hashes[index]:
            rows.error(index, "id_number", STUDENT_ID_TAKEN.format(xuejihao=mask_xuejihao(decrypt_id(owner[1]))))


def _check_student_moves(rows: _Rows, schools: list, hashes: list, stored: dict, context: ImportContext) -> None:
    """A student on another school's roll may move only between schools the importer captures for."""
    elsewhere = {old["school_id"] for h, old in stored.items()}
    names = _school_names(elsewhere)
    for index, school in enumerate(schools):
        old = stored.get(hashes[index])
        if school is None or old is None or old["school_id"] == school.id:
            continue
        name, path = names[old["school_id"]]
        if not context.may_capture(path):
            rows.error(index, "xuejihao", STUDENT_IN_OTHER_SCHOOL.format(name=name))


def _student_classes(rows: _Rows, schools: list, context: ImportContext) -> tuple[list, dict]:
    """Each row's class key (school id, 学年, grade, class name) or None, and the ids of those stored."""
    keys = []
    for index, values in enumerate(rows.values):
        school, name, grade = schools[index], values.get("class_name"), values.get("grade")
        keys.append((school.id, context.school_year, int(grade), name) if school and name and grade is not None
                    else None)
    school_ids = sorted({key[0] for key in keys if key})
    classes = {}
    for chunk in _chunks(school_ids):
        for class_id, school_id, year, grade, name in ClassGroup.objects.filter(
                school_id__in=chunk, school_year=context.school_year).values_list(
                "id", "school_id", "school_year", "grade", "name"):
            classes[(school_id, year, grade, name)] = class_id
    return keys, classes


def _create_classes(fresh: dict[tuple, int], created_at) -> dict[tuple, int]:
    """Insert the classes a student file names that do not exist yet; their ids by key."""
    keys = list(fresh)
    rows = [(school_id, year, grade, name, created_at, created_at) for school_id, year, grade, name in keys]
    upsert(ClassGroup, ("school_id", "school_year", "grade", "name", "created_at", "updated_at"), rows,
           conflict=("school_id", "school_year", "grade", "name"), update=())
    ids = {}
    for school_id in sorted({key[0] for key in keys}):
        years = {key[1] for key in keys if key[0] == school_id}
        for class_id, year, grade, name in ClassGroup.objects.filter(
                school_id=school_id, school_year__in=years).values_list("id", "school_year", "grade", "name"):
            ids[(school_id, year, grade, name)] = class_id
    return ids


# ---- teachers ---------------------------------------------------------------------------------------------

TEACHER_FIELDS = (
    "name", "sex", "birth_date", "subjects", "highest_qualification", "professional_title", "post_type",
    "dual_qualified_level", "backbone_level", "is_fulltime_psychology", "is_fulltime_pe", "is_fulltime_arts",
    "is_fulltime_ideology", "years_at_school",
)
TEACHER_DEFAULTS = {"subjects": "", "dual_qualified_level": "", "backbone_level": "", "is_fulltime_psychology": False,
                    "is_fulltime_pe": False, "is_fulltime_arts": False, "is_fulltime_ideology": False}


def _plan_teachers(rows: _Rows, context: ImportContext) -> WritePlan:
    schools = _schools_of(rows, context)
    hashes = _hashes([v.get("id_number") for v in rows.values])
    stored = {}
    columns = ("id_number_hash", "id_number_enc", "school_id", *TEACHER_FIELDS)
    for row in values_by_keys(Teacher, "id_number_hash", sorted({h for h in hashes if h}), columns):
        stored[row[0]] = {"id_enc": row[1], "school_id": row[2], "data": dict(zip(TEACHER_FIELDS, row[3:]))}
    names = _school_names(old["school_id"] for old in stored.values())
    written = [f for f in TEACHER_FIELDS if f in rows.present]
    plan = WritePlan(errors=[], models=(Teacher,))
    records = []
    for index in list(rows.good()):
        school, old = schools[index], stored.get(hashes[index])
        if old and old["school_id"] != school.id and not context.may_capture(names[old["school_id"]][1]):
            rows.error(index, "id_number", TEACHER_IN_OTHER_SCHOOL.format(name=names[old["school_id"]][0]))
            continue
        data = {name: _value(rows.values[index], name, old and old["data"], TEACHER_DEFAULTS)
                for name in TEACHER_FIELDS}
        change = _diff(old and (tuple(old["data"][n] for n in written), old["school_id"]),
                       (tuple(data[n] for n in written), school.id))
        setattr(plan, change, getattr(plan, change) + 1)
        if change != "unchanged":
            records.append((index, school.id, data, old))
    plan.written = len(records)
    created_at, updated_at = _timestamps()

    def write(progress: Progress) -> None:
        fields = ("id_number_hash", "id_number_enc", "school_id", *TEACHER_FIELDS, "created_at", "updated_at")
        new = [index for index, _, _, old in records if old is None]
        tokens = dict(zip(new, encrypt_normalised([rows.values[index]["id_number"] for index in new])))
        out = [(hashes[index], old["id_enc"] if old else tokens[index], school_id,
                *(data[name] for name in TEACHER_FIELDS), created_at, updated_at)
               for index, school_id, data, old in records]
        update = ("school_id", *TEACHER_FIELDS, "updated_at")
        upsert(Teacher, fields, out, conflict=("id_number_hash",), update=update, progress=progress)

    plan.steps.append(write)
    return plan


# ---- classes ----------------------------------------------------------------------------------------------

def _plan_classes(rows: _Rows, context: ImportContext) -> WritePlan:
    schools = _schools_of(rows, context)
    wanted = {}
    for index in list(rows.good()):
        key = (schools[index].id, _school_year_of(rows, index, context), int(rows.values[index]["grade"]),
               rows.values[index]["name"])
        wanted.setdefault(key, index)
    stored = set()
    for chunk in _chunks(sorted({key[0] for key in wanted})):
        stored.update(ClassGroup.objects.filter(school_id__in=chunk, school_year__in={k[1] for k in wanted})
                      .values_list("school_id", "school_year", "grade", "name"))
    fresh = [key for key in wanted if key not in stored]
    plan = WritePlan(errors=[], created=len(fresh), unchanged=len(wanted) - len(fresh), written=len(fresh),
                     models=(ClassGroup,))
    created_at, _ = _timestamps()

    def write(progress: Progress) -> None:
        upsert(ClassGroup, ("school_id", "school_year", "grade", "name", "created_at", "updated_at"),
               [(*key, created_at, created_at) for key in fresh],
               conflict=("school_id", "school_year", "grade", "name"), update=(), progress=progress)

    plan.steps.append(write)
    return plan


# ---- yearly figures ---------------------------------------------------------------------------------------

FIGURE_FIELDS = (
    "enrolment", "building_area", "teaching_area", "sports_area", "equipment_value", "networked_multimedia_classrooms",
    "student_computers", "teacher_computers", "security_guards", "closed_management", "alarm_linked_to_police",
    "video_linked_to_police", "protection_post", "public_budget_spending",
)
FIGURE_FLAGS = frozenset({"closed_management", "alarm_linked_to_police", "video_linked_to_police", "protection_post"})
FIGURE_DEFAULTS = dict.fromkeys(FIGURE_FLAGS, False)


def _plan_figures(rows: _Rows, context: ImportContext) -> WritePlan:
    schools = _schools_of(rows, context)
    keys = {index: (schools[index].id, _school_year_of(rows, index, context)) for index in rows.good()}
    stored = {}
    for chunk in _chunks(sorted({key[0] for key in keys.values()})):
        for row in SchoolYearFigures.objects.filter(school_id__in=chunk).values_list(
                "school_id", "school_year", *FIGURE_FIELDS):
            stored[(row[0], row[1])] = dict(zip(FIGURE_FIELDS, row[2:]))
    plan = WritePlan(errors=[], models=(SchoolYearFigures,))
    records = []
    for index, key in keys.items():
        values, old = rows.values[index], stored.get(key)
        data = {name: _value(values, name, old, FIGURE_DEFAULTS) for name in FIGURE_FIELDS}
        change = _diff(old and tuple(old[n] for n in FIGURE_FIELDS), tuple(data[n] for n in FIGURE_FIELDS))
        setattr(plan, change, getattr(plan, change) + 1)
        if change != "unchanged":
            records.append((*key, *(data[n] for n in FIGURE_FIELDS)))
    plan.written = len(records)
    created_at, updated_at = _timestamps()

    def write(progress: Progress) -> None:
        upsert(SchoolYearFigures, ("school_id", "school_year", *FIGURE_FIELDS, "created_at", "updated_at"),
               [(*record, created_at, updated_at) for record in records], conflict=("school_id", "school_year"),
               update=(*FIGURE_FIELDS, "updated_at"), progress=progress)

    plan.steps.append(write)
    return plan


# ---- schools ----------------------------------------------------------------------------------------------

PROFILE_FIELDS = ("stage", "ownership", "is_puhui", "locality", "is_boarding", "status", "address", "principal",
                  "phone")
PROFILE_DEFAULTS = {"is_puhui": False, "is_boarding": False, "status": "open", "address": "", "principal": "",
                    "phone": ""}
PARENT_KINDS = (OrgKind.CITY, OrgKind.DISTRICT, OrgKind.SUB_BUREAU, OrgKind.BUREAU_UNIT)


def _plan_schools(rows: _Rows, context: ImportContext) -> WritePlan:
    parents = _parents_of(rows, context)
    codes = sorted({v["school_code"] for v in rows.values if v.get("school_code")})
    units = {}
    for chunk in _chunks(codes):
        units.update({unit.code: unit for unit in OrgUnit.objects.filter(code__in=chunk).select_related(
            "school_profile")})
    plan = WritePlan(errors=[], models=(OrgUnit, SchoolProfile))
    fresh, changed = [], []
    for index in list(rows.good()):
        values, parent, unit = rows.values[index], parents[index], units.get(rows.values[index]["school_code"])
        if unit is not None and unit.kind != OrgKind.SCHOOL:
            rows.error(index, "school_code", CODE_TAKEN_BY_UNIT.format(code=unit.code, name=unit.name))
            continue
        if unit is not None and not context.may_capture(unit.path):
            rows.error(index, "school_code", SCHOOL_OUT_OF_SCOPE.format(name=unit.name))
            continue
        profile = {name: _profile_value(values, name, unit) for name in PROFILE_FIELDS}
        division = values.get("division_code") or (unit.division_code if unit and "division_code" not in values
                                                   else "")
        if unit is None:
            plan.created += 1
            fresh.append((values, parent, profile, division))
            continue
        old = unit.school_profile
        same = (unit.name == values["name"] and unit.parent_id == parent.id and unit.division_code == division
                and all(getattr(old, name) == profile[name] for name in PROFILE_FIELDS))
        if same:
            plan.unchanged += 1
        else:
            plan.updated += 1
            changed.append((unit, values, parent, profile, division))
    plan.written = len(fresh) + len(changed)

    def write(progress: Progress) -> None:
        _create_schools(fresh)
        _update_schools(changed)
        progress(plan.written)

    plan.steps.append(write)
    return plan


def _profile_value(values: dict, name: str, unit: OrgUnit | None):
    value = values.get(name)
    if value is not None:
        return value
    if unit is not None and name not in values:
        return getattr(unit.school_profile, name)
    return PROFILE_DEFAULTS.get(name, value)


def _parents_of(rows: _Rows, context: ImportContext) -> list[OrgUnit | None]:
    candidates = OrgUnit.objects.filter(kind__in=PARENT_KINDS).only("id", "code", "name", "path", "level", "kind")
    by_code = {unit.code: unit for unit in candidates}
    by_name: dict[str, list[OrgUnit]] = {}
    for unit in by_code.values():
        by_name.setdefault(unit.name, []).append(unit)
    parents = []
    for index, values in enumerate(rows.values):
        text, parent = values.get("parent"), None
        if text is None:
            parents.append(None)
            continue
        named = [u for u in by_name.get(text, []) if context.may_capture(u.path)] or by_name.get(text, [])
        if text in by_code:
            parent = by_code[text]
        elif len(named) == 1:
            parent = named[0]
        elif len(named) > 1:
            rows.error(index, "parent", PARENT_AMBIGUOUS.format(value=text))
        else:
            rows.error(index, "parent", PARENT_UNKNOWN.format(value=text))
        if parent is not None and not context.may_capture(parent.path):
            rows.error(index, "parent", PARENT_OUT_OF_SCOPE.format(name=parent.name))
            parent = None
        parents.append(parent)
    return parents


def _create_schools(fresh: list) -> None:
    if not fresh:
        return
    units = [OrgUnit(code=values["school_code"], name=values["name"], kind=OrgKind.SCHOOL, parent=parent,
                     path=f"{parent.path}{values['school_code']}/", level=parent.level + 1, division_code=division)
             for values, parent, _, division in fresh]
    OrgUnit.objects.bulk_create(units, batch_size=1000)
    ids = dict(OrgUnit.objects.filter(code__in=[u.code for u in units]).values_list("code", "id"))
    SchoolProfile.objects.bulk_create(
        [SchoolProfile(org_unit_id=ids[values["school_code"]], school_code=values["school_code"], **profile)
         for values, _, profile, _ in fresh], batch_size=1000)


def _update_schools(changed: list) -> None:
    from edubureau.orgs.services import orgunit_move  # the one place paths are rewritten

    if not changed:
        return
    for unit, values, parent, profile, division in changed:
        if unit.parent_id != parent.id:
            orgunit_move(unit=unit, new_parent=parent)  # rare: a school changing 学区 (paths of its campuses too)
        unit.name, unit.division_code = values["name"], division
        for name, value in profile.items():
            setattr(unit.school_profile, name, value)
    OrgUnit.objects.bulk_update([c[0] for c in changed], ["name", "division_code"], batch_size=1000)
    SchoolProfile.objects.bulk_update([c[0].school_profile for c in changed], list(PROFILE_FIELDS), batch_size=1000)


# ---- population (户籍人口, for 控辍保学 matching) -----------------------------------------------------------

POPULATION_FIELDS = ("name", "sex", "birth_date", "household_address", "division_code", "village", "id_checksum_ok")
POPULATION_DEFAULTS = {"household_address": "", "village": ""}


def _plan_population(rows: _Rows, context: ImportContext) -> WritePlan:
    """Upsert residents keyed by (identity hash, school year); the school year is the import's."""
    city = _population_city(context)
    hashes = _hashes([v.get("id_number") for v in rows.values])
    context.progress(0.4)
    stored = {}
    columns = ("id_number_hash", "id_number_enc", "city_id", *POPULATION_FIELDS)
    for chunk in _chunks(sorted({h for h in hashes if h})):
        for row in PopulationRecord.objects.filter(school_year=context.school_year, id_number_hash__in=chunk
                                                   ).values_list(*columns):
            stored[row[0]] = {"id_enc": row[1], "city_id": row[2], "data": dict(zip(POPULATION_FIELDS, row[3:]))}
    names = _school_names(old["city_id"] for old in stored.values() if old["city_id"] != city.id)
    plan = WritePlan(errors=[], models=(PopulationRecord,))
    records = []
    for index in list(rows.good()):
        old = stored.get(hashes[index])
        if old and old["city_id"] != city.id:
            rows.error(index, "id_number", POPULATION_OTHER_CITY.format(name=names[old["city_id"]][0]))
            continue
        data = {name: _population_value(rows.values[index], name, old, rows.present) for name in POPULATION_FIELDS}
        change = _diff(old and tuple(old["data"][n] for n in POPULATION_FIELDS),
                       tuple(data[n] for n in POPULATION_FIELDS))
        setattr(plan, change, getattr(plan, change) + 1)
        if change != "unchanged":
            records.append((index, data, old))
    plan.written = len(records)
    created_at, updated_at = _timestamps()

    def write(progress: Progress) -> None:
        fields = ("id_number_hash", "id_number_enc", "school_year", "city_id", *POPULATION_FIELDS, "imported_at",
                  "created_at", "updated_at")
        new = [index for index, _, old in records if old is None]
        tokens = dict(zip(new, encrypt_normalised([rows.values[index]["id_number"] for index in new])))
        out = [(hashes[index], old["id_enc"] if old else tokens[index], context.school_year, city.id,
                *(data[name] for name in POPULATION_FIELDS), updated_at, created_at, updated_at)
               for index, data, old in records]
        update = (*POPULATION_FIELDS, "imported_at", "updated_at")
        upsert(PopulationRecord, fields, out, conflict=("id_number_hash", "school_year"), update=update,
               progress=progress)

    plan.steps.append(write)
    return plan


def _population_city(context: ImportContext) -> OrgUnit:
    """The city whose residents these are: the one city the importer captures for (or, from the
    command line, the only city). Raises ApplicationError when that is not one city."""
    roots = OrgUnit.objects.filter(parent__isnull=True)
    if context.prefixes is not None:
        roots = roots.filter(path__in=[prefix for prefix in context.prefixes if prefix.count("/") == 2])
    found = list(roots.only("id", "name", "path")[:2])
    if len(found) != 1:
        raise ApplicationError(POPULATION_CITY_UNKNOWN)
    return found[0]


def _population_value(values: dict, name: str, old: dict | None, present: frozenset):
    """The file's value; for an optional column the file lacks, the stored one (or the default)."""
    value = values.get(name)
    if value is not None:
        return value
    if old is not None and name not in present:
        return old["data"][name]
    return POPULATION_DEFAULTS.get(name, value)


_PLANNERS = {
    "students": _plan_students,
    "teachers": _plan_teachers,
    "classes": _plan_classes,
    "figures": _plan_figures,
    "schools": _plan_schools,
    "population": _plan_population,
}
