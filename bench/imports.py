"""Benchmark a whole student import into an empty database, three ways, on SQLite and PostgreSQL.

    .venv/bin/python bench/imports.py                     # 100,000 students (several minutes)
    BENCH_SIZE=tiny .venv/bin/python bench/imports.py     # 1,000 students (CI)

One student-register xlsx (the 学生名册 template's Chinese headers, valid identity numbers,
G 学籍号 = "G" + identity number, a handful of schools) is written once with openpyxl's
write-only mode. Then each way runs once per database, best of 1, in a fresh subprocess
against a freshly migrated database that holds only the org units the file references:
  a  pipeline   edubureau.imports.services.import_file: read, validate every cell, identity
                numbers and cross-column rules, check against the registry, set-wise upsert
                (PostgreSQL: COPY to a staging table + INSERT ... ON CONFLICT; SQLite: executemany);
  b  d-i-e      django-import-export 4.x as its docs recommend for bulk imports (use_bulk,
                batch_size 1000, skip_diff, CachedInstanceLoader, CachedForeignKeyWidget) over
                the same model and file, read through tablib;
  c  floor      python-calamine read + the minimal transformation to database rows (keyed
                hashes and Fernet tokens included: storing a student needs them) + one raw bulk
                write (COPY / executemany); no validation;
  c0 floor without hashing and encryption (plain numbers in those columns): what the crypto costs.
Every run is checked afterwards: exactly N students, every one in a class, one row decrypted.
Peak memory is the subprocess's peak RSS during the import (VmHWM, reset just before it).

PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432) names the server;
the databases edubureau_bench and edubureau_bench_tpl are created and dropped there. When it
is unreachable the benchmark says so and runs SQLite only. BENCH_REPEATS=3 runs every way three
times, taking turns, and keeps the fastest (the default is 1). BENCH_PROFILE=pipeline (or die, floor,
floor_plain) prints that way's cProfile statistics to stderr (its seconds then include the profiler).
"""
import datetime
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = {"tiny": 1_000, "full": 100_000}
SCHOOL_YEAR = "2024-2025"
SCHOOL_CODES = tuple(f"2142{number:06d}" for number in range(1, 9))  # 8 primary schools in Hubei
CITY_CODE, DISTRICT_CODE = "BENCH-CITY", "BENCH-D1"
FIRST_BIRTH = datetime.date(2012, 9, 1)  # grades 1-6 of 2024-2025: born 2012-09-01 .. 2018-08-31
BIRTH_DAYS = (datetime.date(2018, 9, 1) - FIRST_BIRTH).days
HEADERS = ("学校标识码", "学籍号", "身份证号", "姓名", "性别", "出生日期", "民族", "户籍所在地行政区划代码", "年级", "班级",
           "学籍状态", "入学日期", "是否留守儿童", "是否住校")
GRADE_LABELS = {1: "一年级", 2: "二年级", 3: "三年级", 4: "四年级", 5: "五年级", 6: "六年级"}
ETHNIC_GROUPS = ("汉族",) * 17 + ("土家族", "回族", "苗族")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("子涵", "浩然", "一诺", "欣怡", "梓轩", "雨桐", "宇轩", "可馨", "思远", "佳怡", "俊杰", "诗涵")

WAYS = {
    "pipeline": "a  pipeline (import_file)",
    "die": "b  django-import-export 4.4",
    "floor": "c  floor: calamine + raw write",
    "floor_plain": "c0 floor, no hash/encryption",
}
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
PG_BENCH, PG_TEMPLATE = "edubureau_bench", "edubureau_bench_tpl"
TARGET_VS_DIE, TARGET_VS_FLOOR, TARGET_PEAK_MB = 5.0, 1.5, 1024


# ---- the file ---------------------------------------------------------------------------------------------

def student_rows(count: int):
    """`count` valid, distinct students: identity numbers unique over (birth date, sequence)."""
    from edubureau.core.idnumbers import build_id_number

    rng = random.Random(1)
    for index in range(count):
        birth = FIRST_BIRTH + datetime.timedelta(days=index % BIRTH_DAYS)
        sequence = index // BIRTH_DAYS + 1  # odd: male
        number = build_id_number("429005", birth, sequence)
        grade = 2024 - (birth.year if birth.month >= 9 else birth.year - 1) - 6
        household = None if rng.random() < 0.1 else "429005" + rng.choice(("100", "101", "102", "200"))
        yield [
            rng.choice(SCHOOL_CODES), f"G{number}", number,
            rng.choice(SURNAMES) + rng.choice(GIVEN), "男" if sequence % 2 else "女",
            birth, rng.choice(ETHNIC_GROUPS), household, GRADE_LABELS[grade], f"{rng.randrange(1, 9)}班",
            "在读", f"{2024 - grade + 1}-09-01", "是" if rng.random() < 0.1 else "否",
            "是" if rng.random() < 0.2 else "否",
        ]


