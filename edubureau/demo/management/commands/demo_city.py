"""`python manage.py demo_city --seed 1 [--scale full|small] [--if-empty]`: the demo city 潜江市 and its 2024 plan."""
import time
import unicodedata

from django.core.management.base import BaseCommand, CommandError

from edubureau.core.exceptions import ApplicationError
from edubureau.demo.plan_demo import PlanDemoResult
from edubureau.demo.registry_load import DEMO_SCHOOL_YEAR, RegistryLoad, load_demo_registry
from edubureau.demo.selectors import DemoLogin, demo_logins
from edubureau.demo.services import (
    DEMO_PASSWORD, DEMO_SCALES, DemoResult, build_demo_city, check_scale, demo_password_hash,
)
from edubureau.orgs.models import OrgKind, OrgUnit, Stage

DEMO_SKIPPED = "数据库中已有数据,跳过示范城市生成"
DEMO_URL = "http://127.0.0.1:8000/"
_LOGIN_HEADERS = ("用户名", "姓名", "角色", "单位")
# Schools are counted by stage on their own line.
_KIND_ORDER = (OrgKind.CITY, OrgKind.SUB_BUREAU, OrgKind.DISTRICT, OrgKind.SECTION, OrgKind.BUREAU_UNIT, OrgKind.CAMPUS)


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """Left-aligned columns padded by display width, with a dashed rule under the headers."""
    widths = [max(_width(r[i]) for r in (headers, *rows)) for i in range(len(headers))]

    def line(cells) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    return [line(headers), line("-" * w for w in widths), *(line(r) for r in rows)]


def _counts(labels: dict[str, str], counts: dict[str, int], unit: str) -> str:
    return "、".join(f"{label} {counts[value]} {unit}" for value, label in labels.items() if value in counts)


def summary_lines(result: DemoResult, seconds: float) -> list[str]:
    """The Chinese summary of a build: what the city holds and what this run changed."""
    kinds = {k.value: k.label for k in _KIND_ORDER}
    stages = {s.value: s.label for s in Stage}
    return [
        f"示范城市“潜江市”已生成(随机种子 {result.seed},规模:{DEMO_SCALES[result.scale]}),用时 {seconds:.1f} 秒。",
        f"组织单位 {result.units_total} 个(本次新增 {result.units_created} 个,更新 {result.units_updated} 个):"
        f"{_counts(kinds, result.units_by_kind, '个')}",
        f"学校 {result.schools_total} 所(本次新增 {result.schools_created} 所,更新 {result.schools_updated} 所):"
        f"{_counts(stages, result.schools_by_stage, '所')}",
        f"示范用户 {result.users_total} 个(本次新增 {result.users_created} 个,更新 {result.users_updated} 个),"
        f"本次新增任职 {result.memberships_created} 条。",
        *plan_lines(result.plan),
    ]


def plan_lines(plan: PlanDemoResult | None) -> list[str]:
    """The demo plan's line: what it holds, and whether this run loaded it."""
    if plan is None:
        return []
    state = "本次导入并发布" if plan.created else "已存在,本次未改动"
    return [
        f"工作要点《{plan.title}》{state}:{plan.items} 项重点任务分解为 {plan.tasks} 项任务"
        f"(责任单位 {plan.task_units} 个次,时间节点 {plan.milestones} 个),"
        f"2024年3—10月进展报送 {plan.reports} 条,督办单 {plan.notices} 份。",
    ]


def registry_lines(load: RegistryLoad, seconds: float) -> list[str]:
    """What the registry load did, one line per imported file."""
    if load.skipped:
        return ["学生等名册已有数据,本次未导入示范名册。"]
    lines = [f"示范名册已通过数据导入流程载入(学年 {DEMO_SCHOOL_YEAR}),用时 {seconds:.1f} 秒;"
             f"原始文件在 {load.files.directory},可在“数据导入”页面修改后重新上传:"]
    for job in load.jobs:
        extra = "".join(f",新增{label} {count} 个" for label, count in job.extra_created.items())
        lines.append(f"  {job.get_kind_display()}:{job.rows} 行,新增 {job.created}{extra}(导入记录编号 {job.pk})")
    return lines


def login_lines(logins: list[DemoLogin]) -> list[str]:
    """The demo logins table, with the password and where to sign in."""
    if not logins:
        return ["没有仍使用示范密码的账号。"]
    rows = [(x.username, x.full_name, x.role_label, x.unit_name) for x in logins]
    return [
        f"示范账号(密码均为 {DEMO_PASSWORD}):",
        *format_table(_LOGIN_HEADERS, rows),
        f"请在浏览器中打开 {DEMO_URL} 登录。",
    ]


class Command(BaseCommand):
    help = "生成示范城市“潜江市”:组织架构、约300所学校、各角色的示范账号和2024年工作要点(可重复运行,不会重复生成)"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="随机种子,相同种子生成相同数据(默认 1)")
        parser.add_argument("--scale", default="full", help="规模:full(完整,约300所学校,默认)或 small(精简)")
        parser.add_argument("--if-empty", action="store_true", help="数据库中已有组织单位时不生成,只列出示范账号")
        parser.add_argument("--no-registry", action="store_true",
                            help="不生成和导入学生、教职工、班级和学校年度数据(只建组织架构、账号和工作要点)")

    def handle(self, *args, seed: int, scale: str, if_empty: bool, no_registry: bool = False, **options) -> None:
        try:
            check_scale(scale)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if if_empty and OrgUnit.objects.exists():
            self._write([DEMO_SKIPPED, *login_lines(demo_logins(password_hash=demo_password_hash()))])
            return
        started = time.perf_counter()
        result = build_demo_city(seed=seed, scale=scale)
        self._write(summary_lines(result, time.perf_counter() - started))
        if not no_registry:
            self._load_registry(seed, scale)
        self._write(["", *login_lines(result.logins)])

    def _load_registry(self, seed: int, scale: str) -> None:
        started = time.perf_counter()
        self.stdout.write("正在生成并导入示范学校的学生、教职工、班级和年度数据……")
        try:
            load = load_demo_registry(seed=seed, scale=scale)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self._write(registry_lines(load, time.perf_counter() - started))

    def _write(self, lines: list[str]) -> None:
        for text in lines:
            self.stdout.write(text)
