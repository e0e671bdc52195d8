"""Turn unit names written in a plan ("基础教育科", "各学区", "局直各单位") into org units."""
import re

from django.db.models import Q

from edubureau.orgs.models import OrgKind, OrgUnit

_COLLECTIVE = [
    # (pattern of a collective name, the kinds it stands for, only units directly under the city)
    (re.compile(r"^(各|全市各)?学区$|^各学区(、分局)?$"), (OrgKind.DISTRICT,), False),
    (re.compile(r"^(局直各单位|各局直单位|局直单位|局属各单位)$"), (OrgKind.BUREAU_UNIT, OrgKind.SCHOOL), True),
    (re.compile(r"^(局机关)?各(科室|股室|处室)$"), (OrgKind.SECTION,), False),
]
_PREFIXES = ("潜江市教育局", "市教育局", "潜江市", "市", "局")


def _normalise(name: str) -> str:
    name = re.sub(r"\s+", "", name)
    for prefix in _PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return name[len(prefix):]
    return name


def _collective(name: str, city: OrgUnit) -> list[OrgUnit] | None:
    for pattern, kinds, direct_only in _COLLECTIVE:
        if pattern.match(name):
            qs = OrgUnit.objects.filter(path__startswith=city.path, kind__in=kinds)
            return list(qs.filter(parent=city) if direct_only else qs)
    return None


def match_unit_names(names: list[str], city: OrgUnit) -> tuple[list[OrgUnit], list[str]]:
    """Org units under `city` named by `names`, in order and without repeats, and the names not found.

    A name matches a unit whose name equals it, or equals it once a "市/潜江市/市教育局" prefix
    is dropped on either side; collective names ("各学区", "局直各单位", "各科室") expand.
    """
    if not names:
        return [], []
    candidates = list(
        OrgUnit.objects.filter(path__startswith=city.path).exclude(kind=OrgKind.CAMPUS).filter(~Q(pk=city.pk))
    )
    by_name: dict[str, OrgUnit] = {}
    for unit in candidates:
        by_name.setdefault(unit.name, unit)
        by_name.setdefault(_normalise(unit.name), unit)
    found: list[OrgUnit] = []
    missing: list[str] = []
    for name in names:
        units = _collective(name.strip(), city) or [by_name.get(name.strip()) or by_name.get(_normalise(name))]
        if units == [None]:
            missing.append(name)
        found.extend(u for u in units if u is not None and u not in found)
    return found, missing
