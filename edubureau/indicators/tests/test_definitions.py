"""The built-in indicators against small worlds whose values are worked out by hand below.

Every world is one city (C) with two districts (D1, D2) and a few schools built with the
factories; compute_indicators runs for 2024-2025 and the stored numerator, denominator and
value are compared, for every unit that has one, with the arithmetic in the comments.
"""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edubureau.indicators.definitions import DRILLS, REGISTRY, SHARED
from edubureau.indicators.engine import school_paths
from edubureau.indicators.models import Certainty, IndicatorValue, Light
from edubureau.indicators.services import compute_indicators
from edubureau.orgs.models import Ownership, Stage
from edubureau.orgs.tests.factories import CityFactory, DistrictFactory, SchoolFactory
from edubureau.registry.choices import BackboneLevel, Grade, PostType, Qualification, StudentStatus
from edubureau.registry.models import Student
from edubureau.registry.tests.factories import (
    ClassGroupFactory, SchoolYearFiguresFactory, StudentFactory, TeacherFactory,
)

PERIOD, PREVIOUS = "2024-2025", "2023-2024"


@pytest.fixture
def units(db) -> dict:
    city = CityFactory()
    return {"C": city, "D1": DistrictFactory(parent=city), "D2": DistrictFactory(parent=city)}


def add_schools(units: dict, schools: dict) -> None:
    """schools: key → (district key, stage, profile fields)."""
    for key, (district, stage, profile) in schools.items():
        units[key] = SchoolFactory(parent=units[district], stage=stage, **profile).org_unit


def fill(group, n: int, status: str = StudentStatus.IN_SCHOOL) -> None:
    Student.objects.bulk_create(StudentFactory.build_batch(n, class_group=group, school=group.school, status=status))


def stored(code: str, units: dict) -> dict[str, tuple]:
    """unit key → (numerator, denominator, value) stored for `code` and PERIOD."""
    keys = {unit.pk: key for key, unit in units.items()}
    return {keys[v.org_unit_id]: (v.numerator, v.denominator, v.value)
            for v in IndicatorValue.objects.filter(indicator__code=code, period=PERIOD)}


def expected(table: dict[str, tuple]) -> dict[str, tuple]:
    return {key: tuple(None if x is None else Decimal(x) for x in row) for key, row in table.items()}


def lights(code: str, units: dict) -> dict[str, str]:
    keys = {unit.pk: key for key, unit in units.items()}
    return {keys[v.org_unit_id]: v.light for v in IndicatorValue.objects.filter(indicator__code=code, period=PERIOD)}


# ---- class size -----------------------------------------------------------------------------------------

