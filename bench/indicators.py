"""Benchmark computing every built-in indicator for every org unit of the demo city, three ways, on SQLite and
PostgreSQL; then load-test the indicator dashboard over loopback.

    .venv/bin/python bench/indicators.py                  # the full demo city: ~300 schools, ~112k students
    BENCH_SIZE=tiny .venv/bin/python bench/indicators.py  # demo_city --scale small (CI)

Each way computes, for the school year 2024-2025, every built-in indicator in REGISTRY (whatever it holds
when the benchmark runs) for every org unit, and stores the values; before each run the period's stored
values are deleted (not timed), so every way writes into the same empty table:
  a  engine  edubureau.indicators.services.compute_indicators(period=...): definitions synced, per-school
             components from each indicator's GROUP BY queries, rolled up by path, one bulk write per
             indicator, target links suggested;
  b  naive   what a developer without the engine writes: for each indicator and each school, the
             indicator's per_school with a one-school queryset; for each unit that is not a school, one
             ORM query for its schools, their components summed in Python; every value saved with
             IndicatorValue.objects.update_or_create (one transaction per indicator, like the engine);
  c  floor   for each indicator ONE SQL statement grouped by school, executed through a raw cursor: the SQL
             Django generates for the indicator's per_school query when it runs exactly one (captured with
             an execute wrapper, before the clock), or, for the per_school functions that run two, their two
             Django-generated queries joined into one statement in this file; rolled up by path in plain
             Python, stored with one raw DELETE and one raw executemany per indicator; no ORM objects.
             A statement is used only if its rows give exactly the components the indicator's per_school
             gives for every school; an indicator without such a statement is left out of (c), said so, and
             (a) is then also timed on the indicators (c) covers, for the ratio a/c.
  c2         on PostgreSQL, (c) with COPY instead of executemany: the fastest write there.
(b) and (c) compute a unit's value by the rules of engine.py's docstring in code of their own, and take the
traffic light from engine.light_of (a product rule, not the set-wise machinery). After the runs, every
stored value of (b) and of (c) is compared with (a)'s: numerator, denominator, value, light and school count
of every unit and indicator must be equal, or the benchmark fails.

(a) and (c) run BENCH_REPEATS times (default 3), taking turns, best kept; (b) runs once (it is the slow
one). Each database is benchmarked in its own subprocess with config.django.local (DEBUG off; SQLite with
the product's options: WAL, IMMEDIATE) plus config.django.production's persistent connections
(CONN_MAX_AGE 60), through a settings module written into the temporary directory. Afterwards the engine
computes 2023-2024 and 2024-2025 once more (not timed), so the dashboard has values and a trend.

Databases. SQLite: a copy of BENCH_DEMO_SQLITE (a ready demo-city database, never modified) when set, else
a demo city built with `demo_city --seed 1` in a temporary directory (~1.5 min). PostgreSQL:
BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432) names the server; at full size the database
bench_indicators is loaded with the demo city once and kept for later runs (migrated each run); at tiny size
the database bench_indicators_tiny is created and dropped. When the server is unreachable the benchmark
says so and runs SQLite only. Tiny size builds `demo_city --scale small` into both.

Load test: gunicorn (the `bench` extra) serves config.wsgi with config.django.local on a free loopback
port, 4 sync workers, one database at a time; the demo user leader logs in (POST /accounts/login/ with the
CSRF token); then 16 connections request, for 10 s (2 s tiny) each, the trivial view TRIVIAL_URL (the login
page of a signed-in user: all middleware, session read and write, the user, then a redirect) and the
dashboard DASHBOARD_URL, with wrk when it is installed, else a Python load generator (threads, http.client;
BENCH_LOADGEN=python forces it); p50/p95/p99 of each and p95(dashboard)/p95(trivial) are printed. Without
gunicorn the load test is skipped; a page that answers 400 or above fails the benchmark.

BENCH_PROFILE=engine (or naive, floor) prints cProfile statistics of one extra run of that way to stderr.
"""
import datetime
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from decimal import Context, Decimal
from http.client import HTTPConnection, HTTPException
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZES = {"tiny": "small", "full": "full"}  # BENCH_SIZE → demo_city --scale
PERIOD = "2024-2025"
PREVIOUS_PERIOD = "2023-2024"  # computed once after the runs (not timed): the dashboard's trend
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
PG_DATABASES = {"full": "bench_indicators", "tiny": "bench_indicators_tiny"}  # full: kept; tiny: dropped
TARGET_VS_FLOOR, TARGET_VS_NAIVE, TARGET_P95 = 1.5, 10.0, 3.0