def write_workbook(path: Path, count: int) -> int:
    """Write the file; the number of distinct classes (school, grade, class) it names."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("学生名册")
    sheet.append(HEADERS)  # header in row 1: tablib (b) takes the first row as the header
    classes = set()
    for row in student_rows(count):
        sheet.append(row)
        classes.add((row[0], row[8], row[9]))
    workbook.save(path)
    return len(classes)


# ---- inside a subprocess: Django on one benchmark database ------------------------------------------------

def setup_django(database: str, work: Path) -> None:
    """config.django.test with DATABASES pointed at the benchmark database and media in `work`."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.django.test"
    if database == "sqlite":
        os.environ.pop("DATABASE_URL", None)  # the product's SQLite options (WAL, IMMEDIATE), our file
    else:
        os.environ["DATABASE_URL"] = f"{POSTGRES_URL}/{database}"
    import django
    from django.conf import settings

    from config.django import base as base_settings

    if database == "sqlite":
        settings.DATABASES["default"]["NAME"] = str(work / "run.sqlite3")
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)  # the empty temp dir the test settings made
    settings.MEDIA_ROOT = str(work / "media")
    # Background tasks are queued in the database as in production, not run inline as the test settings
    # do: the indicator recompute an import queues (import_done) is the worker's time, not the import's.
    settings.TASKS = base_settings.TASKS
    django.setup()


def prepare(database: str, work: Path) -> None:
    """Migrate an empty database and create the city, one district and the file's schools."""
    setup_django(database, work)
    from django.core.management import call_command
    from django.db import connection

    from edubureau.orgs.models import Locality, OrgKind, Ownership, Stage
    from edubureau.orgs.services import orgunit_create, school_create

    call_command("migrate", verbosity=0, interactive=False)
    city = orgunit_create(code=CITY_CODE, name="潜江市教育局", kind=OrgKind.CITY)
    district = orgunit_create(code=DISTRICT_CODE, name="园林学区", kind=OrgKind.DISTRICT, parent=city,
                              division_code="429005001")
    for number, code in enumerate(SCHOOL_CODES, 1):
        school_create(parent=district, name=f"园林第{number}小学", profile={
            "school_code": code, "stage": Stage.PRIMARY, "ownership": Ownership.PUBLIC, "locality": Locality.URBAN})
    connection.close()  # SQLite: the WAL is folded into the file, which is then copied for every run


def run_pipeline(path: Path, count: int) -> None:
    from edubureau.imports.models import ImportStatus
    from edubureau.imports.services import Upload, import_file

    job = import_file(kind="students", upload=Upload(path.read_bytes(), path.name), school_year=SCHOOL_YEAR)
    if job.status != ImportStatus.DONE or job.created != count:
        raise SystemExit(f"pipeline: status {job.status}, created {job.created}, message {job.message!r}, "
                         f"first errors {job.errors[:3]}")