CLASS_SCHOOLS = {
    "P1": ("D1", Stage.PRIMARY, {}), "J1": ("D1", Stage.JUNIOR, {}),
    "S1": ("D2", Stage.SENIOR, {}), "N1": ("D2", Stage.NINE_YEAR, {}), "V1": ("D2", Stage.VOCATIONAL, {}),
}
# (school, school year, grade, class, 在读 students)
CLASSES = [
    ("P1", PERIOD, Grade.G1, "1班", 51), ("P1", PERIOD, Grade.G1, "2班", 50), ("P1", PERIOD, Grade.G3, "1班", 56),
    ("P1", PERIOD, Grade.G4, "1班", 66), ("P1", PREVIOUS, Grade.G1, "1班", 70),  # last year's class: not counted
    ("J1", PERIOD, Grade.G7, "1班", 56), ("J1", PERIOD, Grade.G8, "1班", 45),
    ("S1", PERIOD, Grade.G10, "1班", 56), ("S1", PERIOD, Grade.G10, "2班", 55), ("S1", PERIOD, Grade.G11, "1班", 66),
    ("N1", PERIOD, Grade.G1, "1班", 40), ("N1", PERIOD, Grade.G7, "1班", 60),
    ("V1", PERIOD, Grade.G10, "1班", 70),  # 中职: no class-size indicator counts it
]
CLASS_EXPECTED = {
    # Starting grades 1, 7, 10 with more than 50: P1 51 of (51, 50); J1 56 of (56); S1 56 and 55 of (56, 55);
    # N1 60 of (40, 60). D1 = (1 + 1) / (2 + 1); D2 = (2 + 1) / (2 + 2); C = 5 / 7.
    "starting_grade_over_50": {
        "P1": ("1", "2", "50"), "J1": ("1", "1", "100"), "S1": ("2", "2", "100"), "N1": ("1", "2", "50"),
        "D1": ("2", "3", "66.6667"), "D2": ("3", "4", "75"), "C": ("5", "7", "71.4286")},
    "starting_grade_over_50_count": {
        "P1": ("1", "2", "1"), "J1": ("1", "1", "1"), "S1": ("2", "2", "2"), "N1": ("1", "2", "1"),
        "D1": ("2", "3", "2"), "D2": ("3", "4", "3"), "C": ("5", "7", "5")},
    # 66 and more, all classes of these schools: P1 66 of 4 classes; S1 66 of 3; J1 0 of 2; N1 0 of 2.
    "huge_classes": {
        "P1": ("1", "4", "1"), "J1": ("0", "2", "0"), "S1": ("1", "3", "1"), "N1": ("0", "2", "0"),
        "D1": ("1", "6", "1"), "D2": ("1", "5", "1"), "C": ("2", "11", "2")},
    # Grades 1–6 in primary, nine- and twelve-year schools: P1 56 and 66 of (51, 50, 56, 66); N1 none of (40).
    "large_classes_primary": {
        "P1": ("2", "4", "2"), "N1": ("0", "1", "0"), "D1": ("2", "4", "2"), "D2": ("0", "1", "0"),
        "C": ("2", "5", "2")},
    "huge_classes_primary": {
        "P1": ("1", "4", "1"), "N1": ("0", "1", "0"), "D1": ("1", "4", "1"), "D2": ("0", "1", "0"),
        "C": ("1", "5", "1")},
    # Grades 7–9 in junior, nine- and twelve-year schools: J1 56 of (56, 45); N1 60 of (60).
    "large_classes_junior": {
        "J1": ("1", "2", "1"), "N1": ("1", "1", "1"), "D1": ("1", "2", "1"), "D2": ("1", "1", "1"),
        "C": ("2", "3", "2")},
    "huge_classes_junior": {
        "J1": ("0", "2", "0"), "N1": ("0", "1", "0"), "D1": ("0", "2", "0"), "D2": ("0", "1", "0"),
        "C": ("0", "3", "0")},
    # Grades 10–12 in senior and twelve-year schools (not 中职): S1 56 and 66 of (56, 55, 66).
    "large_classes_senior": {"S1": ("2", "3", "2"), "D2": ("2", "3", "2"), "C": ("2", "3", "2")},
    "huge_classes_senior": {"S1": ("1", "3", "1"), "D2": ("1", "3", "1"), "C": ("1", "3", "1")},
    # 高一 over 55: S1 56 of (56, 55).
    "senior_intake_over_55": {"S1": ("1", "2", "1"), "D2": ("1", "2", "1"), "C": ("1", "2", "1")},
}


def test_class_size_indicators(units):
    add_schools(units, CLASS_SCHOOLS)
    for key, year, grade, name, size in CLASSES:
        group = ClassGroupFactory(school=units[key], school_year=year, grade=grade, name=name)
        fill(group, size)
        if (key, grade, name) == ("P1", Grade.G1, "2班"):
            fill(group, 2, StudentStatus.TRANSFERRED_OUT)  # left: 2班 stays at 50
            fill(group, 1, StudentStatus.SUSPENDED)
    compute_indicators(period=PERIOD)
    assert {code: stored(code, units) for code in CLASS_EXPECTED} == {
        code: expected(table) for code, table in CLASS_EXPECTED.items()}
    assert lights("huge_classes_junior", units) == dict.fromkeys(("J1", "N1", "D1", "D2", "C"), Light.GREEN)
    assert lights("senior_intake_over_55", units) == dict.fromkeys(("S1", "D2", "C"), Light.RED)


def test_schools_over_their_size_limit(units):
    add_schools(units, {
        "LP": ("D1", Stage.PRIMARY, {}), "LJ": ("D1", Stage.JUNIOR, {}), "LN": ("D2", Stage.NINE_YEAR, {}),
        "LT": ("D2", Stage.TWELVE_YEAR, {}), "LS": ("D2", Stage.SENIOR, {}), "LK": ("D2", Stage.KINDERGARTEN, {}),
    })
    for key, enrolment in {"LP": 2001, "LJ": 2000, "LN": 2500, "LT": 2601, "LS": 3001, "LK": 5000}.items():
        SchoolYearFiguresFactory(school=units[key], enrolment=enrolment)
    # The twelve-year school's 义务教育 part: 2601 − 101 高中 students in the registry = 2500, not over 2500.
    senior = ClassGroupFactory(school=units["LT"], grade=Grade.G10, name="1班")
    fill(senior, 101)
    fill(senior, 5, StudentStatus.TRANSFERRED_OUT)
    fill(ClassGroupFactory(school=units["LT"], grade=Grade.G9, name="1班"), 30)  # compulsory: stays in
    compute_indicators(period=PERIOD)
    # Over: LP 2001 > 2000 and LS 3001 > 3000; not: LJ 2000, LN 2500, LT 2500. Kindergartens have no limit.
    assert stored("large_schools", units) == expected({
        "LP": ("1", "1", "1"), "LJ": ("0", "1", "0"), "LN": ("0", "1", "0"), "LT": ("0", "1", "0"),
        "LS": ("1", "1", "1"), "D1": ("1", "2", "1"), "D2": ("1", "3", "1"), "C": ("2", "5", "2")})