# The load test. DASHBOARD_URL falls back to the home page when it does not answer 200 (and says so).
DASHBOARD_URL = "/indicators/"
FALLBACK_URL = "/"
TRIVIAL_URL = "/accounts/login/"  # signed in: a redirect to the home page, rendered nothing
DEMO_USER, DEMO_PASSWORD = "leader", "Qianjiang@2024"
CONNECTIONS = 16
LOAD_SECONDS = {"tiny": 2, "full": 10}
WORKERS = 4

WAYS = {
    "engine": "a  engine: compute_indicators",
    "naive": "b  naive: per school, update_or_create",
    "floor": "c  floor: one SQL per indicator",
    "floor_copy": "c2 floor, written with COPY",
    "engine_subset": "a' engine on (c)'s indicators",
}

SETTINGS_MODULE = "bench_indicators_settings"  # written into the work directory
SETTINGS_TEXT = '''"""config.django.local on the benchmark's database (written by bench/indicators.py)."""
import os

from config.django.local import *  # noqa: F401,F403

if os.environ.get("BENCH_SQLITE_PATH"):  # the product's SQLite options (WAL, IMMEDIATE), another file
    DATABASES = {"default": {**DATABASES["default"], "NAME": os.environ["BENCH_SQLITE_PATH"]}}  # noqa: F405
# Persistent connections, as config.django.production has them.
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
'''


# ---- inside a subprocess: Django on one benchmark database ------------------------------------------------

def setup_django(work: Path) -> None:
    sys.path.insert(0, str(work))
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    import django

    django.setup()


def _dec15(value: float) -> Decimal:
    """A float SQLite gave for a decimal column or sum, as Django reads it (15 significant digits)."""
    return _CONTEXT15.create_decimal_from_float(value)


_CONTEXT15 = Context(prec=15)
Q4 = Decimal("0.0001")


def _norm(value):
    """Raw driver values compared like the ORM's: booleans as 0/1, SQLite's floats as decimals."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return _dec15(value)
    return value


def _q(value):
    return None if value is None else Decimal(value).quantize(Q4)


def unit_value(rows: list, rollup) -> tuple:
    """(numerator, denominator, value, schools) of a unit from its schools' components (the rules of
    engine.py's docstring: ratio Σc1/Σc2 × scale or `combine` of the sums, sum Σc1, cv the weighted CV)."""
    from edubureau.indicators.engine import coefficient_of_variation

    if rollup.kind == "cv":
        return None, None, coefficient_of_variation([(row[0], row[1]) for row in rows]), len(rows)
    sums = [sum((Decimal(row[i]) for row in rows), Decimal(0)) for i in range(len(rows[0]))]
    if rollup.combine is not None:
        numerator, denominator = rollup.combine(sums)
    else:
        numerator, denominator = sums[0], (sums[1] if len(sums) > 1 else None)
    if rollup.kind == "sum":
        value = numerator
    elif not denominator or numerator is None:
        value = None
    else:
        value = numerator / denominator * rollup.scale
    return numerator, denominator, value, len(rows)


# ---- (b) naive ----

def run_naive(period: str, codes: list[str]) -> None:
    from django.db import transaction
    from django.utils import timezone

    from edubureau.indicators.definitions import REGISTRY
    from edubureau.indicators.engine import light_of, school_paths
    from edubureau.indicators.models import Indicator, IndicatorValue
    from edubureau.orgs.models import OrgKind, OrgUnit

    units = list(OrgUnit.objects.exclude(kind=OrgKind.SCHOOL).only("id", "path"))
    for code in codes:
        builtin = REGISTRY[code]
        indicator = Indicator.objects.get(code=code)
        components = {}
        for school_id, _ in school_paths(builtin.stages):
            components.update(builtin.per_school(period, school_paths(builtin.stages).filter(id=school_id)))
        now = timezone.now()

        def save(unit_id, rows):
            numerator, denominator, value, schools = unit_value(rows, builtin.rollup)
            IndicatorValue.objects.update_or_create(
                indicator=indicator, org_unit_id=unit_id, period=period,
                defaults={"numerator": _q(numerator), "denominator": _q(denominator), "value": _q(value),
                          "light": light_of(value, indicator),
                          "schools": schools, "computed_at": now})

        with transaction.atomic():
            if builtin.rollup.kind != "cv":  # a 差异系数 compares schools: none for a school itself
                for school_id, row in components.items():
                    save(school_id, [row])
            for unit in units:
                ids = school_paths(builtin.stages).filter(path__startswith=unit.path).values_list("id", flat=True)
                rows = [components[school_id] for school_id in ids if school_id in components]
                if rows:
                    save(unit.id, rows)


# ---- (c) floor ----

@dataclass
class FloorSpec:
    code: str
    sql: str
    params: tuple
    convert: object  # row → (school id, components)
    how: str


def _main_table(sql: str) -> str:
    match = re.search(r'\bFROM "(\w+)"', sql)
    return match.group(1) if match else ""


