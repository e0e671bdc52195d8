"""Store a parsed work-plan document as a draft plan, with its tree, targets and mentions."""
import hashlib
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from edubureau.orgs.models import OrgUnit
from edubureau.plans.models import PlanItem, PlanMention, PlanSection, PlanTarget, WorkPlan
from edubureau.plans.parsing import ParsedPlan, PlanParseError, parse_plan

PLAN_YEAR_MISSING = "未能从文件中识别出年度(如“2024年工作要点”),请在标题中写明年度后重新上传"
PLAN_TITLE_TOO_LONG = "标题过长(超过200字),请检查文件的第一行是否为工作要点的标题"


def _check_storable(parsed: ParsedPlan) -> None:
    if not parsed.year:
        raise PlanParseError(PLAN_YEAR_MISSING)
    if len(parsed.title) > WorkPlan._meta.get_field("title").max_length:
        raise PlanParseError(PLAN_TITLE_TOO_LONG)


def _next_version(owner: OrgUnit, year: int) -> int:
    current = WorkPlan.objects.filter(owner=owner, year=year).aggregate(v=Max("version"))["v"]
    return (current or 0) + 1


@transaction.atomic
def plan_import(*, source: str, filename: str, owner: OrgUnit, imported_by) -> WorkPlan:
    """Parse `source` and store it as a new draft version; nothing is written if parsing fails.

    Raises PlanParseError (a Chinese message) for text that is not a work plan.
    """
    parsed = parse_plan(source)
    _check_storable(parsed)
    plan = WorkPlan.objects.create(
        owner=owner, title=parsed.title, issuer=parsed.issuer, issued_on=parsed.issued_on,
        year=parsed.year, version=_next_version(owner, parsed.year), preamble=parsed.preamble,
        source_text=parsed.source, source_filename=filename[:200],
        source_sha256=hashlib.sha256(parsed.source.encode("utf-8")).hexdigest(), imported_by=imported_by,
    )
    _store_tree(plan, parsed)
    return plan


def _store_tree(plan: WorkPlan, parsed: ParsedPlan) -> None:
    """Bulk-insert sections, then items, then targets and mentions (four INSERTs in all)."""
    sections = PlanSection.objects.bulk_create(
        PlanSection(plan=plan, seq=i, number=s.number, title=s.title[:200]) for i, s in enumerate(parsed.sections, 1)
    )
    pairs = [(section, item) for section, ps in zip(sections, parsed.sections) for item in ps.items]
    items = PlanItem.objects.bulk_create(
        PlanItem(
            section=section, seq=i, number=pi.number, group=pi.group[:200], title=pi.title[:300], text=pi.text,
            start=pi.start, end=pi.end, annotation=pi.annotation[:500],
            lead_names=pi.lead_units, cooperating_names=pi.cooperating_units,
        )
        for i, (section, pi) in enumerate(pairs, 1)
    )
    parsed_items = [pi for _, pi in pairs]
    PlanTarget.objects.bulk_create(
        PlanTarget(item=item, text=t.text[:200], value=Decimal(str(t.value)), unit=t.unit, comparator=t.comparator,
                   start=t.start, end=t.end)
        for item, pi in zip(items, parsed_items) for t in pi.targets
    )
    PlanMention.objects.bulk_create(
        PlanMention(item=item, kind=m.kind, text=m.text[:200], start=m.start, end=m.end)
        for item, pi in zip(items, parsed_items) for m in pi.mentions
    )