# ---- preschool --------------------------------------------------------------------------------------------

def test_preschool_two_shares(units):
    add_schools(units, {
        "K1": ("D1", Stage.KINDERGARTEN, {"ownership": Ownership.PUBLIC}),
        "K2": ("D1", Stage.KINDERGARTEN, {"ownership": Ownership.PRIVATE, "is_puhui": True}),
        "K3": ("D2", Stage.KINDERGARTEN, {"ownership": Ownership.PRIVATE}),
        "K4": ("D2", Stage.KINDERGARTEN, {"ownership": Ownership.PUBLIC}),
        "K5": ("D2", Stage.KINDERGARTEN, {"ownership": Ownership.PUBLIC}),
        "P1": ("D2", Stage.PRIMARY, {}),
    })
    for key, children in {"K1": 120, "K2": 80, "K3": 100, "K4": 50, "P1": 500}.items():
        SchoolYearFiguresFactory(school=units[key], enrolment=children)
    SchoolYearFiguresFactory(school=units["K5"], school_year=PREVIOUS, enrolment=999)  # another year only
    compute_indicators(period=PERIOD)
    # 公办: K1 120 and K4 50. D1 = 120 / (120 + 80); D2 = 50 / (100 + 50); C = 170 / 350 = 48.5714.
    assert stored("kg_public_share", units) == expected({
        "K1": ("120", "120", "100"), "K2": ("0", "80", "0"), "K3": ("0", "100", "0"), "K4": ("50", "50", "100"),
        "D1": ("120", "200", "60"), "D2": ("50", "150", "33.3333"), "C": ("170", "350", "48.5714")})
    # 公办 + 普惠: K1, K2, K4. D1 = 200 / 200; D2 = 50 / 150; C = 250 / 350 = 71.4286.
    assert stored("kg_puhui_coverage", units) == expected({
        "K1": ("120", "120", "100"), "K2": ("80", "80", "100"), "K3": ("0", "100", "0"), "K4": ("50", "50", "100"),
        "D1": ("200", "200", "100"), "D2": ("50", "150", "33.3333"), "C": ("250", "350", "71.4286")})
    # ≥ 50 with a band of 5: 48.57 is yellow; ≥ 80: 71.43 is red.
    assert lights("kg_public_share", units)["C"] == Light.YELLOW
    assert lights("kg_puhui_coverage", units)["C"] == Light.RED


# ---- the figures world: 优质均衡, computers, security, spending, staffing ----------------------------------

FIGURE_SCHOOLS = {
    "P1": ("D1", Stage.PRIMARY, {}), "J1": ("D1", Stage.JUNIOR, {}),
    "P2": ("D2", Stage.PRIMARY, {}), "J2": ("D2", Stage.JUNIOR, {}),
    "N1": ("D2", Stage.NINE_YEAR, {"is_boarding": True}), "K1": ("D2", Stage.KINDERGARTEN, {}),
}
FIGURE_FIELDS = ("enrolment", "teaching_area", "sports_area", "equipment_value", "networked_multimedia_classrooms",
                 "student_computers", "teacher_computers", "security_guards", "closed_management",
                 "alarm_linked_to_police", "video_linked_to_police", "protection_post", "public_budget_spending")