def _identity(row):
    return row[0], tuple(_norm(value) for value in row[1:])


def _row_maps() -> dict:
    """code → row mapping, for per_school functions that run one query but reshape its rows in Python."""
    from edubureau.indicators import definitions

    YUAN_PER_WAN = getattr(definitions, "YUAN_PER_WAN", Decimal(10000))  # noqa: N806

    def flag(index):
        return lambda row: (row[0], (int(row[1 + index]), 1))

    maps = {
        "large_schools": lambda row: (row[0], (int(row[1]), 1)),
        "security_all_four": lambda row: (row[0], (int(all(row[1:5])), 1)),
        "spending_growth": lambda row: (row[0], (_norm(row[1]) * YUAN_PER_WAN, _norm(row[3]) * YUAN_PER_WAN)),
        "spending_per_student_growth": lambda row: (
            row[0], (_norm(row[1]) * YUAN_PER_WAN, row[2], _norm(row[3]) * YUAN_PER_WAN, row[4])),
    }
    for index, code in enumerate(("security_guards", "security_closed", "security_police_link",
                                  "security_protection_post")):
        maps[code] = flag(index)
    return maps


def _joined_specs() -> dict:
    """code → builder(queries) → (sql, params, convert), for per_school functions that run two queries:
    their Django-generated SQL joined into one statement. Written for the definitions as they stand: a
    renamed helper only leaves its indicators out of (c) (each statement is checked against per_school)."""
    from edubureau.indicators import definitions as d

    def by_table(queries):
        tables = {_main_table(sql): (sql, params) for sql, params in queries}
        if len(tables) != len(queries):
            raise ValueError("two queries on one table")
        return tables

    def balance(level, key):
        def build(queries):
            tables = by_table(queries)
            (figures, figures_params), (staff, staff_params) = tables["orgs_schoolyearfigures"], tables["registry_teacher"]
            sql = (f'SELECT f."school_id", f."enrolment", f."teaching_area", f."sports_area", f."equipment_value", '
                   f'f."networked_multimedia_classrooms", COALESCE(t."degree", 0), COALESCE(t."backbone", 0), '
                   f'COALESCE(t."pe_arts", 0) FROM ({figures}) f LEFT JOIN ({staff}) t ON t."school_id" = f."school_id"')

            def convert(row):
                students = row[1]
                values = {
                    "degree": (row[6], students), "backbone": (row[7], students), "pe_arts": (row[8], students),
                    "teaching_area": (_norm(row[2]), students), "sports_area": (_norm(row[3]), students),
                    "equipment": (_norm(row[4]) * d.YUAN_PER_WAN, students), "multimedia": (row[5], students),
                }
                return row[0], ((d.balance_met(values, level), 1) if key is None else values[key])
            return sql, (*figures_params, *staff_params), convert
        return build

    def teachers_and_computers(queries):
        tables = by_table(queries)
        (figures, figures_params), (staff, staff_params) = tables["orgs_schoolyearfigures"], tables["registry_teacher"]
        sql = (f'SELECT f."school_id", COALESCE(t."n", 0), f."teacher_computers" FROM ({figures}) f '
               f'LEFT JOIN ({staff}) t ON t."school_id" = f."school_id"')
        return sql, (*figures_params, *staff_params), _identity

    def schools_with(queries):
        tables = by_table(queries)
        (schools, schools_params), (staff, staff_params) = tables["orgs_orgunit"], tables["registry_teacher"]
        sql = (f'SELECT s."id", CASE WHEN t."school_id" IS NULL THEN 0 ELSE 1 END, 1 FROM ({schools}) s '
               f'LEFT JOIN ({staff}) t ON t."school_id" = s."id"')
        return sql, (*schools_params, *staff_params), _identity

    specs = {"teachers_per_computer": teachers_and_computers,
             "psych_teacher_schools": schools_with, "psych_fulltime_schools": schools_with}
    for level in getattr(d, "BALANCE_LEVELS", ()):
        for resource_ in getattr(d, "RESOURCES", ()):
            specs[f"balance_{resource_.key}_{level.key}"] = balance(level, resource_.key)
            specs[f"balance_{resource_.key}_cv_{level.key}"] = balance(level, resource_.key)
        specs[f"balance_ok_{level.key}"] = balance(level, None)
    return specs


