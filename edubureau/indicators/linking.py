"""Plan targets ↔ indicators: the system suggests, a person confirms; the item page shows the value.

A target of item N is suggested the active indicator that serves item N (Indicator.plan_items)
and best matches it: the same unit ("%" with "%"), the same direction (≥ with ≥), and the most
two-character words in common (a different unit costs points) between the target's sentence and the indicator's name. Targets
nobody can measure from the registries (e.g. a count of events) get no suggestion.
"""
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from edubureau.accounts.scoping import can_manage_plans
from edubureau.core.exceptions import ApplicationError
from edubureau.indicators.models import Indicator, IndicatorValue, LinkStatus, TargetLink
from edubureau.plans.models import PlanTarget

MIN_SCORE = 3
NOT_MANAGER = "只有负责工作要点的科室人员或系统管理员可以确认指标对应关系"
INDICATOR_UNKNOWN = "所选指标不存在或未启用"
_CJK = re.compile(r"[\u4e00-\u9fff]+")


def _bigrams(text: str) -> set[str]:
    return {run[i:i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)}


def _items_of(indicator: Indicator) -> set[str]:
    return {part.strip() for part in re.split(r"[、,,\s]+", indicator.plan_items) if part.strip()}


def score(target: PlanTarget, indicator: Indicator, context: str) -> int:
    points = 3 * len(_bigrams(context) & _bigrams(indicator.name))
    if target.unit and target.unit == indicator.unit:
        points += 3
    elif target.unit:
        points -= 4  # "2个" (a count of things) is rarely measured by a percentage
    if target.comparator and target.comparator == indicator.comparator:
        points += 1
    return points


def best_indicator(target: PlanTarget, candidates: list[Indicator]) -> Indicator | None:
    """The candidate that best matches the target, if any matches well enough."""
    context = f"{target.item.title} {_sentence_of(target)} {target.text}"
    scored = sorted(((score(target, i, context), -i.sort_order, i.pk, i) for i in candidates), reverse=True)
    return scored[0][3] if scored and scored[0][0] >= MIN_SCORE else None


_SENTENCE_END = re.compile(r"[。;；!！?？\n]")


def _sentence_of(target: PlanTarget) -> str:
    """The sentence of the item's text that ends with the target (offsets are the document's)."""
    text = target.item.text or ""
    end = text.find(target.text)
    if end < 0:
        return target.text
    end += len(target.text)
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, end - len(target.text))]
    return text[(starts[-1] if starts else 0):end]


@transaction.atomic
def suggest_target_links() -> int:
    """Suggest an indicator for every target that has no link yet (set-wise: three queries and one insert)."""
    indicators = list(Indicator.objects.filter(is_active=True))
    by_item: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        for number in _items_of(indicator):
            by_item.setdefault(number, []).append(indicator)
    targets = PlanTarget.objects.filter(indicator_link__isnull=True).select_related("item")
    links = []
    for target in targets:
        chosen = best_indicator(target, by_item.get(target.item.number, []))
        if chosen is not None:
            links.append(TargetLink(target=target, indicator=chosen))
    TargetLink.objects.bulk_create(links)
    return len(links)


@transaction.atomic
def target_link_decide(*, target: PlanTarget, actor, confirm: bool, indicator_id: int | None = None) -> TargetLink:
    """Confirm or reject the suggestion of `target` (or link it to another indicator, confirmed)."""
    if not can_manage_plans(actor, target.item.section.plan.owner):
        raise PermissionDenied(NOT_MANAGER)
    link = TargetLink.objects.filter(target=target).first()
    if indicator_id is not None:
        indicator = Indicator.objects.filter(pk=indicator_id, is_active=True).first()
        if indicator is None:
            raise ApplicationError(INDICATOR_UNKNOWN)
        link = link or TargetLink(target=target, indicator=indicator)
        link.indicator = indicator
    if link is None:
        raise ApplicationError(INDICATOR_UNKNOWN)
    link.status = LinkStatus.CONFIRMED if confirm else LinkStatus.REJECTED
    link.decided_by, link.decided_at = actor, timezone.now()
    link.save()
    return link


@dataclass(frozen=True)
class TargetMeasure:
    link: TargetLink
    value: IndicatorValue | None  # the latest stored value for the plan's city, if any


def target_measures(targets: list[PlanTarget], unit) -> dict[int, TargetMeasure]:
    """For each target with a suggested or confirmed link: the indicator's latest value at `unit`."""
    links = list(TargetLink.objects.filter(target__in=targets).exclude(status=LinkStatus.REJECTED)
                 .select_related("indicator"))
    values = {}
    for value in (IndicatorValue.objects.filter(org_unit=unit, indicator__in=[link.indicator_id for link in links])
                  .order_by("indicator_id", "-period")):
        values.setdefault(value.indicator_id, value)
    return {link.target_id: TargetMeasure(link, values.get(link.indicator_id)) for link in links}