Y, N = True, False
FIGURES = {  # 2024-2025, in FIGURE_FIELDS order (money in 万元)
    "P1": (500, 2500, 4000, 110, 12, 50, 30, 1, Y, Y, Y, Y, 500),
    "J1": (600, 3600, 6000, 150, 15, 40, 40, 0, Y, Y, N, Y, 600),
    "P2": (400, 1600, 3200, 100, 10, 50, 20, 2, N, Y, Y, Y, 400),
    "J2": (300, 1800, 3300, 60, 8, 0, 12, 1, Y, Y, Y, Y, 300),
    "N1": (1600, 8000, 16000, 400, 40, 100, 10, 4, Y, Y, Y, Y, 1600),
    "K1": (100, 500, 800, 10, 2, 0, 5, 1, Y, Y, Y, N, 50),
}
PREVIOUS_FIGURES = {"P1": (450, 450), "J1": (600, 660), "P2": (500, 400), "N1": (1500, 1500), "K1": (100, 50)}
ASSOCIATE, SENIOR_SECONDARY = Qualification.ASSOCIATE, Qualification.SENIOR_SECONDARY
# (school, how many, fields); a teacher is a 本科, 专任 语文 teacher unless said otherwise.
TEACHERS = [
    ("P1", 5, {"backbone_level": BackboneLevel.COUNTY}),
    ("P1", 1, {"is_fulltime_pe": True}), ("P1", 1, {"is_fulltime_pe": True, "is_fulltime_arts": True}),
    ("P1", 2, {"is_fulltime_arts": True}),
    ("P1", 1, {"is_fulltime_psychology": True, "subjects": "心理健康"}),
    ("P1", 1, {"is_fulltime_ideology": True, "subjects": "道德与法治"}), ("P1", 1, {"subjects": "道德与法治"}),
    ("P1", 8, {}), ("P1", 2, {"highest_qualification": ASSOCIATE}),
    ("P1", 2, {"highest_qualification": SENIOR_SECONDARY}),
    # Not a 专任教师: counted nowhere.
    ("P1", 1, {"post_type": PostType.ADMINISTRATIVE, "backbone_level": BackboneLevel.COUNTY, "is_fulltime_pe": True,
               "is_fulltime_ideology": True, "subjects": "道德与法治"}),
    ("P2", 4, {"backbone_level": BackboneLevel.CITY}), ("P2", 2, {"is_fulltime_pe": True}),
    ("P2", 2, {"is_fulltime_arts": True}), ("P2", 1, {"subjects": "道德与法治"}), ("P2", 6, {}),
    ("P2", 1, {"highest_qualification": SENIOR_SECONDARY}),
    ("J1", 3, {"highest_qualification": Qualification.MASTER, "backbone_level": BackboneLevel.PROVINCE}),
    ("J1", 3, {"backbone_level": BackboneLevel.COUNTY}), ("J1", 3, {"is_fulltime_pe": True}),
    ("J1", 3, {"is_fulltime_arts": True}), ("J1", 1, {"subjects": "语文、心理健康"}),
    ("J1", 2, {"is_fulltime_ideology": True, "subjects": "道德与法治"}), ("J1", 1, {"subjects": "语文、道德与法治"}),
    ("J1", 17, {}), ("J1", 7, {"highest_qualification": ASSOCIATE}),
    ("J2", 3, {"backbone_level": BackboneLevel.COUNTY}), ("J2", 3, {"is_fulltime_pe": True}),
    ("J2", 1, {"is_fulltime_psychology": True}), ("J2", 9, {}), ("J2", 2, {"highest_qualification": ASSOCIATE}),
    ("N1", 1, {"is_fulltime_ideology": True, "subjects": "思想政治"}), ("N1", 9, {}),
]
# 专任教师: P1 5+1+1+2+1+1+1+8+2+2 = 24; P2 4+2+2+1+6+1 = 16; J1 3+3+3+3+1+2+1+17+7 = 40; J2 3+3+1+9+2 = 18; N1 10.


@pytest.fixture
def figures_world(units) -> dict:
    add_schools(units, FIGURE_SCHOOLS)
    for key, row in FIGURES.items():
        SchoolYearFiguresFactory(school=units[key], **dict(zip(FIGURE_FIELDS, row, strict=True)))
    for key, (enrolment, spending) in PREVIOUS_FIGURES.items():
        SchoolYearFiguresFactory(school=units[key], school_year=PREVIOUS, enrolment=enrolment,
                                 public_budget_spending=spending)
    for key, count, fields in TEACHERS:
        TeacherFactory.create_batch(count, school=units[key], **fields)
    compute_indicators(period=PERIOD)
    return units