def run_die(path: Path, count: int) -> None:
    """What a Django developer writes with django-import-export, following its bulk-import docs."""
    import tablib
    from import_export import fields, resources, widgets
    from import_export.instance_loaders import CachedInstanceLoader

    from edubureau.core.idnumbers import xuejihao_hash
    from edubureau.orgs.models import OrgKind, OrgUnit
    from edubureau.registry.choices import ETHNICITY_CHOICES, Grade, Sex, StudentStatus
    from edubureau.registry.models import ClassGroup, Student

    class LabelWidget(widgets.Widget):
        """A choice column written as its Chinese label (男, 汉族, 三年级, 在读)."""

        def __init__(self, choices):
            super().__init__()
            self.values = {label: value for value, label in choices}

        def clean(self, value, row=None, **kwargs):
            if value in (None, ""):
                return None
            try:
                return self.values[str(value).strip()]
            except KeyError:
                raise ValueError(f"“{value}”不是有效选项") from None

    class YesNoWidget(widgets.BooleanWidget):
        TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "是"]
        FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "否"]

        def clean(self, value, row=None, **kwargs):
            return bool(super().clean(value, row, **kwargs))  # blank: no

    class SchoolWidget(widgets.CachedForeignKeyWidget):  # the docs' advice: no query per row
        def get_queryset(self, value, row, *args, **kwargs):
            return OrgUnit.objects.filter(kind=OrgKind.SCHOOL)

    def column(attribute, header, widget=None):
        return fields.Field(attribute=attribute, column_name=header, widget=widget or widgets.CharWidget())

    class StudentResource(resources.ModelResource):
        school = column("school", "学校标识码", SchoolWidget(OrgUnit, field="code"))
        xuejihao_hash = column("xuejihao_hash", "xuejihao_hash")  # the natural key, added by before_import
        xuejihao = column("raw_xuejihao", "学籍号")
        id_number = column("raw_id_number", "身份证号")
        name = column("name", "姓名")
        sex = column("sex", "性别", LabelWidget(Sex.choices))
        birth_date = column("birth_date", "出生日期", widgets.DateWidget())
        ethnicity = column("ethnicity", "民族", LabelWidget(ETHNICITY_CHOICES))
        household_division_code = column("household_division_code", "户籍所在地行政区划代码")
        grade = column("grade", "年级", LabelWidget(Grade.choices))
        class_name = column("class_name", "班级")
        status = column("status", "学籍状态", LabelWidget(StudentStatus.choices))
        enrolment_date = column("enrolment_date", "入学日期", widgets.DateWidget())
        is_left_behind = column("is_left_behind", "是否留守儿童", YesNoWidget())
        is_boarding = column("is_boarding", "是否住校", YesNoWidget())

        class Meta:
            model = Student
            fields = ("school", "xuejihao_hash", "xuejihao", "id_number", "name", "sex", "birth_date", "ethnicity",
                      "household_division_code", "grade", "class_name", "status", "enrolment_date",
                      "is_left_behind", "is_boarding")
            import_id_fields = ("xuejihao_hash",)
            use_bulk = True
            batch_size = 1000
            skip_diff = True  # so skip_unchanged cannot apply: nothing to compare with
            instance_loader_class = CachedInstanceLoader  # create-or-update, like the pipeline

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.class_ids = {}

        def before_import(self, dataset, **kwargs):
            # The key is a keyed hash of the 学籍号: computed once per row so the loader can match it.
            dataset.append_col([xuejihao_hash(value) if value else "" for value in dataset["学籍号"]],
                               header="xuejihao_hash")

        def before_save_instance(self, instance, row, **kwargs):
            instance.set_xuejihao(instance.raw_xuejihao)  # the model's own API: validate, encrypt, hash
            instance.set_id_number(instance.raw_id_number)
            key = (instance.school_id, instance.grade, instance.class_name)
            if key not in self.class_ids:
                self.class_ids[key] = ClassGroup.objects.get_or_create(
                    school_id=key[0], school_year=SCHOOL_YEAR, grade=key[1], name=key[2])[0].id
            instance.class_group_id = self.class_ids[key]

        def get_bulk_update_fields(self):
            return ["school", "name", "sex", "birth_date", "ethnicity", "household_division_code", "status",
                    "enrolment_date", "is_left_behind", "is_boarding", "xuejihao_enc", "xuejihao_kind",
                    "id_number_enc", "id_number_hash", "class_group", "updated_at"]

    dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    result = StudentResource().import_data(dataset, raise_errors=True)
    if result.totals["new"] != count:
        raise SystemExit(f"django-import-export: totals {dict(result.totals)}")


