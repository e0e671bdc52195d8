"""TreeBuilder: collects the UnitSpecs of the demo tree and hands out codes, names and addresses."""
import random
import re
from dataclasses import dataclass

from edubureau.demo import catalog
from edubureau.demo.names import STREETS, kindergarten_brand, person_name, village_name
from edubureau.demo.specs import GENERATED_SEQUENCE_START, STAGE_TYPE_CODE, SchoolSpec, UnitSpec, school_code
from edubureau.orgs.divisions import Division, qianjiang_divisions
from edubureau.orgs.models import Locality, OrgKind, Ownership, Stage

_ROADS = ("人民路", "建设路", "文化路", "新华路", "解放路", "中心大道", "兴隆街", "友谊路")
_ROAD_IN_NAME = re.compile(r"潜江市(\w+?路)")


@dataclass(frozen=True)
class Area:
    """A 学区 or the 分局, with the township division it covers."""

    unit: UnitSpec
    division: Division

    @property
    def code(self) -> str:
        return self.unit.code

    @property
    def name(self) -> str:
        """The division's name, which the area's generated school names start with (浩口镇)."""
        return self.division.name


def place_of(parent_code: str) -> str:
    """The place a school address starts with: the division of its 学区/分局, none for bureau-direct."""
    if parent_code == catalog.CITY_CODE:
        return ""
    division_code = parent_code.removeprefix("XQ").removeprefix("FJ")
    return next(d.name for d in qianjiang_divisions() if d.code == division_code)


class TreeBuilder:
    """Collects UnitSpecs in insertion order (parents first) and keeps school names unique.

    Randomness comes from two seeded streams, one for the tree and one for principals'
    names, so adding a school never renames the people of the others' profiles by accident.
    """

    def __init__(self, seed: int):
        self.rng = random.Random(f"edubureau-demo:tree:{seed}")
        self._people_rng = random.Random(f"edubureau-demo:principals:{seed}")
        self.units: list[UnitSpec] = []
        self.areas: dict[str, Area] = {}
        self._next_sequence: dict[str, int] = {}
        self._school_names: set[str] = set()
        self._principals: set[str] = set()
        self._villages: set[str] = set()

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def village(self) -> str:
        """A village name not used anywhere else in the city."""
        return village_name(self.rng, self._villages)

    def add(self, spec: UnitSpec) -> UnitSpec:
        self.units.append(spec)
        return spec

    def next_code(self, stage: str) -> str:
        type_code = STAGE_TYPE_CODE[stage]
        sequence = self._next_sequence.get(type_code, GENERATED_SEQUENCE_START)
        self._next_sequence[type_code] = sequence + 1
        return school_code(type_code, sequence)

    def add_school(self, *, code: str, name: str, parent_code: str, school: SchoolSpec, village: str = "") -> UnitSpec:
        if name in self._school_names:
            raise ValueError(f"示范学校重名:{name}")
        self._school_names.add(name)
        school.principal = person_name(self._people_rng, self._principals)
        school.address = school.address or self._address(name, place_of(parent_code), village)
        return self.add(UnitSpec(code, name, OrgKind.SCHOOL, parent_code, school=school))

    def school(self, area: Area, name: str, stage: str, locality: str, *, village: str = "", **extra) -> UnitSpec:
        """A generated school of `area`, with the next code of its stage."""
        spec = SchoolSpec(stage, locality=locality, **extra)
        return self.add_school(code=self.next_code(stage), name=name, parent_code=area.code, school=spec,
                               village=village)

    def _address(self, name: str, place: str, village: str) -> str:
        if village:
            return f"潜江市{place}{village}村"
        road = _ROAD_IN_NAME.match(name)
        street = road.group(1) if road else self.rng.choice(STREETS if place in ("", "园林街道") else _ROADS)
        return f"潜江市{place}{street}{self.rng.randint(1, 288)}号"


def private_kindergartens(builder: TreeBuilder, area: Area, count: int, locality: str, *, prefix: str) -> None:
    """`count` private kindergartens named 潜江市<prefix><brand>幼儿园, most of them 普惠."""
    brands: set[str] = set()
    for _ in range(count):
        brand = kindergarten_brand(builder.rng, brands)
        builder.school(area, f"潜江市{prefix}{brand}幼儿园", Stage.KINDERGARTEN, locality,
                       ownership=Ownership.PRIVATE, is_puhui=builder.chance(0.85))


def village_primaries(builder: TreeBuilder, area: Area, count: int) -> None:
    """Village primaries (some only 教学点) of `area`, rural."""
    for _ in range(count):
        village = builder.village()
        suffix = "教学点" if builder.chance(0.2) else "小学"
        builder.school(area, f"潜江市{area.name}{village}{suffix}", Stage.PRIMARY, Locality.RURAL, village=village)


def village_kindergartens(builder: TreeBuilder, area: Area, count: int) -> None:
    """Public village kindergartens of `area`, rural."""
    for _ in range(count):
        village = builder.village()
        builder.school(area, f"潜江市{area.name}{village}幼儿园", Stage.KINDERGARTEN, Locality.RURAL, village=village)


def village_secondary(builder: TreeBuilder, area: Area, stage: str) -> None:
    """A rural junior (中学) or nine-year (学校) school named after a village; most board."""
    village = builder.village()
    suffix = "中学" if stage == Stage.JUNIOR else "学校"
    builder.school(area, f"潜江市{area.name}{village}{suffix}", stage, Locality.RURAL, village=village,
                   is_boarding=builder.chance(0.85))