# The 7 resources per school. Primary (standards 4.2 / 1 / 0.9 / 4.5 / 7.5 / 2000 / 2.3), P1 500 and P2 400 students:
#   高于规定学历 (专科及以上): P1 24 − 2 高中 = 22 → 4.4; P2 16 − 1 = 15 → 3.75; C 37 / 900 × 100 = 4.1111
#   骨干 (县级以上):           P1 5 → 1.0; P2 4 → 1.0; C 9 / 900 × 100 = 1.0
#   体育艺术 (one each):        P1 1 + 1 + 2 = 4 → 0.8; P2 2 + 2 = 4 → 1.0; C 8 / 900 × 100 = 0.8889
#   教学用房 m²:                P1 2500 / 500 = 5.0; P2 1600 / 400 = 4.0; C 4100 / 900 = 4.5556
#   体育场馆 m²:                P1 4000 / 500 = 8.0; P2 3200 / 400 = 8.0; C 7200 / 900 = 8.0
#   仪器设备 元:                P1 1,100,000 / 500 = 2200; P2 1,000,000 / 400 = 2500; C 2,100,000 / 900 = 2333.3333
#   多媒体教室:                  P1 12 / 500 × 100 = 2.4; P2 10 / 400 × 100 = 2.5; C 22 / 900 × 100 = 2.4444
# Junior (5.3 / 1 / 0.9 / 5.8 / 10.2 / 2500 / 2.4), J1 600 and J2 300 students:
#   本科及以上: J1 40 − 7 专科 = 33 → 5.5; J2 18 − 2 = 16 → 5.3333; C 49 / 900 × 100 = 5.4444
#   骨干: J1 6 → 1.0; J2 3 → 1.0.  体育艺术: J1 6 → 1.0; J2 3 → 1.0.  教学用房: 3600 / 600 = 1800 / 300 = 6.0
#   体育场馆: J1 6000 / 600 = 10.0; J2 3300 / 300 = 11.0; C 9300 / 900 = 10.3333
#   仪器设备: J1 1,500,000 / 600 = 2500; J2 600,000 / 300 = 2000; C 2,100,000 / 900 = 2333.3333
#   多媒体: J1 15 / 600 × 100 = 2.5; J2 8 / 300 × 100 = 2.6667; C 23 / 900 × 100 = 2.5556
# N1 (nine-year) takes no part; each district holds one school of each level, so D1/D2 equal P1/P2, J1/J2.
RESOURCES = {  # code: {school: (R, P, value)}, the city: (ΣR, ΣP, value)
    "balance_degree_primary": {"P1": ("22", "500", "4.4"), "P2": ("15", "400", "3.75"), "C": ("37", "900", "4.1111")},
    "balance_backbone_primary": {"P1": ("5", "500", "1"), "P2": ("4", "400", "1"), "C": ("9", "900", "1")},
    "balance_pe_arts_primary": {"P1": ("4", "500", "0.8"), "P2": ("4", "400", "1"), "C": ("8", "900", "0.8889")},
    "balance_teaching_area_primary": {
        "P1": ("2500", "500", "5"), "P2": ("1600", "400", "4"), "C": ("4100", "900", "4.5556")},
    "balance_sports_area_primary": {"P1": ("4000", "500", "8"), "P2": ("3200", "400", "8"), "C": ("7200", "900", "8")},
    "balance_equipment_primary": {
        "P1": ("1100000", "500", "2200"), "P2": ("1000000", "400", "2500"), "C": ("2100000", "900", "2333.3333")},
    "balance_multimedia_primary": {
        "P1": ("12", "500", "2.4"), "P2": ("10", "400", "2.5"), "C": ("22", "900", "2.4444")},
    "balance_degree_junior": {"J1": ("33", "600", "5.5"), "J2": ("16", "300", "5.3333"), "C": ("49", "900", "5.4444")},
    "balance_backbone_junior": {"J1": ("6", "600", "1"), "J2": ("3", "300", "1"), "C": ("9", "900", "1")},
    "balance_pe_arts_junior": {"J1": ("6", "600", "1"), "J2": ("3", "300", "1"), "C": ("9", "900", "1")},
    "balance_teaching_area_junior": {"J1": ("3600", "600", "6"), "J2": ("1800", "300", "6"), "C": ("5400", "900", "6")},
    "balance_sports_area_junior": {
        "J1": ("6000", "600", "10"), "J2": ("3300", "300", "11"), "C": ("9300", "900", "10.3333")},
    "balance_equipment_junior": {
        "J1": ("1500000", "600", "2500"), "J2": ("600000", "300", "2000"), "C": ("2100000", "900", "2333.3333")},
    "balance_multimedia_junior": {
        "J1": ("15", "600", "2.5"), "J2": ("8", "300", "2.6667"), "C": ("23", "900", "2.5556")},
}
_DISTRICT_OF = {"P1": "D1", "J1": "D1", "P2": "D2", "J2": "D2"}
# 差异系数 of two schools: S = |x1 − x2| · √(w1·w2) with w = P_i / P, CV = S / X̄.
#   primary w = 5/9, 4/9: √(20/81) = 0.4969040;  junior w = 2/3, 1/3: √(2/9) = 0.4714045.
CVS = {
    "balance_degree_cv_primary": "0.0786",  # 0.65 × 0.4969040 = 0.3229876; / 4.1111111 = 0.07856
    "balance_backbone_cv_primary": "0",  # 1.0 and 1.0
    "balance_pe_arts_cv_primary": "0.1118",  # 0.2 × 0.4969040 = 0.0993808; / 0.8888889 = 0.11180
    "balance_teaching_area_cv_primary": "0.1091",  # 1.0 × 0.4969040; / 4.5555556 = 0.10908
    "balance_sports_area_cv_primary": "0",  # 8 and 8
    "balance_equipment_cv_primary": "0.0639",  # 300 × 0.4969040 = 149.0712; / 2333.3333 = 0.06389
    "balance_multimedia_cv_primary": "0.0203",  # 0.1 × 0.4969040; / 2.4444444 = 0.02033
    "balance_degree_cv_junior": "0.0144",  # 0.1666667 × 0.4714045 = 0.0785674; / 5.4444444 = 0.01443
    "balance_backbone_cv_junior": "0",
    "balance_pe_arts_cv_junior": "0",
    "balance_teaching_area_cv_junior": "0",
    "balance_sports_area_cv_junior": "0.0456",  # 1 × 0.4714045; / 10.3333333 = 0.04562
    "balance_equipment_cv_junior": "0.1010",  # 500 × 0.4714045 = 235.70226; / 2333.3333 = 0.10102
    "balance_multimedia_cv_junior": "0.0307",  # 0.1666667 × 0.4714045; / 2.5555556 = 0.03074
}


