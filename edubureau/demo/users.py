"""The demo's users: one or more for every role, with stable readable usernames.

Full scale (every unit below exists):
- admin (系统管理员, at the city; is_staff and is_superuser), leader (局领导, at the city)
- one 科室人员 per section: bgs 办公室, rsk 人事科, jcjyk 基础教育科, zcjk 职成教科, twyk 体卫艺科,
  aqwdk 安全稳定科, dds 督导室, jck 计财科, zcfgk 政策法规科, jsgzk 教师工作科; and jky (科室人员 at
  潜江市教育科学研究院, the city's 教研员)
- ylfj (学区/分局管理员 at 园林分局) and xq_<place> for every 学区, e.g. xq_haokou, xq_zhugentan,
  xq_zongkouglq (管理区 end in glq), xq_haokouyzc (浩口原种场)
- 学校管理员: qjzx 潜江中学, ylgz 园林高中, wcgz 文昌高中, cyzx 曹禺中学, zjzx 职教中心, tjxx 特殊教育学校,
  qjkd 潜江开放大学, yl6x 园林六小, syxx 实验小学, yclxx 育才路小学, xslxx 兴盛路小学, syyey 实验幼儿园,
  mszx 莫市中学, hkyey 浩口公办幼儿园
- 督学: duxue1 (园林六小, 莫市中学, 园林高中, 职教中心), duxue2 (育才路小学, 潜江中学, 浩口公办幼儿园,
  特殊教育学校)
- 心理教师: xinli_yl6x (园林六小), xinli_mszx (莫市中学), xinli_qjzx (潜江中学)

Small scale keeps the users whose units exist there, with memberships at those units only:
admin, leader, jcjyk, dds, jky, ylfj, xq_zhugentan, xq_haokou, qjzx, cyzx, yl6x, yclxx, xslxx,
mszx, hkyey, duxue1 (园林六小, 莫市中学), duxue2 (育才路小学, 潜江中学, 浩口公办幼儿园), xinli_yl6x,
xinli_mszx, xinli_qjzx: 20 users, 23 memberships.

Full names are drawn from a seeded stream over the full list, so a user keeps the same name
at both scales.
"""
import random
from dataclasses import dataclass

from edubureau.accounts.roles import Role
from edubureau.demo import catalog
from edubureau.demo.names import DIVISION_SLUGS, person_name
from edubureau.orgs.divisions import qianjiang_divisions

_SCHOOL_ADMINS = (
    ("qjzx", "潜江中学"), ("ylgz", "园林高中"), ("wcgz", "文昌高中"), ("cyzx", "曹禺中学"), ("zjzx", "职教中心"),
    ("tjxx", "特殊教育学校"), ("qjkd", "潜江开放大学"), ("yl6x", "园林六小"), ("syxx", "实验小学"),
    ("yclxx", "育才路小学"), ("xslxx", "兴盛路小学"), ("syyey", "实验幼儿园"), ("mszx", "莫市中学"),
    ("hkyey", "浩口公办幼儿园"),
)
_INSPECTORS = (
    ("duxue1", ("园林六小", "莫市中学", "园林高中", "职教中心")),
    ("duxue2", ("育才路小学", "潜江中学", "浩口公办幼儿园", "特殊教育学校")),
)
_PSYCHOLOGISTS = (("xinli_yl6x", "园林六小"), ("xinli_mszx", "莫市中学"), ("xinli_qjzx", "潜江中学"))


@dataclass(frozen=True)
class UserSpec:
    username: str
    role: Role
    unit_codes: tuple[str, ...]
    full_name: str = ""
    is_superuser: bool = False


def _school(key: str) -> str:
    return catalog.FIXED_SCHOOLS_BY_KEY[key].code


def _area_admins() -> list[UserSpec]:
    admins = [UserSpec("ylfj", Role.DISTRICT_ADMIN, (catalog.SUB_BUREAU_CODE,))]
    for division in qianjiang_divisions():
        if division.in_2023_data and division.code != catalog.SUB_BUREAU_DIVISION:
            username = f"xq_{DIVISION_SLUGS[division.code]}"
            admins.append(UserSpec(username, Role.DISTRICT_ADMIN, (catalog.district_code(division.code),)))
    return admins


def user_plan() -> list[UserSpec]:
    """Every demo user of the full city, without names, in a fixed order."""
    city = (catalog.CITY_CODE,)
    return [
        UserSpec("admin", Role.SYSADMIN, city, is_superuser=True),
        UserSpec("leader", Role.LEADER, city),
        *(UserSpec(s.username, Role.SECTION_STAFF, (s.code,)) for s in catalog.SECTIONS),
        UserSpec("jky", Role.SECTION_STAFF, ("JZ01",)),
        *_area_admins(),
        *(UserSpec(username, Role.SCHOOL_ADMIN, (_school(key),)) for username, key in _SCHOOL_ADMINS),
        *(UserSpec(u, Role.INSPECTOR, tuple(_school(k) for k in keys)) for u, keys in _INSPECTORS),
        *(UserSpec(username, Role.PSYCHOLOGIST, (_school(key),)) for username, key in _PSYCHOLOGISTS),
    ]


def demo_users(*, seed: int, unit_codes: set[str]) -> list[UserSpec]:
    """The named demo users whose units exist among `unit_codes`, keeping only those memberships."""
    rng, used = random.Random(f"edubureau-demo:users:{seed}"), set()
    users = []
    for spec in user_plan():
        full_name = person_name(rng, used)
        codes = tuple(code for code in spec.unit_codes if code in unit_codes)
        if codes:
            users.append(UserSpec(spec.username, spec.role, codes, full_name, spec.is_superuser))
    return users