def run_floor(path: Path, count: int, *, crypto: bool = True) -> None:
    """calamine rows → database rows (labels to codes, classes created, hashes and tokens) → one bulk write."""
    from django.db import connection, transaction
    from django.utils import timezone
    from python_calamine import CalamineWorkbook

    from edubureau.core.idnumbers import encrypt_id, id_hash, xuejihao_hash
    from edubureau.orgs.models import OrgKind, OrgUnit
    from edubureau.registry.choices import ETHNICITY_CHOICES, Sex, StudentStatus
    from edubureau.registry.models import ClassGroup, Student

    table = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    at = {header: index for index, header in enumerate(table[0])}
    body = table[1:]
    schools = dict(OrgUnit.objects.filter(kind=OrgKind.SCHOOL).values_list("code", "id"))
    sexes = {label: value for value, label in Sex.choices}
    ethnic = {label: value for value, label in ETHNICITY_CHOICES}
    statuses = {label: value for value, label in StudentStatus.choices}
    grades = {label: value for value, label in GRADE_LABELS.items()}
    (i_school, i_xuejihao, i_id, i_name, i_sex, i_birth, i_ethnic, i_household, i_grade, i_class, i_status,
     i_enrolled, i_left, i_boarding) = (at[header] for header in HEADERS)
    fields = ("xuejihao_hash", "xuejihao_enc", "xuejihao_kind", "id_number_hash", "id_number_enc", "school",
              "class_group", "name", "sex", "birth_date", "ethnicity", "household_division_code",
              "disability_category", "disability_level", "is_left_behind", "is_boarding", "status",
              "enrolment_date", "created_at", "updated_at")
    meta = Student._meta
    table_name = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(meta.get_field(name).column) for name in fields)
    with transaction.atomic():
        keys = sorted({(schools[row[i_school]], grades[row[i_grade]], row[i_class]) for row in body})
        created = ClassGroup.objects.bulk_create(
            [ClassGroup(school_id=school, school_year=SCHOOL_YEAR, grade=grade, name=name)
             for school, grade, name in keys])
        class_ids = {(group.school_id, group.grade, group.name): group.id for group in created}
        now = meta.get_field("created_at").get_db_prep_value(timezone.now(), connection)
        out = []
        for row in body:
            xuejihao, number = row[i_xuejihao], row[i_id]
            school = schools[row[i_school]]
            grade = grades[row[i_grade]]
            birth = row[i_birth]
            if isinstance(birth, datetime.datetime):
                birth = birth.date()
            out.append((
                xuejihao_hash(xuejihao) if crypto else xuejihao, encrypt_id(xuejihao) if crypto else xuejihao,
                xuejihao[0], id_hash(number) if crypto else number, encrypt_id(number) if crypto else number,
                school, class_ids[(school, grade, row[i_class])], row[i_name], sexes[row[i_sex]], birth,
                ethnic[row[i_ethnic]], row[i_household] or "", "", None, row[i_left] == "是", row[i_boarding] == "是",
                statuses[row[i_status]], datetime.date.fromisoformat(row[i_enrolled]), now, now,
            ))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table_name} ({columns}) FROM STDIN") as copy:
                    for values in out:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(f"INSERT INTO {table_name} ({columns}) VALUES ({marks})", out)


def verify(way: str, path: Path, count: int, classes: int) -> None:
    """Exactly `count` students, each in one of the file's `classes`; the first one reads back."""
    from python_calamine import CalamineWorkbook

    from edubureau.core.idnumbers import decrypt_id, id_hash, xuejihao_hash
    from edubureau.registry.models import ClassGroup, Student

    stored = Student.objects.count()
    assert stored == count, f"{way}: {stored} students stored, {count} expected"
    assert ClassGroup.objects.count() == classes, f"{way}: {ClassGroup.objects.count()} classes, {classes} expected"
    assert not Student.objects.filter(class_group__isnull=True).exists(), f"{way}: students without a class"
    first = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(nrows=2)[1]
    xuejihao, number = first[HEADERS.index("学籍号")], first[HEADERS.index("身份证号")]
    if way == "floor_plain":
        student = Student.objects.get(xuejihao_hash=xuejihao)
        assert student.id_number_hash == number
    else:
        student = Student.objects.get(xuejihao_hash=xuejihao_hash(xuejihao))
        assert decrypt_id(student.xuejihao_enc) == xuejihao and student.xuejihao_kind == "G"
        assert student.id_number_hash == id_hash(number) and decrypt_id(student.id_number_enc) == number
    assert student.class_group.school_id == student.school_id and student.class_group.school_year == SCHOOL_YEAR