def test_balance_resources_per_school_district_and_city(figures_world):
    want = {}
    for code, table in RESOURCES.items():
        rows = dict(table)
        for school in (k for k in table if k != "C"):
            rows[_DISTRICT_OF[school]] = table[school]  # one school of the level per district
        want[code] = expected(rows)
    assert {code: stored(code, figures_world) for code in RESOURCES} == want


def test_balance_lights_use_the_standard_and_a_band_of_15_percent(figures_world):
    # 4.2 × 0.15 = 0.63: P2 3.75 and the city 4.1111 are within it (yellow); P1 4.4 meets it.
    assert lights("balance_degree_primary", figures_world) == {
        "P1": Light.GREEN, "D1": Light.GREEN, "P2": Light.YELLOW, "D2": Light.YELLOW, "C": Light.YELLOW}
    # 2500 × 0.15 = 375: J2 2000 is 500 short (red); J1 exactly 2500 (green).
    assert lights("balance_equipment_junior", figures_world)["J2"] == Light.RED
    assert lights("balance_equipment_junior", figures_world)["J1"] == Light.GREEN


def test_balance_coefficients_of_variation(figures_world):
    got = {code: stored(code, figures_world) for code in CVS}
    # The city from the arithmetic above; each district has one school of the level (CV 0); none for schools.
    assert got == {code: expected({"C": (None, None, cv), "D1": (None, None, "0"), "D2": (None, None, "0")})
                   for code, cv in CVS.items()}
    assert lights("balance_pe_arts_cv_primary", figures_world)["C"] == Light.GREEN  # ≤ 0.50


def test_share_of_schools_meeting_the_balance_rule(figures_world):
    # P1 misses only 体育艺术 (0.8 ≥ 0.85 × 0.9 = 0.765): meets. P2 misses 学历 and 教学用房: 5 of 7, fails.
    # J1 misses only 体育场馆 (10.0 ≥ 0.85 × 10.2 = 8.67): meets. J2 misses only 仪器设备, but 2000 < 0.85 × 2500
    # = 2125: fails.
    assert stored("balance_ok_primary", figures_world) == expected({
        "P1": ("1", "1", "100"), "D1": ("1", "1", "100"), "P2": ("0", "1", "0"), "D2": ("0", "1", "0"),
        "C": ("1", "2", "50")})
    assert stored("balance_ok_junior", figures_world) == expected({
        "J1": ("1", "1", "100"), "D1": ("1", "1", "100"), "J2": ("0", "1", "0"), "D2": ("0", "1", "0"),
        "C": ("1", "2", "50")})


def test_students_and_teachers_per_computer(figures_world):
    # 生机比 (K12 schools; K1 is a kindergarten): P1 500 / 50; J1 600 / 40; P2 400 / 50; J2 300 / 0 (no value);
    # N1 1600 / 100. D1 1100 / 90; D2 (400 + 300 + 1600) / (50 + 0 + 100); C 3400 / 240.
    assert stored("students_per_computer", figures_world) == expected({
        "P1": ("500", "50", "10"), "J1": ("600", "40", "15"), "P2": ("400", "50", "8"), "J2": ("300", "0", None),
        "N1": ("1600", "100", "16"), "D1": ("1100", "90", "12.2222"), "D2": ("2300", "150", "15.3333"),
        "C": ("3400", "240", "14.1667")})
    # 师机比: 专任教师 P1 24 / 30; J1 40 / 40; P2 16 / 20; J2 18 / 12; N1 10 / 10.
    # D1 64 / 70; D2 44 / 42; C 108 / 112.
    assert stored("teachers_per_computer", figures_world) == expected({
        "P1": ("24", "30", "0.8"), "J1": ("40", "40", "1"), "P2": ("16", "20", "0.8"), "J2": ("18", "12", "1.5"),
        "N1": ("10", "10", "1"), "D1": ("64", "70", "0.9143"), "D2": ("44", "42", "1.0476"),
        "C": ("108", "112", "0.9643")})
    shown = lights("students_per_computer", figures_world)  # no target by default: "未设目标", J2 has no value
    assert {key for key, light in shown.items() if light != Light.NONE} == {"J2"} and shown["J2"] == Light.GREY
    assert lights("teachers_per_computer", figures_world)["D2"] == Light.RED  # ≤ 1