def floor_specs(period: str, codes: list[str]) -> tuple[list[FloorSpec], dict[str, str]]:
    """One statement per indicator, checked against its per_school on every school; and why the others
    have none."""
    from django.db import connection

    from edubureau.indicators.definitions import REGISTRY, SHARED
    from edubureau.indicators.engine import school_paths

    row_maps, joined = _row_maps(), _joined_specs()
    specs, excluded = [], {}
    for code in codes:
        builtin = REGISTRY[code]
        queries = []

        def capture(execute, sql, params, many, context):
            queries.append((sql, tuple(params or ())))
            return execute(sql, params, many, context)

        SHARED.clear()  # the engine shares the 优质均衡 queries within a computation: see each one's own
        with connection.execute_wrapper(capture):
            expected = builtin.per_school(period, school_paths(builtin.stages))
        candidates = []
        if len(queries) == 1 and code in row_maps:
            candidates.append((*queries[0], row_maps[code], "Django's SQL, its rows reshaped as per_school does"))
        elif len(queries) == 1:
            candidates.append((*queries[0], _identity, "Django's SQL as it is"))
        elif code in joined:
            try:
                candidates.append((*joined[code](queries), f"its {len(queries)} Django queries joined into one"))
            except Exception as error:  # noqa: BLE001  a join written for other queries: said, not hidden
                excluded[code] = f"its {len(queries)} queries do not fit the join written for it ({error!r})"
        if not candidates and code not in excluded:
            excluded[code] = f"per_school runs {len(queries)} queries and bench/indicators.py has no statement for it"
        for sql, params, convert, how in candidates:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    got = dict(convert(row) for row in cursor.fetchall())
            except Exception as error:  # the statement does not run on this database: said, not hidden
                excluded[code] = f"its statement fails: {str(error).splitlines()[0]}"
                continue
            want = {school: tuple(_norm(v) for v in row) for school, row in expected.items()}
            if got != want:
                differing = sorted(set(got) ^ set(want)) or [s for s in want if got[s] != want[s]]
                excluded[code] = (f"the statement's rows differ from per_school's ({len(differing)} schools, "
                                  f"e.g. {differing[0]}: {got.get(differing[0])} vs {want.get(differing[0])})")
                continue
            specs.append(FloorSpec(code, sql, params, convert, how))
    return specs, excluded


