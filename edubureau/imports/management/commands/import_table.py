"""`python manage.py import_table KIND FILE [--school CODE] [--school-year 2024-2025] [--dry-run]`.

Runs the same pipeline as the import page, in this process, with a progress bar on the terminal.
KIND is one of schools, figures, classes, students, teachers. The import is recorded like any
other (导入人: 命令行). Exit status 1 when the file was not imported.
"""
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edubureau.core.exceptions import ApplicationError
from edubureau.imports.kinds import KINDS
from edubureau.imports.models import ImportStatus
from edubureau.imports.services import Upload, import_file
from edubureau.orgs.models import OrgKind, OrgUnit

BAR_WIDTH = 30
ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = "从 Excel/CSV 文件导入学校名单、学校年度数据、班级、学生或教职工(与导入页面相同的校验)"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), help="数据类型")
        parser.add_argument("file", type=Path, help="xlsx/xls/ods/csv 文件")
        parser.add_argument("--school", metavar="CODE", help="为这所学校导入(学校标识码);文件中可不填学校标识码")
        parser.add_argument("--school-year", metavar="YYYY-YYYY", help="学年,默认当前学年")
        parser.add_argument("--dry-run", action="store_true", help="只校验,不写入")

    def handle(self, *args, kind, file, school, school_year, dry_run, **options):
        if not file.is_file():
            raise CommandError(f"找不到文件:{file}")
        unit = None
        if school:
            unit = OrgUnit.objects.filter(kind=OrgKind.SCHOOL, code=school).first()
            if unit is None:
                raise CommandError(f"系统中没有学校标识码为 {school} 的学校")
        bar = _Bar(self.stdout) if self.stdout.isatty() or options.get("force_bar") else _Bar(self.stdout, lines=True)
        try:
            job = import_file(kind=kind, upload=Upload(file.read_bytes(), file.name), school=unit,
                              school_year=school_year, dry_run=dry_run, on_progress=bar.update)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        bar.close()
        self._report(job)
        if job.status not in (ImportStatus.DONE, ImportStatus.CHECKED):
            sys.exit(1)

    def _report(self, job) -> None:
        out = self.stdout
        out.write(f"{job.get_kind_display()}“{job.file_name}”:{job.get_status_display()}(导入记录编号 {job.pk})")
        if job.message:
            out.write(job.message)
        if job.warnings:
            out.write("\n".join(job.warnings))
        if job.status in (ImportStatus.DONE, ImportStatus.CHECKED):
            verb = "将" if job.status == ImportStatus.CHECKED else ""
            extra = "".join(f",{verb}新增{label} {count} 个" for label, count in job.extra_created.items())
            out.write(f"数据 {job.rows} 行:{verb}新增 {job.created},{verb}更新 {job.updated},"
                      f"未变化 {job.unchanged}{extra}。用时 {job.seconds or 0:.1f} 秒。")
        if job.error_count:
            out.write(f"发现 {job.error_count} 处错误,没有写入任何数据:")
            for row, column, value, reason in job.errors[:ERRORS_SHOWN]:
                shown = f"“{value}”" if value else ""
                out.write(f"  第 {row} 行 {column}{shown}:{reason}")
            if job.error_count > ERRORS_SHOWN:
                out.write(f"  ……其余 {job.error_count - ERRORS_SHOWN} 处错误请在导入记录页面下载错误报告查看")


class _Bar:
    """A one-line progress bar (a line per phase when the output is not a terminal)."""

    def __init__(self, stream, lines: bool = False):
        self.stream, self.lines, self.phase, self.drawn = stream, lines, None, False

    def update(self, state: dict) -> None:
        if self.lines:
            if state["phase"] != self.phase:
                self.phase = state["phase"]
                self.stream.write(f"{state['label']}……")
            return
        filled = int(BAR_WIDTH * state["percent"] / 100)
        count = f" {state['done']}/{state['total']}" if state["total"] else ""
        self.stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {state['percent']:5.1f}% "
                          f"{state['label']}{count}   ", ending="")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("")