# 四个100% over P1, J1 (D1) and P2, J2, N1, K1 (D2):
#   guards: J1 has none; N1 (boarding, 1600 students) needs 1600 × 3‰ = 4.8, has 4 → 1,0 | 1,1,0,1
#   closed: P2 is not → 1,1 | 0,1,1,1.   linked: J1's video is not → 1,0 | 1,1,1,1.   护学岗: K1 has none → 1,1 | 1,1,1,0
#   all four: P1 and J2 only → 1,0 | 0,1,0,0
SECURITY = {
    "security_guards": ((1, 0), (1, 1, 0, 1), ("50", "75", "66.6667")),
    "security_closed": ((1, 1), (0, 1, 1, 1), ("100", "75", "83.3333")),
    "security_police_link": ((1, 0), (1, 1, 1, 1), ("50", "100", "83.3333")),
    "security_protection_post": ((1, 1), (1, 1, 1, 0), ("100", "75", "83.3333")),
    "security_all_four": ((1, 0), (0, 1, 0, 0), ("50", "25", "33.3333")),
}


def test_four_hundred_percents(figures_world):
    want = {}
    for code, (d1, d2, (v1, v2, vc)) in SECURITY.items():
        rows = {key: (str(flag), "1", str(flag * 100)) for key, flag in zip(("P1", "J1"), d1, strict=True)}
        rows |= {key: (str(flag), "1", str(flag * 100)) for key, flag in zip(("P2", "J2", "N1", "K1"), d2, strict=True)}
        rows |= {"D1": (str(sum(d1)), "2", v1), "D2": (str(sum(d2)), "4", v2), "C": (str(sum(d1) + sum(d2)), "6", vc)}
        want[code] = expected(rows)
    assert {code: stored(code, figures_world) for code in SECURITY} == want


def test_two_only_increases(figures_world):
    # E (元) this year / last year: P1 5,000,000 / 4,500,000; J1 6,000,000 / 6,600,000; P2 4,000,000 / 4,000,000;
    # J2 3,000,000 / none; N1 16,000,000 / 15,000,000; K1 500,000 / 500,000.
    # D1 11,000,000 / 11,100,000; D2 23,500,000 / 19,500,000; C 34,500,000 / 30,600,000.
    assert stored("spending_growth", figures_world) == expected({
        "P1": ("5000000", "4500000", "111.1111"), "J1": ("6000000", "6600000", "90.9091"),
        "P2": ("4000000", "4000000", "100"), "J2": ("3000000", "0", None), "N1": ("16000000", "15000000", "106.6667"),
        "K1": ("500000", "500000", "100"), "D1": ("11000000", "11100000", "99.0991"),
        "D2": ("23500000", "19500000", "120.5128"), "C": ("34500000", "30600000", "112.7451")})
    # Per student, E / N this year and last: P1 5,000,000 / 500 = 10000 and 4,500,000 / 450 = 10000;
    # J1 10000 and 6,600,000 / 600 = 11000; P2 10000 and 4,000,000 / 500 = 8000; J2 10000 and no students;
    # N1 10000 and 10000; K1 500,000 / 100 = 5000 and 5000.
    # D1 11,000,000 / 1100 = 10000 and 11,100,000 / 1050 = 10571.4286 → 94.5946
    # D2 23,500,000 / 2400 = 9791.6667 and 19,500,000 / 2100 = 9285.7143 → 105.4487
    # C  34,500,000 / 3500 = 9857.1429 and 30,600,000 / 3150 = 9714.2857 → 101.4706
    assert stored("spending_per_student_growth", figures_world) == expected({
        "P1": ("10000", "10000", "100"), "J1": ("10000", "11000", "90.9091"), "P2": ("10000", "8000", "125"),
        "J2": ("10000", None, None), "N1": ("10000", "10000", "100"), "K1": ("5000", "5000", "100"),
        "D1": ("10000", "10571.4286", "94.5946"), "D2": ("9791.6667", "9285.7143", "105.4487"),
        "C": ("9857.1429", "9714.2857", "101.4706")})
    assert lights("spending_growth", figures_world)["D1"] == Light.RED
    assert lights("spending_growth", figures_world)["C"] == Light.GREEN


def test_mental_health_and_ideology_staffing(figures_world):
    # 专(兼)职心理: P1 (专职), J1 (teaches 心理健康), J2 (专职); not P2, N1. D1 2 / 2; D2 1 / 3; C 3 / 5.
    assert stored("psych_teacher_schools", figures_world) == expected({
        "P1": ("1", "1", "100"), "J1": ("1", "1", "100"), "P2": ("0", "1", "0"), "J2": ("1", "1", "100"),
        "N1": ("0", "1", "0"), "D1": ("2", "2", "100"), "D2": ("1", "3", "33.3333"), "C": ("3", "5", "60")})
    # 专职 only: P1, J2. D1 1 / 2; D2 1 / 3; C 2 / 5.
    assert stored("psych_fulltime_schools", figures_world) == expected({
        "P1": ("1", "1", "100"), "J1": ("0", "1", "0"), "P2": ("0", "1", "0"), "J2": ("1", "1", "100"),
        "N1": ("0", "1", "0"), "D1": ("1", "2", "50"), "D2": ("1", "3", "33.3333"), "C": ("2", "5", "40")})
    # 思政课 专任教师 (专职 / all): P1 1 / 2 (the administrator is not counted); J1 2 / 3; P2 0 / 1; N1 1 / 1;
    # J2 has none (no value). D1 3 / 5; D2 1 / 2; C 4 / 7.
    assert stored("ideology_fulltime_share", figures_world) == expected({
        "P1": ("1", "2", "50"), "J1": ("2", "3", "66.6667"), "P2": ("0", "1", "0"), "N1": ("1", "1", "100"),
        "D1": ("3", "5", "60"), "D2": ("1", "2", "50"), "C": ("4", "7", "57.1429")})


