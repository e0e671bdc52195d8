"""The test world: two cities, their units, and one user per role (see the root conftest).

    潜江市教育局 [C] (city)
    ├── 基础教育科 [S1] (section)
    ├── 浩口镇学区 [D1] (district)
    │   ├── 浩口镇中心小学 [A1] (school) ── 柳州路校区 [A1E] (campus)
    │   └── 浩口初级中学 [A2] (school)
    ├── 熊口镇学区 [D2] (district) ── 熊口镇中心小学 [B1] (school)
    └── 潜江市特殊教育学校 [CS] (school directly under the bureau)
    仙桃市教育局 [X] (another city) ── 仙桃市第一中学 [X1] (school)

Keys in brackets are how tests name units. No unit name contains another, so a
"name in page" check cannot match by accident.
"""
from dataclasses import dataclass, field

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.accounts.tests.factories import MembershipFactory, UserFactory
from edubureau.orgs.models import OrgKind, OrgUnit, SchoolProfile, Stage
from edubureau.orgs.tests.factories import CityFactory, DistrictFactory, OrgUnitFactory, SchoolFactory

# key: (parent key, kind, name)
WORLD_UNITS = {
    "C": (None, OrgKind.CITY, "潜江市教育局"),
    "S1": ("C", OrgKind.SECTION, "基础教育科"),
    "D1": ("C", OrgKind.DISTRICT, "浩口镇学区"),
    "A1": ("D1", OrgKind.SCHOOL, "浩口镇中心小学"),
    "A1E": ("A1", OrgKind.CAMPUS, "柳州路校区"),
    "A2": ("D1", OrgKind.SCHOOL, "浩口初级中学"),
    "D2": ("C", OrgKind.DISTRICT, "熊口镇学区"),
    "B1": ("D2", OrgKind.SCHOOL, "熊口镇中心小学"),
    "CS": ("C", OrgKind.SCHOOL, "潜江市特殊教育学校"),
    "X": (None, OrgKind.CITY, "仙桃市教育局"),
    "X1": ("X", OrgKind.SCHOOL, "仙桃市第一中学"),
}
SCHOOL_STAGES = {"A1": Stage.PRIMARY, "A2": Stage.JUNIOR, "B1": Stage.PRIMARY, "CS": Stage.SPECIAL, "X1": Stage.SENIOR}
DISTRICT_DIVISIONS = {"D1": ("429005106", 1), "D2": ("429005104", 2)}  # division code, sort order

# role key: [(unit key, role)] of its memberships
WORLD_MEMBERSHIPS = {
    "norole": [],
    "sysadmin": [("C", Role.SYSADMIN)],
    "leader": [("C", Role.LEADER)],
    "section_staff": [("S1", Role.SECTION_STAFF)],
    "district_admin": [("D1", Role.DISTRICT_ADMIN)],
    "school_admin": [("A1", Role.SCHOOL_ADMIN)],
    "inspector": [("A2", Role.INSPECTOR), ("B1", Role.INSPECTOR)],
    "psychologist": [("A1", Role.PSYCHOLOGIST)],
    "superuser": [],
}
ROLES = ("anonymous", *WORLD_MEMBERSHIPS)


@dataclass
class World:
    units: dict[str, OrgUnit] = field(default_factory=dict)
    schools: dict[str, SchoolProfile] = field(default_factory=dict)
    users: dict[str, User | None] = field(default_factory=dict)

    def name(self, key: str) -> str:
        return self.units[key].name

    def keys_named_in(self, text: str) -> set[str]:
        """Keys of the units whose name appears in `text`."""
        return {key for key, unit in self.units.items() if unit.name in text}


def _build_unit(world: World, key: str) -> None:
    parent_key, kind, name = WORLD_UNITS[key]
    parent = world.units[parent_key] if parent_key else None
    if kind == OrgKind.CITY:
        world.units[key] = CityFactory(code=f"city-{key}", name=name)
    elif kind == OrgKind.DISTRICT:
        division, order = DISTRICT_DIVISIONS[key]
        world.units[key] = DistrictFactory(
            code=division, name=name, parent=parent, division_code=division, sort_order=order,
        )
    elif kind == OrgKind.SCHOOL:
        world.schools[key] = SchoolFactory(parent=parent, name=name, stage=SCHOOL_STAGES[key])
        world.units[key] = world.schools[key].org_unit
    else:
        world.units[key] = OrgUnitFactory(code=f"unit-{key}", name=name, kind=kind, parent=parent)


def _build_user(world: World, role_key: str) -> User:
    staff = role_key in ("sysadmin", "superuser")
    user = UserFactory(
        username=role_key, full_name=f"{role_key}测试员", is_staff=staff, is_superuser=role_key == "superuser",
    )
    for unit_key, role in WORLD_MEMBERSHIPS[role_key]:
        MembershipFactory(user=user, org_unit=world.units[unit_key], role=role)
    return user


def build_world(*, with_users: bool) -> World:
    """Create every unit of WORLD_UNITS (and, if asked, every user of WORLD_MEMBERSHIPS)."""
    world = World()
    for key in WORLD_UNITS:  # parents are listed before their children
        _build_unit(world, key)
    if with_users:
        world.users["anonymous"] = None
        for role_key in WORLD_MEMBERSHIPS:
            world.users[role_key] = _build_user(world, role_key)
    return world


# The static shape of the world, for tests that state what a page should show.
SCHOOL_KEYS = frozenset(k for k, (_, kind, _) in WORLD_UNITS.items() if kind == OrgKind.SCHOOL)
AREA_KEYS = frozenset(k for k, (_, kind, _) in WORLD_UNITS.items() if kind in (OrgKind.DISTRICT, OrgKind.SUB_BUREAU))


def parent_of(key: str) -> str | None:
    return WORLD_UNITS[key][0]


def kind_of(key: str) -> str:
    return WORLD_UNITS[key][1]


def ancestors_of(key: str) -> set[str]:
    parent = parent_of(key)
    return {parent, *ancestors_of(parent)} if parent else set()


def children_of(key: str) -> set[str]:
    return {k for k in WORLD_UNITS if parent_of(k) == key}