def _vm_hwm_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _backend_cpu_reader(connection):
    """A function returning the CPU seconds used so far by this connection's PostgreSQL backend process,
    or None when that process cannot be read (SQLite runs inside this process; a remote server)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime

    try:
        read()
    except OSError:
        return None
    return read


def _reset_peak() -> bool:
    """Reset the process's peak RSS (Linux ≥ 4.0), so the peak is the import's, not the set-up's."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def child(way: str, database: str, path: Path, count: int, classes: int, work: Path) -> None:
    setup_django(database, work)
    from django.db import connection

    run = {"pipeline": run_pipeline, "die": run_die, "floor": run_floor,
           "floor_plain": lambda p, n: run_floor(p, n, crypto=False)}[way]
    import import_export.resources  # noqa: F401  the libraries each way uses, imported before the clock
    import python_calamine  # noqa: F401
    import tablib  # noqa: F401

    import edubureau.imports.services  # noqa: F401
    connection.ensure_connection()
    backend_cpu = _backend_cpu_reader(connection)
    db_start = backend_cpu() if backend_cpu else 0.0
    reset = _reset_peak()
    before = _vm_hwm_mb()
    profile = os.environ.get("BENCH_PROFILE") == way
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    run(path, count)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
    db_cpu = backend_cpu() - db_start if backend_cpu else None
    peak = _vm_hwm_mb()
    if profile:
        import pstats
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(30)
    verify(way, path, count, classes)
    result = {"seconds": seconds, "cpu": cpu + (db_cpu or 0.0), "db_cpu": db_cpu, "peak_mb": peak, "base_mb": before,
              "peak_reset": reset}
    print("RESULT " + json.dumps(result))


# ---- the driver ------------------------------------------------------------------------------------------

def _subprocess(*args: str) -> str:
    done = subprocess.run([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True)
    if done.returncode:
        sys.stdout.write(done.stdout)
        raise SystemExit(f"benchmark subprocess {' '.join(args[:3])} failed (exit {done.returncode})")
    return done.stdout


def _postgres_admin():
    import psycopg

    return psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True, connect_timeout=3)


def postgres_reachable() -> str | None:
    """None when the server answers, else why not."""
    try:
        with _postgres_admin() as connection:
            connection.execute("SELECT 1")
    except Exception as error:  # psycopg.OperationalError, or psycopg missing
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return None


def _postgres_recreate(name: str, template: str | None = None) -> None:
    with _postgres_admin() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if template != "drop":
            connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def run_database(database: str, path: Path, count: int, classes: int, work: Path, repeats: int) -> dict[str, dict]:
    """Each way against a fresh copy of one migrated template database; the ways take turns when repeated."""
    results: dict[str, dict] = {}
    if database == "sqlite":
        _subprocess("--prepare", "sqlite", str(work))
        shutil.move(work / "run.sqlite3", work / "template.sqlite3")
    else:
        _postgres_recreate(PG_TEMPLATE)
        _subprocess("--prepare", PG_TEMPLATE, str(work))
    try:
        for _ in range(repeats):
            for way in WAYS:
                if database == "sqlite":
                    for suffix in ("", "-wal", "-shm"):
                        (work / f"run.sqlite3{suffix}").unlink(missing_ok=True)
                    shutil.copyfile(work / "template.sqlite3", work / "run.sqlite3")
                    target = "sqlite"
                else:
                    _postgres_recreate(PG_BENCH, PG_TEMPLATE)
                    target = PG_BENCH
                output = _subprocess("--child", way, target, str(path), str(count), str(classes), str(work))
                line = next(line for line in reversed(output.splitlines()) if line.startswith("RESULT "))
                result = json.loads(line.removeprefix("RESULT "))
                print(f"  {database:<10} {WAYS[way]:<32} {result['seconds']:8.2f} s  "
                      f"{count / result['seconds']:>9,.0f} rows/s  CPU {result['cpu']:7.2f} s  "
                      f"peak {result['peak_mb']:6.0f} MB", flush=True)
                best = results.get(way)
                peak = max(result["peak_mb"], best["peak_mb"] if best else 0)  # the worst peak of the runs
                if best is None or result["seconds"] < best["seconds"]:
                    results[way] = result
                results[way]["peak_mb"] = peak
    finally:
        if database != "sqlite":
            _postgres_recreate(PG_BENCH, "drop")
            _postgres_recreate(PG_TEMPLATE, "drop")
    return results