def test_the_worked_example_of_the_reference_through_the_engine(units):
    # reference/indicators.md §3.2 (https://m.777doc.com/doc-2019910.html): five primary schools with
    # (students, books) = (45, 279), (37, 137), (89, 935), (76, 160), (55, 402): 302 students, 1,913 books,
    # X̄ = 6.33, S = 3.26, CV = 0.515 (the example prints 0.52). Books stand in for m² of 教学用房.
    for n, (students, books) in enumerate([(45, 279), (37, 137), (89, 935), (76, 160), (55, 402)]):
        units[f"S{n}"] = SchoolFactory(parent=units["D1"], stage=Stage.PRIMARY).org_unit
        SchoolYearFiguresFactory(school=units[f"S{n}"], enrolment=students, teaching_area=books)
    compute_indicators(period=PERIOD, codes=["balance_teaching_area_primary", "balance_teaching_area_cv_primary"])
    city = stored("balance_teaching_area_primary", units)["C"]
    assert city == (Decimal(1913), Decimal(302), Decimal("6.3344"))
    cv = stored("balance_teaching_area_cv_primary", units)
    assert cv == {"D1": (None, None, Decimal("0.5153")), "C": (None, None, Decimal("0.5153"))}
    assert round(cv["C"][2], 3) == Decimal("0.515")


# ---- the definitions themselves ---------------------------------------------------------------------------

def test_every_builtin_is_described_and_drills_into_a_documented_list():
    for builtin in REGISTRY.values():
        assert builtin.name and builtin.section and builtin.plan_items and builtin.description, builtin.code
        assert builtin.drill in DRILLS or builtin.drill == "", builtin.code
        assert len(builtin.code) <= 60 and len(builtin.name) <= 100 and len(builtin.unit) <= 20
    assert {b.drill for b in REGISTRY.values()} - {""} == set(DRILLS)  # no documented key unused


def test_recalled_targets_are_marked_for_checking():
    assert {code for code, b in REGISTRY.items() if b.certainty == Certainty.RECALLED} == {
        "teachers_per_computer", "psych_fulltime_schools", "ideology_fulltime_share"}
    assert REGISTRY["students_per_computer"].target is None  # no reference value: the bureau sets it


def _queries_per_indicator() -> dict[str, int]:
    counts = {}
    for code, builtin in REGISTRY.items():
        schools = school_paths(builtin.stages)
        list(schools)  # compute_indicators has read them already (ancestors)
        SHARED.clear()  # each indicator on its own (in a computation the 优质均衡 ones share their two queries)
        with CaptureQueriesContext(connection) as queries:
            builtin.per_school(PERIOD, schools)
        counts[code] = len(queries)
    return counts


def test_each_indicator_costs_one_or_two_queries_whatever_the_number_of_schools(figures_world):
    before = _queries_per_indicator()
    assert set(before.values()) <= {1, 2}
    first_grades = {Stage.PRIMARY: Grade.G1, Stage.JUNIOR: Grade.G7, Stage.KINDERGARTEN: Grade.KG_SMALL,
                    Stage.SENIOR: Grade.G10}
    for stage, grade in first_grades.items():
        school = SchoolFactory(parent=figures_world["D1"], stage=stage).org_unit
        SchoolYearFiguresFactory(school=school)
        SchoolYearFiguresFactory(school=school, school_year=PREVIOUS)
        TeacherFactory.create_batch(2, school=school)
        fill(ClassGroupFactory(school=school, grade=grade), 3)
    assert _queries_per_indicator() == before


def test_the_balance_indicators_share_their_queries_within_a_computation(figures_world):
    SHARED.clear()
    schools = school_paths(REGISTRY["balance_degree_primary"].stages)
    with CaptureQueriesContext(connection) as first:
        REGISTRY["balance_degree_primary"].per_school(PERIOD, schools)
    with CaptureQueriesContext(connection) as second:
        REGISTRY["balance_equipment_cv_primary"].per_school(PERIOD, schools)
    assert (len(first), len(second)) == (2, 0)
    SHARED.clear()
