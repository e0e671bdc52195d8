"""The generated schools of each kind of area: the central city, 街道, 镇 and farms (管理区/原种场).

Each generator runs after the catalog's fixed schools of the area were added, and draws every
count and name from the builder's seeded stream, in a fixed order.
"""
from edubureau.demo.builder import (
    Area, TreeBuilder, private_kindergartens, village_kindergartens, village_primaries, village_secondary,
)
from edubureau.demo.names import STREETS
from edubureau.orgs.models import Locality, OrgKind, Stage

_URBAN, _TOWN, _RURAL = Locality.URBAN, Locality.TOWN, Locality.RURAL


def central_city_schools(builder: TreeBuilder, area: Area) -> None:
    """园林分局: street-named primaries and nine-year schools, and many private kindergartens."""
    rng = builder.rng
    streets = rng.sample(STREETS, k=5)
    for street in streets[:rng.randint(2, 3)]:
        builder.school(area, f"潜江市{street}小学", Stage.PRIMARY, _URBAN)
    for street in streets[3:3 + rng.randint(1, 2)]:
        builder.school(area, f"潜江市{street}学校", Stage.NINE_YEAR, _URBAN)
    private_kindergartens(builder, area, rng.randint(20, 24), _URBAN, prefix="")


def street_schools(builder: TreeBuilder, area: Area) -> None:
    """A 街道 学区: urban core schools plus a few villages on its edge."""
    rng, label = builder.rng, area.name
    builder.school(area, f"潜江市{label}中心小学", Stage.PRIMARY, _URBAN)
    if builder.chance(0.6):
        builder.school(area, f"潜江市{label}第二小学", Stage.PRIMARY, _URBAN)
    builder.school(area, f"潜江市{label}初级中学", Stage.JUNIOR, _URBAN, is_boarding=builder.chance(0.3))
    if builder.chance(0.3):
        builder.school(area, f"潜江市{label}第二初级中学", Stage.JUNIOR, _URBAN)
    builder.school(area, f"潜江市{label}中心幼儿园", Stage.KINDERGARTEN, _URBAN)
    village_primaries(builder, area, rng.randint(1, 3))
    village_kindergartens(builder, area, rng.randint(0, 1))
    if builder.chance(0.4):
        village_secondary(builder, area, Stage.NINE_YEAR)
    private_kindergartens(builder, area, rng.randint(3, 6), _URBAN, prefix=label)


def town_schools(builder: TreeBuilder, area: Area) -> None:
    """A 镇 学区: town-centre schools and village schools, juniors mostly boarding."""
    rng, label = builder.rng, area.name
    builder.school(area, f"潜江市{label}中心小学", Stage.PRIMARY, _TOWN)
    builder.school(area, f"潜江市{label}初级中学", Stage.JUNIOR, _TOWN, is_boarding=builder.chance(0.7))
    builder.school(area, f"潜江市{label}中心幼儿园", Stage.KINDERGARTEN, _TOWN)
    village_primaries(builder, area, rng.randint(3, 6))
    village_kindergartens(builder, area, rng.randint(2, 4))
    if builder.chance(0.6):
        village_secondary(builder, area, Stage.JUNIOR)
    if builder.chance(0.7):
        village_secondary(builder, area, Stage.NINE_YEAR)
    private_kindergartens(builder, area, rng.randint(1, 3), _TOWN, prefix=label)


def farm_schools(builder: TreeBuilder, area: Area) -> None:
    """A 管理区 or 原种场 学区: one nine-year school (or a primary and a junior), a kindergarten."""
    rng, label = builder.rng, area.name
    if builder.chance(0.6):
        builder.school(area, f"潜江市{label}学校", Stage.NINE_YEAR, _TOWN, is_boarding=builder.chance(0.85))
    else:
        builder.school(area, f"潜江市{label}中心小学", Stage.PRIMARY, _TOWN)
        builder.school(area, f"潜江市{label}初级中学", Stage.JUNIOR, _TOWN, is_boarding=builder.chance(0.85))
    builder.school(area, f"潜江市{label}中心幼儿园", Stage.KINDERGARTEN, _TOWN)
    village_primaries(builder, area, rng.randint(0, 2))
    private_kindergartens(builder, area, rng.randint(0, 1), _TOWN, prefix=label)


def area_schools(builder: TreeBuilder, area: Area) -> None:
    """Dispatch on the division's kind (街道/镇/管理区/其他) and on whether it is the 分局."""
    if area.unit.kind == OrgKind.SUB_BUREAU:
        central_city_schools(builder, area)
    elif area.division.kind == "街道":
        street_schools(builder, area)
    elif area.division.kind == "镇":
        town_schools(builder, area)
    else:
        farm_schools(builder, area)