def report(results: dict[str, dict[str, dict]], count: int, size: str, repeats: int, load: tuple[float, float]) -> None:
    print()
    print(f"{'database':<11}{'way':<33}{'seconds':>9}{'rows/s':>10}{'CPU s':>8}{'peak MB':>9}")
    for database, ways in results.items():
        for way, result in ways.items():
            print(f"{database:<11}{WAYS[way]:<33}{result['seconds']:9.2f}{count / result['seconds']:10,.0f}"
                  f"{result['cpu']:8.2f}{result['peak_mb']:9.0f}")
    print()
    for database, ways in results.items():
        ours, die, floor = (ways[way]["seconds"] for way in ("pipeline", "die", "floor"))
        cpu_ours, cpu_floor = ways["pipeline"]["cpu"], ways["floor"]["cpu"]
        peak = ways["pipeline"]["peak_mb"]
        verdict = lambda ok: "met" if ok else "MISSED"  # noqa: E731
        cpu_die = ways["die"]["cpu"]
        print(f"{database:<11}a/b: the pipeline is {die / ours:.1f}× faster than django-import-export "
              f"(target ≥ {TARGET_VS_DIE:.0f}×: {verdict(die / ours >= TARGET_VS_DIE)}); in CPU time "
              f"{cpu_die / cpu_ours:.1f}×")
        print(f"{'':<11}a/c: pipeline time ÷ floor time = {ours / floor:.2f} "
              f"(target ≤ {TARGET_VS_FLOOR}: {verdict(ours / floor <= TARGET_VS_FLOOR)}); in CPU time "
              f"{cpu_ours / cpu_floor:.2f}")
        print(f"{'':<11}pipeline peak RSS {peak:.0f} MB (target < {TARGET_PEAK_MB} MB: "
              f"{verdict(peak < TARGET_PEAK_MB)}); the floor without hashing and encryption takes "
              f"{ways['floor_plain']['seconds']:.2f} s")
    base = max(result["base_mb"] for ways in results.values() for result in ways.values())
    reset = all(result["peak_reset"] for ways in results.values() for result in ways.values())
    print()
    if size != "full":
        print(f"BENCH_SIZE={size}: fixed costs dominate at this size; the targets are for the full size.")
    print(f"Best of {repeats} per way: seconds and CPU of the fastest run, peak MB the highest; every run in a fresh")
    print("process and a fresh, migrated database. The ways do not do the same work: (a) validates every cell,")
    print("the identity numbers and 学籍号 (check digit, birth date, area), the cross-column rules and in-file")
    print("duplicates, and checks the registry before writing; (b) parses each cell with its widget and validates")
    print("the two numbers through the model's set_xuejihao/set_id_number, nothing more; (c) validates nothing.")
    print("All three store the same rows: hashed and encrypted numbers, classes created, every student in one.")
    note = "reset just before the import" if reset else "whole process: the peak could not be reset"
    print(f"Peak MB: the subprocess's peak RSS ({note}); about {base:.0f} MB of it is Django before the import.")
    server = all(ways[way]["db_cpu"] is not None for database, ways in results.items() if database != "sqlite"
                 for way in ways)
    print("CPU s: user + system time of the importing process" + (
        " plus that of its PostgreSQL backend process." if server else
        "; PostgreSQL's own work is not in it (its backend process could not be read)."))
    print(f"Load average of this machine over 1 minute: {load[0]:.1f} at the start, {load[1]:.1f} at the end "
          f"({os.cpu_count()} CPUs).")
    print("Other work on the machine stretches the seconds; the CPU time much less so.")


def main() -> None:
    size = os.environ.get("BENCH_SIZE", "full")
    if size not in SIZES:
        raise SystemExit(f"BENCH_SIZE must be one of {', '.join(SIZES)}")
    count = SIZES[size]
    repeats = int(os.environ.get("BENCH_REPEATS", "1"))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="edubureau-bench-") as directory:
        work = Path(directory)
        path = work / "学生名册.xlsx"
        start = time.perf_counter()
        classes = write_workbook(path, count)
        print(f"wrote {count:,} students × {len(HEADERS)} columns, {len(SCHOOL_CODES)} schools, {classes} classes "
              f"({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s", flush=True)
        databases = ["sqlite"]
        why = postgres_reachable()
        if why is None:
            databases.append("postgresql")
        else:
            print(f"PostgreSQL at {POSTGRES_URL} is unreachable ({why}): running SQLite only", flush=True)
        load_start = os.getloadavg()[0]
        results = {database: run_database(database, path, count, classes, work, repeats) for database in databases}
    report(results, count, size, repeats, (load_start, os.getloadavg()[0]))
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--prepare":
        prepare(sys.argv[2], Path(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--child":
        way, database, path, count, classes, work = sys.argv[2:8]
        child(way, database, Path(path), int(count), int(classes), Path(work))
    else:
        sys.exit(main())
