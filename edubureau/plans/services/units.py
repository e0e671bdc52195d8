"""Turn unit names written in a plan ("基础教育科", "各学区", "局直各单位") into org units."""
import re
from collections import defaultdict

from edubureau.orgs.models import OrgKind, OrgUnit

UNIT_NAME_AMBIGUOUS = "单位名称“{name}”对应多个单位({units}),请写全称"

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


class UnitNames:
    """The units of one city by name, loaded once (one query) and looked up many times.

    A name matches a unit whose name equals it, or equals it once a "市/潜江市/市教育局" prefix
    is dropped on either side; collective names ("各学区", "局直各单位", "各科室") expand. A
    name that two units share is ambiguous and matches nothing.
    """

    def __init__(self, city: OrgUnit):
        self.city = city
        self.units = list(OrgUnit.objects.filter(path__startswith=city.path).exclude(pk=city.pk)
                          .exclude(kind=OrgKind.CAMPUS).select_related("parent").order_by("sort_order", "path"))
        by_name: dict[str, set[OrgUnit]] = defaultdict(set)
        for unit in self.units:
            by_name[unit.name].add(unit)
        for unit in self.units:
            by_name.setdefault(_normalise(unit.name), {unit})
        self._by_name = by_name

    def lookup(self, name: str) -> tuple[list[OrgUnit], str]:
        """The units `name` stands for (none when unknown or ambiguous), and why it is ambiguous."""
        name = name.strip()
        for pattern, kinds, direct_only in _COLLECTIVE:
            if pattern.match(name):
                return [u for u in self.units if u.kind in kinds and (not direct_only or u.parent_id == self.city.pk)], ""
        units = self._by_name.get(name) or self._by_name.get(_normalise(name)) or set()
        if len(units) > 1:
            names = "、".join(sorted(u.parent.name + u.name if u.parent else u.name for u in units))
            return [], UNIT_NAME_AMBIGUOUS.format(name=name, units=names)
        return list(units), ""

    def match(self, names: list[str]) -> tuple[list[OrgUnit], list[str]]:
        """Units named by `names`, in order and without repeats, and the names not matched."""
        found: list[OrgUnit] = []
        missing: list[str] = []
        for name in names:
            units, _ = self.lookup(name)
            if not units:
                missing.append(name)
            found.extend(u for u in units if u not in found)
        return found, missing


def match_unit_names(names: list[str], city: OrgUnit) -> tuple[list[OrgUnit], list[str]]:
    """One-off form of UnitNames(city).match(names)."""
    if not names:
        return [], []
    return UnitNames(city).match(names)
