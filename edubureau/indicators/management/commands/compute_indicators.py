"""`python manage.py compute_indicators --period 2024-2025 [--code CODE ...]`."""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from edubureau.core.schoolyears import validate_school_year
from edubureau.indicators.definitions import REGISTRY
from edubureau.indicators.services import compute_indicators


class Command(BaseCommand):
    help = "按学年计算全部内置指标,逐级汇总到学区和全市,保存供仪表盘读取"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="学年,如 2024-2025")
        parser.add_argument("--code", action="append", choices=sorted(REGISTRY), help="只计算这些指标(可重复)")

    def handle(self, *args, period, code, **options):
        try:
            validate_school_year(period)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        result = compute_indicators(period=period, codes=code)
        self.stdout.write(f"{period} 学年:计算指标 {result.indicators} 项,保存指标值 {result.values} 条,"
                          f"用时 {result.seconds:.2f} 秒。")
