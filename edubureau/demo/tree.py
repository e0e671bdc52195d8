"""The demo city's org tree as a list of UnitSpecs, parents before children, from a seed.

Full scale (`full_tree`): the city 潜江市教育局 (code 429005); 园林分局 for the central city and a
学区 for each of the 23 other 2023 township divisions, in division-code order; the 10 sections
and 5 non-school bureau units; the catalog's fixed schools (bureau-direct high schools,
vocational, special, open university, the schools the plan names, 曹禺中学泰丰校区); and the
generated schools of each area (areas.py), about 300 schools in all.

Small scale (`small_tree`); only the kindergarten's brand, the village, principals and addresses
depend on the seed:
- city 潜江市教育局; 园林分局; 竹根滩镇学区 (XQ429005100); 浩口镇学区 (XQ429005106)
- sections 基础教育科 (KS03), 督导室 (KS07); bureau unit 潜江市教育科学研究院 (JZ01)
- 10 schools: 潜江中学 3442005001 and 潜江市曹禺中学 3442005004 (bureau-direct, senior), with the
  campus 潜江市曹禺中学泰丰校区 3442005004-TF; in 园林分局 潜江市园林第六小学 2142005006,
  潜江市育才路小学 2142005010, 潜江市兴盛路小学 2142005011 (planned) and one private 普惠
  kindergarten 1142005101 (潜江市<brand>幼儿园); in 竹根滩镇学区 潜江市莫市中学 3142005010 (junior);
  in 浩口镇学区 潜江市浩口镇公办幼儿园 1142005010 (planned), 潜江市浩口镇中心小学 2142005101 and
  one village primary 2142005102 (潜江市浩口镇<village>小学, rural)
- so 18 units: 1 city, 1 sub_bureau, 2 district, 2 section, 1 bureau_unit, 10 school, 1 campus.
"""
from edubureau.demo import catalog
from edubureau.demo.areas import area_schools
from edubureau.demo.builder import Area, TreeBuilder
from edubureau.demo.names import kindergarten_brand
from edubureau.demo.specs import SchoolSpec, UnitSpec
from edubureau.orgs.divisions import qianjiang_divisions
from edubureau.orgs.models import Locality, OrgKind, Ownership, Stage


def _bureau_units(builder: TreeBuilder, section_codes, bureau_unit_codes) -> None:
    for section in catalog.SECTIONS:
        if section.code in section_codes:
            builder.add(UnitSpec(section.code, section.name, OrgKind.SECTION, catalog.CITY_CODE))
    for code, name in catalog.BUREAU_UNITS:
        if code in bureau_unit_codes:
            builder.add(UnitSpec(code, name, OrgKind.BUREAU_UNIT, catalog.CITY_CODE))


def _areas(builder: TreeBuilder, division_codes) -> list[Area]:
    """The 分局 and the 学区 of the 2023 divisions in `division_codes`, in division-code order."""
    areas = []
    for division in qianjiang_divisions():
        if not division.in_2023_data or division.code not in division_codes:
            continue
        if division.code == catalog.SUB_BUREAU_DIVISION:
            code, name, kind = catalog.SUB_BUREAU_CODE, catalog.SUB_BUREAU_NAME, OrgKind.SUB_BUREAU
        else:
            code, name, kind = catalog.district_code(division.code), f"{division.name}学区", OrgKind.DISTRICT
        unit = builder.add(UnitSpec(code, name, kind, catalog.CITY_CODE, division_code=division.code))
        areas.append(Area(unit, division))
    return areas


def fixed_schools(builder: TreeBuilder, keys, parent_code: str) -> None:
    """The catalog's schools under `parent_code` whose key is in `keys`, plus 曹禺中学's campus."""
    for fixed in catalog.FIXED_SCHOOLS:
        if fixed.key not in keys or fixed.parent_code != parent_code:
            continue
        spec = SchoolSpec(**fixed.school.profile_fields())  # a copy: the catalog stays untouched
        builder.add_school(code=fixed.code, name=fixed.name, parent_code=parent_code, school=spec)
        if fixed.code == catalog.CAMPUS_PARENT_CODE:
            builder.add(UnitSpec(catalog.CAMPUS_CODE, catalog.CAMPUS_NAME, OrgKind.CAMPUS, fixed.code))


def assign_sort_orders(units: list[UnitSpec]) -> list[UnitSpec]:
    """Number siblings 1, 2, … in list order (so areas follow their division codes)."""
    counters: dict[str | None, int] = {}
    for unit in units:
        counters[unit.parent_code] = counters.get(unit.parent_code, 0) + 1
        unit.sort_order = counters[unit.parent_code]
    return units


def _build(seed: int, *, divisions, sections, bureau_units, school_keys) -> TreeBuilder:
    """City, then its areas, sections and bureau units, then the fixed schools under each."""
    builder = TreeBuilder(seed)
    builder.add(UnitSpec(catalog.CITY_CODE, catalog.CITY_NAME, OrgKind.CITY, None))
    areas = _areas(builder, divisions)
    _bureau_units(builder, sections, bureau_units)
    for parent_code in (catalog.CITY_CODE, *(a.code for a in areas)):
        fixed_schools(builder, school_keys, parent_code)
    builder.areas = {a.code: a for a in areas}
    return builder


def full_tree(seed: int) -> list[UnitSpec]:
    """Every unit of the full-scale demo city for `seed`, parents before children."""
    builder = _build(
        seed, divisions={d.code for d in qianjiang_divisions()}, sections={s.code for s in catalog.SECTIONS},
        bureau_units={code for code, _ in catalog.BUREAU_UNITS}, school_keys=set(catalog.FIXED_SCHOOLS_BY_KEY),
    )
    for area in builder.areas.values():
        area_schools(builder, area)
    return assign_sort_orders(builder.units)


def small_tree(seed: int) -> list[UnitSpec]:
    """The small-scale city described in the module docstring, parents before children."""
    builder = _build(
        seed, divisions={catalog.SUB_BUREAU_DIVISION, *catalog.SMALL_DIVISIONS}, sections=catalog.SMALL_SECTIONS,
        bureau_units=catalog.SMALL_BUREAU_UNITS, school_keys=set(catalog.SMALL_FIXED_SCHOOLS),
    )
    yuanlin, haokou = builder.areas[catalog.SUB_BUREAU_CODE], builder.areas[catalog.district_code("429005106")]
    brand = kindergarten_brand(builder.rng, set())
    builder.school(yuanlin, f"潜江市{brand}幼儿园", Stage.KINDERGARTEN, Locality.URBAN,
                   ownership=Ownership.PRIVATE, is_puhui=True)
    builder.school(haokou, f"潜江市{haokou.name}中心小学", Stage.PRIMARY, Locality.TOWN)
    village = builder.village()
    builder.school(haokou, f"潜江市{haokou.name}{village}小学", Stage.PRIMARY, Locality.RURAL, village=village)
    return assign_sort_orders(builder.units)
