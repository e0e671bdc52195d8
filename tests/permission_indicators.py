"""Permission-matrix entries of the indicator pages (merged into tests/test_permission_matrix.py),
and the indicator values over the test world that they, and the indicators app's tests, read.

An indicator value is seen by whoever sees its unit: every page and export names exactly the units in
the user's scope — the unit asked for, its ancestors and its children with a value as far as they are
in scope, and on the dashboard the unit picker (the top of the scope and the districts in it). A unit
outside the scope, or missing, answers 404 like the registry pages; a school admin sees its school's
rank as "第 N / M 名" and never another school's name.
"""
import io
from decimal import Decimal
from typing import NamedTuple

import openpyxl
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from edubureau.indicators.engine import light_of
from edubureau.indicators.models import Certainty, Comparator, Indicator, IndicatorValue
from tests.world import AREA_KEYS, WORLD_UNITS, World, ancestors_of, children_of

LOGIN_URL = "/accounts/login/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERIOD, EARLIER = "2024-2025", "2023-2024"
CLASS_SIZE = "starting_grade_over_50"  # a built-in: section 班额与办学规模, drill starting_over_50
DUAL = "dual_qualified_share"  # a built-in whose target is marked 待核实 here
EXTRA = "test_extra_share"  # not a built-in: shown under 其他指标
INACTIVE = "test_switched_off"  # switched off by the bureau: shown nowhere

# indicator code: (name, unit, comparator, target, yellow band, certainty, active, sort order)
WORLD_INDICATORS = {
    CLASS_SIZE: ("起始年级班额超过50人的班级占比", "%", Comparator.LE, Decimal(0), Decimal(0), Certainty.VERIFIED,
                 True, 10),
    DUAL: ("“双师型”教师占专业课教师比例", "%", Comparator.GE, Decimal(60), Decimal(10), Certainty.RECALLED, True, 30),
    EXTRA: ("测试用达标比例", "%", Comparator.GE, Decimal(90), Decimal(0), Certainty.VERIFIED, True, 40),
    INACTIVE: ("停用的测试指标", "个", Comparator.LE, Decimal(0), Decimal(0), Certainty.VERIFIED, False, 50),
}
# indicator code: {period: {unit key: (numerator, denominator, value, schools)}}
WORLD_VALUES = {
    CLASS_SIZE: {
        PERIOD: {"C": (1, 4, 25, 3), "D1": (1, 2, 50, 2), "A1": (1, 1, 100, 1), "A2": (0, 1, 0, 1),
                 "D2": (0, 1, 0, 1), "B1": (0, 1, 0, 1), "X": (0, 2, 0, 1), "X1": (0, 2, 0, 1)},
        EARLIER: {"C": (2, 4, 50, 3), "D1": (2, 2, 100, 2), "A1": (1, 1, 100, 1), "A2": (1, 1, 100, 1),
                  "D2": (0, 1, 0, 1), "B1": (0, 1, 0, 1)},
    },
    DUAL: {PERIOD: {"C": (11, 20, 55, 1), "CS": (11, 20, 55, 1)}},
    EXTRA: {PERIOD: {"C": (None, None, None, 0)}},
    INACTIVE: {PERIOD: {"C": (3, None, 3, 3)}},
}
CITY_C = frozenset({"C", "S1", "D1", "A1", "A1E", "A2", "D2", "B1", "CS"})
VISIBLE = {
    "anonymous": frozenset(), "norole": frozenset(), "sysadmin": CITY_C, "leader": CITY_C, "section_staff": CITY_C,
    "district_admin": frozenset({"D1", "A1", "A1E", "A2"}), "school_admin": frozenset({"A1", "A1E"}),
    "inspector": frozenset({"A2", "B1"}), "psychologist": frozenset({"A1", "A1E"}),
    "superuser": CITY_C | {"X", "X1"},
}
ROOTS = {
    "anonymous": (), "norole": (), "sysadmin": ("C",), "leader": ("C",), "section_staff": ("C",),
    "district_admin": ("D1",), "school_admin": ("A1",), "inspector": ("B1", "A2"), "psychologist": ("A1",),
    "superuser": ("C", "X"),
}  # in path order: the first is where the dashboard opens


def build_indicator_values(world: World) -> dict[str, Indicator]:
    """WORLD_INDICATORS with WORLD_VALUES at the world's units (lights as the engine sets them)."""
    indicators = {}
    for code, (name, unit, comparator, target, band, certainty, active, order) in WORLD_INDICATORS.items():
        indicators[code] = Indicator.objects.create(
            code=code, name=name, unit=unit, comparator=comparator, target=target, yellow_band=band,
            target_certainty=certainty, is_active=active, sort_order=order, plan_items="23")
    rows = []
    for code, periods in WORLD_VALUES.items():
        for period, units in periods.items():
            for key, (numerator, denominator, value, schools) in units.items():
                value = None if value is None else Decimal(value)
                rows.append(IndicatorValue(
                    indicator=indicators[code], org_unit=world.units[key], period=period, numerator=numerator,
                    denominator=denominator, value=value, light=light_of(value, indicators[code]), schools=schools,
                    computed_at=timezone.now()))
    IndicatorValue.objects.bulk_create(rows)
    return indicators


