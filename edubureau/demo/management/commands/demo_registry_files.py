"""`python manage.py demo_registry_files DIR [--seed 1] [--scale small|full|province] [--school-year 2024-2025]`.

Writes the demo city's registry files (学校年度数据, 班级名单, 学生名册, 教职工名册) into DIR from the
schools in the database; see demo.registry_files. Loading them is the import pipeline's job.
"""
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edubureau.core.exceptions import ApplicationError
from edubureau.demo.registry_files import KIND_KEYS, REGISTRY_SCALES, RegistryFiles, write_registry_files
from edubureau.imports.kinds import KINDS


def summary_lines(result: RegistryFiles, seconds: float) -> list[str]:
    """The Chinese summary of a run: the files, their rows and the time taken."""
    students = result.counts["students"]
    lines = [
        f"示范登记文件已生成(随机种子 {result.seed},规模:{REGISTRY_SCALES[result.scale]},"
        f"学年 {result.school_year}),用时 {seconds:.1f} 秒。",
        f"学校 {result.schools:,} 所;学生 {students:,} 人,其中在读 {result.in_school:,} 人。",
    ]
    for key in KIND_KEYS:
        lines.append(f"{KINDS[key].label}:{result.counts[key]:,} 行 → {result.paths[key]}")
    return lines


class Command(BaseCommand):
    help = "生成示范城市的学校年度数据、班级名单、学生名册和教职工名册文件(读取数据库中的学校,不导入)"

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path, help="输出目录(不存在时自动创建)")
        parser.add_argument("--seed", type=int, default=1, help="随机种子,相同种子生成相同文件(默认 1)")
        parser.add_argument(
            "--scale", default="full",
            help="规模:small(精简,供测试)、full(完整城市,默认)或 province(全省约800万学生,CSV,仅供基准测试)",
        )
        parser.add_argument("--school-year", default="2024-2025", help="学年,如 2024-2025(默认)")

    def handle(self, *args, directory: Path, seed: int, scale: str, school_year: str, **options) -> None:
        started = time.perf_counter()
        try:
            result = write_registry_files(directory, seed=seed, scale=scale, school_year=school_year)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        for line in summary_lines(result, time.perf_counter() - started):
            self.stdout.write(line)
