"""Benchmark the import pipeline's front half: read_table + validate_rows against a raw calamine read.

    .venv/bin/python bench/import_reader.py            # 100,000 rows × 10 columns
    BENCH_SIZE=tiny .venv/bin/python bench/import_reader.py   # 1,000 rows (CI)

Writes one student-register-like xlsx (two title rows, a header row, 10 typed columns) into a
temporary directory with openpyxl's write-only mode, then times, best of three:
  floor     python-calamine opening the file and turning every row into a Python list;
  pipeline  read_table + validate_rows (header search, every cell normalised, duplicates);
and once, error_workbook for the same file with an error on 1 row in 100.
Prints rows/s of each and the pipeline/floor time ratio. No database, no Django settings.
"""
import datetime
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from edubureau.imports.error_workbook import error_workbook
from edubureau.imports.headers import ColumnSpec
from edubureau.imports.reading import read_table
from edubureau.imports.validation import RowError, validate_rows

SIZES = {"tiny": 1_000, "full": 100_000}
REPEATS = 3
ETHNIC_GROUPS = (("01", "汉族"), ("02", "蒙古族"), ("03", "回族"), ("05", "维吾尔族"), ("15", "土家族"))
SPECS = (
    ColumnSpec("student_number", "学籍号", ("全国学籍号",), required=True, kind="id", unique=True),
    ColumnSpec("id_number", "身份证号", ("身份证件号",), required=True, kind="id", unique=True),
    ColumnSpec("name", "姓名", required=True, kind="name", max_length=50),
    ColumnSpec("sex", "性别", required=True, kind="choice", choices=(("1", "男"), ("2", "女"))),
    ColumnSpec("birth_date", "出生日期", required=True, kind="date"),
    ColumnSpec("ethnicity", "民族", kind="choice", choices=ETHNIC_GROUPS),
    ColumnSpec("class_name", "班级", required=True, max_length=30),
    ColumnSpec("enrolled_on", "入学日期", kind="date"),
    ColumnSpec("boarding", "是否住校", kind="bool"),
    ColumnSpec("height_cm", "身高(cm)", kind="decimal", min_value=50, max_value=250),
)
HEADERS = ("全国学籍号", "身份证号", "姓名", "性别", "出生日期", "民族", "班级", "入学日期", "是否住校", "身高(cm)")


def student_row(index: int, rng: random.Random) -> list:
    birth = datetime.date(2010, 1, 1) + datetime.timedelta(days=index % 3000)
    # unique for up to 3,000,000 rows; the check digit is random (checksums are not benchmarked here)
    id_number = f"429005{birth:%Y%m%d}{index // 3000:03d}{rng.choice('0123456789X')}"
    return [
        f"G{id_number}",
        id_number,
        rng.choice(("张", "李", "王", "刘", "陈")) + rng.choice(("子涵", "浩然", "一诺", "欣怡", "梓轩")),
        rng.choice(("男", "女")),
        birth,
        rng.choice(ETHNIC_GROUPS)[1],
        f"{rng.randrange(1, 7)}年级({rng.randrange(1, 9)})班",
        f"{birth.year + 6}.9.1",
        rng.choice(("是", "否")),
        round(rng.uniform(100, 180), 1),
    ]


def write_workbook(path: Path, rows: int) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("学生")
    sheet.append(["潜江市中小学学生名单"])
    sheet.append(["填表说明:带*的列为必填"])
    sheet.append(HEADERS)
    rng = random.Random(1)
    for index in range(rows):
        sheet.append(student_row(index, rng))
    workbook.save(path)


def floor(path: Path) -> int:
    workbook = CalamineWorkbook.from_filelike(open(path, "rb"))
    return sum(1 for _ in workbook.get_sheet_by_index(0).iter_rows())


def pipeline(path: Path) -> int:
    result = validate_rows(read_table(path.read_bytes(), path.name), SPECS)
    if result.errors:
        raise SystemExit(f"unexpected errors, first: {result.errors[0]}")
    return len(result.rows)


def best_time(run, path: Path) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run(path)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    size = os.environ.get("BENCH_SIZE", "full")
    if size not in SIZES:
        raise SystemExit(f"BENCH_SIZE must be one of {', '.join(SIZES)}")
    rows = SIZES[size]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "students.xlsx"
        start = time.perf_counter()
        write_workbook(path, rows)
        print(f"wrote {rows:,} rows × {len(HEADERS)} columns ({path.stat().st_size / 1e6:.1f} MB) "
              f"in {time.perf_counter() - start:.1f} s")
        assert pipeline(path) == rows
        raw, ours = best_time(floor, path), best_time(pipeline, path)
        print(f"floor    calamine read       {raw:7.3f} s  {rows / raw:>10,.0f} rows/s")
        print(f"pipeline read+validate_rows  {ours:7.3f} s  {rows / ours:>10,.0f} rows/s")
        print(f"ratio    pipeline/floor      {ours / raw:7.2f}")
        errors = [RowError(row, "身份证号", "", "示例错误") for row in range(4, rows + 4, 100)]
        start = time.perf_counter()
        error_workbook(path.read_bytes(), path.name, errors, 3)
        spent = time.perf_counter() - start
        print(f"error_workbook ({len(errors):,} errors)  {spent:7.3f} s  {rows / spent:>10,.0f} rows/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
