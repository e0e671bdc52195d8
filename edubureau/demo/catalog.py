"""The fixed part of the demo city: the bureau, its sections and units, and the schools the plan names.

Everything here is independent of the seed, so the codes below (and NAMED_SCHOOLS) are stable
and later features may look these units up by code.
"""
from dataclasses import dataclass

from edubureau.demo.specs import SchoolSpec
from edubureau.orgs.models import Locality, OperatingStatus, Ownership, Stage

CITY_CODE = "429005"
CITY_NAME = "潜江市教育局"

SUB_BUREAU_DIVISION = "429005001"  # 园林街道, the central city
SUB_BUREAU_CODE = f"FJ{SUB_BUREAU_DIVISION}"
SUB_BUREAU_NAME = "园林分局"


def district_code(division_code: str) -> str:
    """OrgUnit code of the 学区 of a township division."""
    return f"XQ{division_code}"


@dataclass(frozen=True)
class Section:
    code: str
    name: str
    username: str


SECTIONS = (
    Section("KS01", "办公室", "bgs"),
    Section("KS02", "人事科", "rsk"),
    Section("KS03", "基础教育科", "jcjyk"),
    Section("KS04", "职成教科", "zcjk"),
    Section("KS05", "体卫艺科", "twyk"),
    Section("KS06", "安全稳定科", "aqwdk"),
    Section("KS07", "督导室", "dds"),
    Section("KS08", "计财科", "jck"),
    Section("KS09", "政策法规科", "zcfgk"),
    Section("KS10", "教师工作科", "jsgzk"),
)

# 局直单位 that are not schools.
BUREAU_UNITS = (
    ("JZ01", "潜江市教育科学研究院"),
    ("JZ02", "潜江市教育技术装备中心(电教馆)"),
    ("JZ03", "潜江市学生资助管理中心"),
    ("JZ04", "潜江市招生考试办公室"),
    ("JZ05", "潜江市青少年校外活动中心"),
)


@dataclass(frozen=True)
class FixedSchool:
    key: str  # the short name people use, e.g. 园林六小
    code: str  # 学校标识码, also the OrgUnit code
    name: str
    parent_code: str
    school: SchoolSpec


_PUB, _PRIV = Ownership.PUBLIC, Ownership.PRIVATE
_URBAN, _TOWN, _RURAL = Locality.URBAN, Locality.TOWN, Locality.RURAL
_ZGT, _HK = district_code("429005100"), district_code("429005106")  # 竹根滩镇, 浩口镇


def _senior(ownership: str = _PUB) -> SchoolSpec:
    return SchoolSpec(Stage.SENIOR, ownership, _URBAN, is_boarding=True)


def _yuanlin(key: str, code: str, name: str, stage: str, **extra) -> FixedSchool:
    return FixedSchool(key, code, name, SUB_BUREAU_CODE, SchoolSpec(stage, locality=_URBAN, **extra))


def _yuanlin_numbered() -> list[FixedSchool]:
    numerals = "一二三四五六七八"
    primaries = [
        _yuanlin(f"园林{n}小", f"2142{5001 + i:06d}", f"潜江市园林第{n}小学", Stage.PRIMARY)
        for i, n in enumerate(numerals)
    ]
    juniors = [
        _yuanlin(f"园林{n}中", f"3142{5001 + i:06d}", f"潜江市园林第{n}初级中学", Stage.JUNIOR)
        for i, n in enumerate(numerals[:4])
    ]
    kindergartens = [
        _yuanlin(f"园林{n}幼", f"1142{5002 + i:06d}", f"潜江市园林第{n}幼儿园", Stage.KINDERGARTEN)
        for i, n in enumerate(numerals[:5])
    ]
    return primaries + juniors + kindergartens


