"""python manage.py import_plan FILE [--dry-run] [--format json] [--owner CODE]"""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edubureau.core.exceptions import ApplicationError
from edubureau.orgs.models import OrgKind, OrgUnit
from edubureau.plans.parsing import parse_plan, plan_to_dict, read_document
from edubureau.plans.services.importing import plan_import

FILE_NOT_FOUND = "找不到文件:{path}"
OWNER_NOT_FOUND = "找不到编码为“{code}”的市教育局"
OWNER_AMBIGUOUS = "系统中有多个市教育局,请用 --owner 指定编码"
NO_CITY = "系统中还没有市教育局,请先建立组织机构(如 python manage.py demo_city)"


class Command(BaseCommand):
    help = "导入工作要点文档(.txt/.docx):--dry-run 只识别不保存,--format json 输出识别结果"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只识别并输出结果,不写入数据库")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--owner", help="发文的市教育局编码(系统中只有一个时可省略)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(FILE_NOT_FOUND.format(path=path))
        try:
            source = read_document(path.read_bytes(), path.name)
            parsed = parse_plan(source)
            if not options["dry_run"]:
                plan = plan_import(source=source, filename=path.name, owner=self._owner(options["owner"]),
                                   imported_by=None)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(plan_to_dict(parsed), ensure_ascii=False, indent=2))
        else:
            self._summary(parsed)
        if not options["dry_run"]:
            self.stderr.write(f"已保存为待审核的工作要点(编号 {plan.pk},第{plan.version}版),请在“工作要点”页面核对后发布。")

    def _owner(self, code: str | None) -> OrgUnit:
        cities = OrgUnit.objects.filter(kind=OrgKind.CITY)
        if code:
            owner = cities.filter(code=code).first()
            if owner is None:
                raise CommandError(OWNER_NOT_FOUND.format(code=code))
            return owner
        count = cities.count()
        if count != 1:
            raise CommandError(NO_CITY if count == 0 else OWNER_AMBIGUOUS)
        return cities.get()

    def _summary(self, parsed) -> None:
        self.stdout.write(f"{parsed.title}({parsed.issuer or '发文机关未识别'},{parsed.issued_on or '日期未识别'})")
        for section in parsed.sections:
            self.stdout.write(f"{section.number}、{section.title}" if section.number else "(未分部分)")
            for item in section.items:
                extras = len(item.targets), len(item.mentions)
                self.stdout.write(f"  {item.number}. {item.title}  [目标 {extras[0]},要素 {extras[1]}]")