def has_value(key: str, code: str = CLASS_SIZE, period: str = PERIOD) -> bool:
    return key in WORLD_VALUES[code].get(period, {})


class Seen(NamedTuple):
    status: int
    location: str | None = None
    units: frozenset = frozenset()  # keys of the world units named in the page or workbook


def fetch(client: Client, world: World, url: str) -> Seen:
    response = client.get(url)
    if response.get("Content-Type", "").startswith(XLSX):
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c]
        text = "\n".join([*book.sheetnames, *cells])
    else:
        text = response.content.decode()
    return Seen(response.status_code, response.get("Location"), frozenset(world.keys_named_in(text)))


def to_login(url: str) -> Seen:
    return Seen(302, f"{LOGIN_URL}?next={url}")


def picker(role: str) -> frozenset:
    """Units the dashboard's unit picker offers: the top of the scope and the districts in it."""
    return frozenset(ROOTS[role]) | (AREA_KEYS & VISIBLE[role])


def detail_names(role: str, key: str, code: str = CLASS_SIZE) -> frozenset:
    """The unit, its ancestors in scope (breadcrumb) and its children in scope that have a value."""
    children = {k for k in children_of(key) if has_value(k, code)}
    return frozenset({key} | ((ancestors_of(key) | children) & VISIBLE[role]))


def _with_unit(url: str, world: World, key: str) -> str:
    return f"{url}?unit={world.units[key].pk}"


def missing_unit_pk() -> int:
    from edubureau.orgs.models import OrgUnit

    return OrgUnit.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000


def _each_unit(world, role, client, url: str, expected_ok) -> None:
    """GET url?unit=<each world unit> (and a missing one): expected_ok(key) in scope, 404 out of it."""
    actual, expected = {}, {}
    for key in [*WORLD_UNITS, "missing"]:
        pk = missing_unit_pk() if key == "missing" else world.units[key].pk
        actual[key] = fetch(client, world, f"{url}?unit={pk}&period={PERIOD}")
        expected[key] = expected_ok(key) if key in VISIBLE[role] else Seen(404)
    actual["not a number"] = fetch(client, world, f"{url}?unit=abc")
    expected["not a number"] = Seen(404)
    assert actual == expected


def check_dashboard(world, role, client):
    build_indicator_values(world)
    url = reverse("indicators:dashboard")
    if role == "anonymous":
        assert fetch(client, world, url) == to_login(url)
        return
    response = client.get(url)
    default = ROOTS[role][0] if ROOTS[role] else None
    names = picker(role) if default else frozenset()
    assert fetch(client, world, url) == Seen(200, None, names)
    unit = response.context["unit"] if response.context["board_html"] else None
    assert (unit.name if unit else None) == (world.name(default) if default else None)
    _each_unit(world, role, client, url, lambda key: Seen(200, None, picker(role) | {key}))
    if role == "school_admin":  # its rank among the city's three schools, and no other school named
        page = client.get(_with_unit(url, world, "A1")).content.decode()
        assert "第 3 / 3 名" in page


def check_dashboard_export(world, role, client):
    build_indicator_values(world)
    url = reverse("indicators:dashboard_export")
    if role == "anonymous":
        assert fetch(client, world, url) == to_login(url)
        return
    default = ROOTS[role][0] if ROOTS[role] else None
    assert fetch(client, world, url) == (Seen(200, None, frozenset({default})) if default else Seen(404))
    _each_unit(world, role, client, url, lambda key: Seen(200, None, frozenset({key})))


def check_detail(world, role, client):
    build_indicator_values(world)
    url = reverse("indicators:detail", args=[CLASS_SIZE])
    if role == "anonymous":
        assert fetch(client, world, url) == to_login(url)
        return
    default = ROOTS[role][0] if ROOTS[role] else None
    assert fetch(client, world, url) == (Seen(200, None, detail_names(role, default)) if default else Seen(200))
    _each_unit(world, role, client, url, lambda key: Seen(200, None, detail_names(role, key)))
    for code in ("nonexistent", INACTIVE):  # unknown and switched-off indicators are not there
        assert fetch(client, world, reverse("indicators:detail", args=[code])) == Seen(404)


def check_detail_export(world, role, client):
    build_indicator_values(world)
    url = reverse("indicators:detail_export", args=[CLASS_SIZE])
    if role == "anonymous":
        assert fetch(client, world, url) == to_login(url)
        return
    default = ROOTS[role][0] if ROOTS[role] else None

    def rows(key):  # the unit's own row, then its children with a value in scope
        return Seen(200, None, frozenset({key} | ({k for k in children_of(key) if has_value(k)} & VISIBLE[role])))

    assert fetch(client, world, url) == (rows(default) if default else Seen(404))
    _each_unit(world, role, client, url, rows)
    assert fetch(client, world, reverse("indicators:detail_export", args=["nonexistent"])) == Seen(404)


INDICATOR_EXPECTATIONS = {
    "indicators:dashboard": check_dashboard,
    "indicators:dashboard_export": check_dashboard_export,
    "indicators:detail": check_detail,
    "indicators:detail_export": check_detail_export,
}