FIXED_SCHOOLS: tuple[FixedSchool, ...] = (
    # 局直学校 (parent: the city)
    FixedSchool("潜江中学", "3442005001", "潜江中学", CITY_CODE, _senior()),
    FixedSchool("园林高中", "3442005002", "潜江市园林高级中学", CITY_CODE, _senior()),
    FixedSchool("文昌高中", "3442005003", "潜江市文昌高级中学", CITY_CODE, _senior()),
    FixedSchool("曹禺中学", "3442005004", "潜江市曹禺中学", CITY_CODE, _senior()),
    FixedSchool("实验高中", "3442005005", "潜江市实验高级中学", CITY_CODE, _senior()),
    FixedSchool("博文高中", "3442005006", "潜江市博文高级中学", CITY_CODE, _senior(_PRIV)),
    FixedSchool("职教中心", "3642005001", "潜江市职业教育中心", CITY_CODE,
                SchoolSpec(Stage.VOCATIONAL, _PUB, _URBAN, is_boarding=True)),
    FixedSchool("华宇职校", "3642005002", "潜江市华宇职业技术学校", CITY_CODE,
                SchoolSpec(Stage.VOCATIONAL, _PRIV, _URBAN, is_boarding=True)),
    FixedSchool("特殊教育学校", "5142005001", "潜江市特殊教育学校", CITY_CODE,
                SchoolSpec(Stage.SPECIAL, _PUB, _URBAN, is_boarding=True)),
    FixedSchool("潜江开放大学", "4242005001", "潜江开放大学", CITY_CODE, SchoolSpec(Stage.OPEN_UNIVERSITY, _PUB, _URBAN)),
    # 园林分局: the central city
    *_yuanlin_numbered(),
    _yuanlin("实验小学", "2142005009", "潜江市实验小学", Stage.PRIMARY),
    _yuanlin("育才路小学", "2142005010", "潜江市育才路小学", Stage.PRIMARY),
    _yuanlin("兴盛路小学", "2142005011", "潜江市兴盛路小学", Stage.PRIMARY, status=OperatingStatus.PLANNED),
    _yuanlin("实验幼儿园", "1142005001", "潜江市实验幼儿园", Stage.KINDERGARTEN),
    _yuanlin("博雅实验学校", "3442005011", "潜江市博雅实验学校", Stage.TWELVE_YEAR, ownership=_PRIV, is_boarding=True),
    # 学区
    FixedSchool("莫市中学", "3142005010", "潜江市莫市中学", _ZGT,
                SchoolSpec(Stage.JUNIOR, _PUB, _RURAL, is_boarding=True, address="潜江市竹根滩镇莫市街")),
    FixedSchool("浩口公办幼儿园", "1142005010", "潜江市浩口镇公办幼儿园", _HK,
                SchoolSpec(Stage.KINDERGARTEN, _PUB, _TOWN, status=OperatingStatus.PLANNED)),
)
FIXED_SCHOOLS_BY_KEY = {s.key: s for s in FIXED_SCHOOLS}

CAMPUS_CODE = "3442005004-TF"
CAMPUS_NAME = "潜江市曹禺中学泰丰校区"
CAMPUS_PARENT_CODE = "3442005004"

# The schools the 2024 work plan names, by the short name the plan uses -> OrgUnit code.
NAMED_SCHOOLS = {
    "园林六小": "2142005006",
    "育才路小学": "2142005010",
    "兴盛路小学": "2142005011",
    "莫市中学": "3142005010",
    "曹禺中学泰丰校区": CAMPUS_CODE,
    "潜江中学": "3442005001",
    "浩口公办幼儿园": "1142005010",
    "职教中心": "3642005001",
    "特殊教育学校": "5142005001",
    "潜江开放大学": "4242005001",
}

# What scale "small" keeps of the fixed part (see tree.small_tree for the rest).
SMALL_DIVISIONS = ("429005100", "429005106")  # 竹根滩镇, 浩口镇
SMALL_SECTIONS = ("KS03", "KS07")  # 基础教育科, 督导室
SMALL_BUREAU_UNITS = ("JZ01",)  # 教科院
SMALL_FIXED_SCHOOLS = ("潜江中学", "曹禺中学", "园林六小", "育才路小学", "兴盛路小学", "莫市中学", "浩口公办幼儿园")