def run_floor(period: str, specs: list[FloorSpec], *, copy: bool = False) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from edubureau.indicators.definitions import REGISTRY
    from edubureau.indicators.engine import light_of
    from edubureau.indicators.models import Indicator, IndicatorValue

    meta = IndicatorValue._meta
    table = connection.ops.quote_name(meta.db_table)
    fields = ("indicator", "org_unit", "period", "numerator", "denominator", "value", "light", "schools",
              "computed_at")
    columns = ", ".join(connection.ops.quote_name(meta.get_field(name).column) for name in fields)
    insert = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    delete = f"DELETE FROM {table} WHERE {connection.ops.quote_name('indicator_id')} = %s AND period = %s"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, path FROM {connection.ops.quote_name('orgs_orgunit')}")
        unit_rows = cursor.fetchall()
        cursor.execute(f"SELECT id, code, comparator, target, yellow_band "
                       f"FROM {connection.ops.quote_name(Indicator._meta.db_table)}")
        indicators = {code: (pk, SimpleNamespace(comparator=comparator, target=_norm(target), yellow_band=_norm(band)))
                      for pk, code, comparator, target, band in cursor.fetchall()}
    ids_by_path = {path: unit_id for unit_id, path in unit_rows}
    path_of = dict(unit_rows)
    ancestors: dict[int, list[int]] = {}
    for spec in specs:
        rollup = REGISTRY[spec.code].rollup
        indicator_id, thresholds = indicators[spec.code]
        members: dict[int, list] = {}
        with connection.cursor() as cursor:
            cursor.execute(spec.sql, spec.params)
            rows = cursor.fetchall()
        for row in rows:
            school_id, components = spec.convert(row)
            above = ancestors.get(school_id)
            if above is None:
                parts = path_of[school_id].strip("/").split("/")
                prefixes = ("/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1))
                above = ancestors[school_id] = [ids_by_path[p] for p in prefixes if p in ids_by_path]
            for unit_id in above:
                if rollup.kind == "cv" and unit_id == school_id:
                    continue
                members.setdefault(unit_id, []).append(components)
        values = []
        for unit_id, unit_rows_ in members.items():
            numerator, denominator, value, schools = unit_value(unit_rows_, rollup)
            values.append((indicator_id, unit_id, period, _q(numerator), _q(denominator), _q(value),
                           light_of(value, thresholds), schools, now))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(delete, (indicator_id, period))
            if copy:  # PostgreSQL only
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as stream:
                    for row in values:
                        stream.write_row(row)
            else:
                cursor.executemany(insert, values)


# ---- timing, checks ----

def snapshot(period: str) -> dict:
    from edubureau.indicators.models import IndicatorValue

    return {(code, unit): rest for code, unit, *rest in IndicatorValue.objects.filter(period=period).values_list(
        "indicator__code", "org_unit_id", "numerator", "denominator", "value", "light", "schools")}


def compare(name: str, got: dict, want: dict, codes: list[str]) -> str:
    keep = set(codes)
    want = {key: value for key, value in want.items() if key[0] in keep}
    got = {key: value for key, value in got.items() if key[0] in keep}
    if got == want:
        return f"{name}: all {len(want):,} stored values equal to (a)'s"
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    differ = sorted(key for key in set(want) & set(got) if want[key] != got[key])
    lines = [f"{name}: stored values differ from (a)'s: {len(missing)} missing, {len(extra)} extra, "
             f"{len(differ)} different"]
    for key in (missing[:3] + extra[:3] + differ[:5]):
        lines.append(f"  {key}: (a) {want.get(key)}  {name} {got.get(key)}")
    raise SystemExit("\n".join(lines))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(database: str, work: Path, repeats: int) -> None:
    setup_django(work)
    from django.db import connection

    from edubureau.indicators.definitions import REGISTRY
    from edubureau.indicators.models import IndicatorValue
    from edubureau.indicators.services import compute_indicators, indicators_sync
    from edubureau.orgs.models import OrgKind, OrgUnit

    rows = indicators_sync()
    codes = [code for code in REGISTRY if rows[code].is_active]
    inactive = [code for code in REGISTRY if not rows[code].is_active]
    specs, excluded = floor_specs(PERIOD, codes)
    floor_codes = [spec.code for spec in specs]
    how: dict[str, int] = {}
    for spec in specs:
        how[spec.how] = how.get(spec.how, 0) + 1

    def clear():
        IndicatorValue.objects.filter(period=PERIOD).delete()

    runs = {
        "engine": lambda: compute_indicators(period=PERIOD),
        "floor": lambda: run_floor(PERIOD, specs),
        "naive": lambda: run_naive(PERIOD, codes),
    }
    if connection.vendor == "postgresql":
        runs["floor_copy"] = lambda: run_floor(PERIOD, specs, copy=True)
    if excluded:
        runs["engine_subset"] = lambda: compute_indicators(period=PERIOD, codes=floor_codes)
    results: dict[str, dict] = {}
    snapshots: dict[str, dict] = {}

    def timed(way: str) -> None:
        clear()
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            start, cpu = time.perf_counter(), _cpu()
            runs[way]()
            seconds, cpu = time.perf_counter() - start, _cpu() - cpu
        result = results.setdefault(way, {"seconds": [], "cpu": [], "queries": count[0]})
        result["seconds"].append(seconds)
        result["cpu"].append(cpu)
        print(f"  {database:<10} {WAYS[way]:<40} {seconds:8.2f} s  CPU {cpu:7.2f} s  {count[0]:7,} statements",
              file=sys.stderr, flush=True)
        if way not in snapshots:
            snapshots[way] = snapshot(PERIOD)

    connection.ensure_connection()
    for _ in range(repeats):
        for way in ("engine", "floor", "floor_copy", "engine_subset"):
            if way in runs:
                timed(way)
    timed("naive")
    checks = [compare("(b)", snapshots["naive"], snapshots["engine"], codes),
              compare("(c)", snapshots["floor"], snapshots["engine"], floor_codes)]
    if "floor_copy" in snapshots:
        checks.append(compare("(c2)", snapshots["floor_copy"], snapshots["engine"], floor_codes))
    profile = os.environ.get("BENCH_PROFILE")
    if profile in runs:
        import cProfile
        import pstats

        clear()
        profiler = cProfile.Profile()
        profiler.runcall(runs[profile])
        print(f"==== cProfile of {profile} on {database}", file=sys.stderr)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(35)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    clear()
    for period in (PREVIOUS_PERIOD, PERIOD):  # the engine's values stay for the load test, with a trend
        compute_indicators(period=period)
    print("RESULT " + json.dumps({
        "results": results, "codes": len(codes), "floor_codes": len(floor_codes), "excluded": excluded,
        "inactive": inactive, "how": how, "checks": checks, "values": len(snapshots["engine"]),
        "units": OrgUnit.objects.count(), "schools": OrgUnit.objects.filter(kind=OrgKind.SCHOOL).count(),
    }))


# ---- the driver: databases ------------------------------------------------------------------------------

def _env(work: Path, database: dict) -> dict:
    """The environment of a subprocess on `database` ({"sqlite": path} or {"postgresql": name})."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "BENCH_SQLITE_PATH")}
    env.update({
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE, "PYTHONPATH": os.pathsep.join((str(work), str(ROOT))),
        "DJANGO_DEBUG": "0", "EDUBUREAU_MEDIA_ROOT": str(work / "media"),
        "EDUBUREAU_DEMO_FILES_DIR": str(work / "demo-files"), "EDUBUREAU_PROGRESS_CACHE": str(work / "progress"),
    })
    if "sqlite" in database:
        env["BENCH_SQLITE_PATH"] = str(database["sqlite"])
    else:
        env["DATABASE_URL"] = f"{POSTGRES_URL}/{database['postgresql']}"
    return env


def _manage(work: Path, database: dict, *args: str) -> None:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=_env(work, database),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode:
        sys.stdout.write(done.stdout)
        raise SystemExit(f"manage.py {' '.join(args)} failed (exit {done.returncode})")


def build_demo(work: Path, database: dict, scale: str) -> None:
    start = time.perf_counter()
    _manage(work, database, "migrate", "--noinput", "-v", "0")
    _manage(work, database, "demo_city", "--seed", "1", "--scale", scale)
    print(f"  built demo_city --seed 1 --scale {scale} in {time.perf_counter() - start:.0f} s", flush=True)


def _postgres_admin(name: str = "postgres"):
    import psycopg

    return psycopg.connect(f"{POSTGRES_URL}/{name}", autocommit=True, connect_timeout=3)


def postgres_reachable() -> str | None:
    try:
        with _postgres_admin() as connection:
            connection.execute("SELECT 1")
    except Exception as error:  # psycopg.OperationalError, or psycopg missing
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return None


def _postgres_has_demo(name: str) -> bool:
    try:
        with _postgres_admin(name) as connection:
            schools = connection.execute("SELECT count(*) FROM orgs_orgunit WHERE kind = 'school'").fetchone()[0]
            students = connection.execute("SELECT count(*) FROM registry_student").fetchone()[0]
    except Exception:  # no database, or no tables
        return False
    return bool(schools and students)


def _postgres_recreate(name: str, drop_only: bool = False) -> None:
    with _postgres_admin() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare_sqlite(work: Path, size: str) -> dict:
    target = work / "demo.sqlite3"
    source = os.environ.get("BENCH_DEMO_SQLITE")
    if size == "full" and source:
        for suffix in ("", "-wal"):
            if Path(source + suffix).exists():
                shutil.copyfile(source + suffix, str(target) + suffix)
        database = {"sqlite": target}
        _manage(work, database, "migrate", "--noinput", "-v", "0")
        print(f"  sqlite: a copy of {source}", flush=True)
    else:
        database = {"sqlite": target}
        build_demo(work, database, SIZES[size])
    return database


def prepare_postgres(work: Path, size: str) -> dict:
    name = PG_DATABASES[size]
    database = {"postgresql": name}
    if size == "full" and _postgres_has_demo(name):
        _manage(work, database, "migrate", "--noinput", "-v", "0")
        print(f"  postgresql: the demo city already in {name} (kept between runs)", flush=True)
    else:
        _postgres_recreate(name)
        build_demo(work, database, SIZES[size])
        with _postgres_admin(name) as connection:
            connection.execute("ANALYZE")
    return database


def run_child(work: Path, label: str, database: dict, repeats: int) -> dict:
    done = subprocess.run([PYTHON, __file__, "--child", label, str(work), str(repeats)], cwd=ROOT,
                          env=_env(work, database), stdout=subprocess.PIPE, text=True)
    if done.returncode:
        sys.stdout.write(done.stdout)
        raise SystemExit(f"benchmark subprocess on {label} failed (exit {done.returncode})")
    line = next(line for line in reversed(done.stdout.splitlines()) if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


# ---- the load test --------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _request(port: int, method: str, path: str, headers: dict | None = None, body: str | None = None):
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _cookies(headers) -> dict[str, str]:
    jar = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or ():
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int) -> str:
    """The Cookie header of the demo user's session."""
    status, headers, body = _request(port, "GET", TRIVIAL_URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    cookies = _cookies(headers)
    if status != 200 or not token or "csrftoken" not in cookies:
        raise RuntimeError(f"login page: HTTP {status}, no CSRF token")
    form = urllib.parse.urlencode({"username": DEMO_USER, "password": DEMO_PASSWORD,
                                   "csrfmiddlewaretoken": token.group(1)})
    status, headers, _ = _request(port, "POST", TRIVIAL_URL, {
        "Cookie": f"csrftoken={cookies['csrftoken']}", "Content-Type": "application/x-www-form-urlencoded"}, form)
    cookies.update(_cookies(headers))
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"login of {DEMO_USER}: HTTP {status}, no session (wrong password, or locked by axes?)")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d %d\\n", summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def load_wrk(port: int, path: str, cookie: str, seconds: float, work: Path) -> dict:
    script = work / "report.lua"
    script.write_text(WRK_SCRIPT)
    done = subprocess.run(["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{seconds:g}s", "--timeout", "30s",
                           "-s", str(script), "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{path}"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = next((line for line in done.stdout.splitlines() if line.startswith("WRK ")), None)
    if done.returncode or line is None:
        raise RuntimeError(f"wrk failed: {done.stdout.strip()[-300:]}")
    requests, duration, bad_status, failed, p50, p95, p99 = (int(x) for x in line.split()[1:])
    return {"requests": requests, "rps": requests / (duration / 1e6), "bad": bad_status + failed,
            "p50": p50 / 1e3, "p95": p95 / 1e3, "p99": p99 / 1e3}


def load_python(port: int, path: str, cookie: str, seconds: float, work: Path) -> dict:
    """CONNECTIONS threads, each with its own http.client connection (kept alive when the server allows),
    requesting `path` until the time is up; every request's latency recorded."""
    start = time.perf_counter()
    deadline = start + seconds
    latencies: list[list[float]] = []
    bad = [0]
    lock = threading.Lock()

    def worker() -> None:
        connection = HTTPConnection("127.0.0.1", port, timeout=60)
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            begun = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
                if response.will_close:
                    connection.close()
            except (OSError, HTTPException):
                failed += 1
                connection.close()
                continue
            mine.append(time.perf_counter() - begun)
        connection.close()
        with lock:
            latencies.append(mine)
            bad[0] += failed

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    every = sorted(latency for mine in latencies for latency in mine)
    if not every:
        raise RuntimeError("no request completed")

    def percentile(p: float) -> float:
        return every[min(len(every) - 1, int(round(p / 100 * len(every) + 0.5)) - 1)] * 1e3

    return {"requests": len(every), "rps": len(every) / elapsed, "bad": bad[0],
            "p50": percentile(50), "p95": percentile(95), "p99": percentile(99)}


def load_test(work: Path, label: str, database: dict, size: str) -> dict | str:
    """Serve the project with gunicorn on `database` and measure the trivial view and the dashboard;
    or why not."""
    gunicorn = Path(PYTHON).parent / "gunicorn"
    if not gunicorn.exists():
        return "gunicorn is not installed in the virtualenv (pip install -e '.[bench]'): load test skipped"
    tool = os.environ.get("BENCH_LOADGEN") or ("wrk" if shutil.which("wrk") else "python")
    if tool not in ("wrk", "python"):
        raise RuntimeError("BENCH_LOADGEN must be wrk or python")
    run = load_wrk if tool == "wrk" else load_python
    port = _free_port()
    log = open(work / f"gunicorn-{label}.log", "w")
    server = subprocess.Popen(
        [str(gunicorn), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "--timeout", "120",
         "--error-logfile", "-", "--log-level", "warning", "config.wsgi:application"],
        cwd=ROOT, env=_env(work, database), stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                _request(port, "GET", TRIVIAL_URL)
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"gunicorn exited (see {log.name})") from None
                time.sleep(0.1)
        cookie = sign_in(port)
        dashboard, note = DASHBOARD_URL, ""
        status, _, _ = _request(port, "GET", DASHBOARD_URL, {"Cookie": cookie})
        if status != 200:
            fallback, _, _ = _request(port, "GET", FALLBACK_URL, {"Cookie": cookie})
            if fallback != 200:
                raise RuntimeError(f"{DASHBOARD_URL} answered {status} and {FALLBACK_URL} {fallback} (see {log.name})")
            dashboard, note = FALLBACK_URL, f"{DASHBOARD_URL} answered {status}: measured {FALLBACK_URL} instead"
        status, _, _ = _request(port, "GET", TRIVIAL_URL, {"Cookie": cookie})
        if status >= 400:
            raise RuntimeError(f"{TRIVIAL_URL} answered {status}")
        seconds = LOAD_SECONDS[size]
        measured = {}
        for name, path in (("trivial", TRIVIAL_URL), ("dashboard", dashboard)):
            for _ in range(4 * WORKERS):  # every worker has served the page once before the clock
                _request(port, "GET", path, {"Cookie": cookie})
            measured[name] = {"path": path, **run(port, path, cookie, seconds, work)}
        failed = {name: m["bad"] for name, m in measured.items() if m["bad"]}
        return {"tool": tool, "seconds": seconds, "note": note, "failed": failed, **measured}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


# ---- the report -----------------------------------------------------------------------------------------

def report(results: dict[str, dict], loads: dict[str, dict | str], size: str, repeats: int) -> None:
    verdict = lambda ok: "met" if ok else "MISSED"  # noqa: E731
    first = next(iter(results.values()))
    print()
    print(f"{first['codes']} built-in indicators, {first['schools']} schools, {first['units']} org units, period "
          f"{PERIOD}: {first['values']:,} values stored per run")
    print()
    print(f"{'database':<11}{'way':<41}{'seconds':>9}{'CPU s':>8}{'statements':>12}")
    for database, result in results.items():
        for way, run in result["results"].items():
            print(f"{database:<11}{WAYS[way]:<41}{min(run['seconds']):9.2f}{min(run['cpu']):8.2f}"
                  f"{run['queries']:12,}")
    print()
    for database, result in results.items():
        runs = result["results"]
        engine, naive, floor = (min(runs[way]["seconds"]) for way in ("engine", "naive", "floor"))
        ours = min(runs["engine_subset"]["seconds"]) if "engine_subset" in runs else engine
        subset = f" (a' on the {result['floor_codes']} indicators (c) covers)" if "engine_subset" in runs else ""
        print(f"{database:<11}a/c: engine ÷ floor = {ours / floor:.2f}{subset} "
              f"(target ≤ {TARGET_VS_FLOOR}: {verdict(ours / floor <= TARGET_VS_FLOOR)})")
        if "floor_copy" in runs:
            print(f"{'':<11}a/c2: engine ÷ floor written with COPY = {ours / min(runs['floor_copy']['seconds']):.2f}")
        print(f"{'':<11}b/a: naive ÷ engine = {naive / engine:.1f} "
              f"(target ≥ {TARGET_VS_NAIVE:.0f}: {verdict(naive / engine >= TARGET_VS_NAIVE)})")
        for check in result["checks"]:
            print(f"{'':<11}{check}")
    print()
    any_result = next(iter(results.values()))
    how = "; ".join(f"{what}: {count}" for what, count in any_result["how"].items())
    print(f"(c)'s statements: {how}.")
    for database, result in results.items():
        for code, why in result["excluded"].items():
            print(f"  left out of (c) on {database}: {code}: {why}")
        if result["inactive"]:
            print(f"  inactive on {database} (computed by no way): {', '.join(result['inactive'])}")
    print(f"Seconds and CPU: the best of {repeats} runs for (a) and (c), taking turns, one run of (b); CPU is the")
    print("benchmark process's (PostgreSQL's own work is not in it). Statements: SQL statements the way sent.")
    print()
    for database, load in loads.items():
        if isinstance(load, str):
            print(f"load test on {database}: {load}")
            continue
        tool = "wrk" if load["tool"] == "wrk" else "a Python load generator (threads + http.client)"
        print(f"load test on {database}: gunicorn, {WORKERS} sync workers, {CONNECTIONS} connections, "
              f"{load['seconds']} s per page, with {tool}")
        if load["note"]:
            print(f"  NOTE: {load['note']}")
        for name in ("trivial", "dashboard"):
            m = load[name]
            print(f"  {name:<10}{m['path']:<20}p50 {m['p50']:7.1f} ms  p95 {m['p95']:7.1f} ms  "
                  f"p99 {m['p99']:7.1f} ms  {m['rps']:7.1f} req/s  {m['requests']:6,} requests  {m['bad']} failed")
        ratio = load["dashboard"]["p95"] / load["trivial"]["p95"]
        print(f"  p95 dashboard ÷ p95 trivial = {ratio:.2f} (target ≤ {TARGET_P95:.0f}: "
              f"{verdict(ratio <= TARGET_P95)})")
    if size != "full":
        print()
        print(f"BENCH_SIZE={size}: the small demo city; fixed costs dominate, the targets are for the full size.")


def main() -> None:
    size = os.environ.get("BENCH_SIZE", "full")
    if size not in SIZES:
        raise SystemExit(f"BENCH_SIZE must be one of {', '.join(SIZES)}")
    repeats = int(os.environ.get("BENCH_REPEATS", "3"))
    started = time.perf_counter()
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="edubureau-bench-indicators-") as directory:
        work = Path(directory)
        (work / f"{SETTINGS_MODULE}.py").write_text(SETTINGS_TEXT)
        databases = {"sqlite": prepare_sqlite(work, size)}
        why = postgres_reachable()
        results, loads = {}, {}
        try:
            if why is None:
                databases["postgresql"] = prepare_postgres(work, size)
            else:
                print(f"PostgreSQL at {POSTGRES_URL} is unreachable ({why}): running SQLite only", flush=True)
            for label, database in databases.items():
                results[label] = run_child(work, label, database, repeats)
            for label, database in databases.items():
                try:
                    loads[label] = load_test(work, label, database, size)
                except RuntimeError as error:
                    loads[label] = f"load test failed: {error}"
        finally:
            if size != "full" and why is None:
                _postgres_recreate(PG_DATABASES[size], drop_only=True)
    report(results, loads, size, repeats)
    print(f"load average (1 min) {load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
          f"({os.cpu_count()} CPUs); total {time.perf_counter() - started:.0f} s "
          f"({datetime.datetime.now():%Y-%m-%d %H:%M})")
    if any(isinstance(load, str) and load.startswith("load test failed") for load in loads.values()):
        raise SystemExit("the load test failed")
    if any(isinstance(load, dict) and load["failed"] for load in loads.values()):
        raise SystemExit("requests failed during the load test (HTTP status 400 and above, or no answer)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(main())
