"""The test world: two cities, their units, and one user per role (see the root conftest).

    潜江市教育局 [C] (city)
    ├── 基础教育科 [S1] (section)
    ├── 浩口镇学区 [D1] (district)
    │   ├── 浩口镇中心小学 [A1] (school) ── 柳州路校区 [A1E] (campus)
    │   └── 浩口初级中学 [A2] (school)
    ├── 熊口镇学区 [D2] (district) ── 熊口镇中心小学 [B1] (school)
    └── 潜江市特殊教育学校 [CS] (school directly under the bureau)
    仙桃市教育局 [X] (another city) ── 仙桃市第一中学 [X1] (school)

Work plans over this world (PLAN_SOURCES and below) are built on demand by plans_of().
Classes, students and staff in its schools (REGISTRY_CLASSES and below) are built on demand
by registry_of().

Keys in brackets are how tests name units. No unit name contains another, so a
"name in page" check cannot match by accident.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.accounts.tests.factories import MembershipFactory, UserFactory
from edubureau.core.idnumbers import id_birth_date, id_sex
from edubureau.orgs.models import OrgKind, OrgUnit, SchoolProfile, Stage
from edubureau.orgs.tests.factories import CityFactory, DistrictFactory, OrgUnitFactory, SchoolFactory
from edubureau.plans.models import (
    PlanItem, PlanSection, ProgressEvidence, ProgressReport, ProgressStatus, SupervisionNotice, Task, WorkPlan,
)
from edubureau.plans.services.breakdown import TaskInput, item_breakdown_save
from edubureau.plans.services.importing import plan_import
from edubureau.plans.services.notices import notice_issue
from edubureau.plans.services.progress import report_review, report_submit
from edubureau.plans.services.publishing import plan_publish
from edubureau.registry.choices import Sex
from edubureau.registry.tests.factories import ClassGroupFactory, StudentFactory, TeacherFactory

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
    plans: "PlanWorld | None" = None  # built on demand by plans_of()
    registry: "RegistryWorld | None" = None  # built on demand by registry_of()

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


# ---- work plans (工作要点) over the world, for the plans views -------------------------------------
#
# Four plans: P24 (city C, published), P23 (city C, published, shared with no district or school),
# DRAFT (city C, never published: its managers alone see it) and PX (city X, published).
# No plan or item title contains another, or a unit name, so a "title in page" check cannot
# match by accident.

PLAN_SOURCES = {
    "P24": """2024年教育工作要点
一、坚持党的领导
1.深化党的创新理论武装。党员教师比例达到专任教师总数的60%。（责任科室：基础教育科）
2.推进熊口片区教研协作。组织开展片区联合教研活动。
二、办好人民满意的教育
3.办好特殊教育。落实《“十四五”特殊教育发展提升行动计划》。
4.建设智慧校园示范校。全市建成智慧校园示范校10所以上。
""",
    "P23": """2023年教育工作要点
一、守住安全底线
1.落实校园安全隐患排查。每学期开展排查不少于2次。
2.开展防溺水专项行动。
""",
    "DRAFT": """2025年教育工作要点
一、谋划长远发展
1.谋划教育强市建设。研究生学历教师达到专任教师总数的15%。
2.编制学校布局规划。落实《潜江市中小学布局规划》。
""",
    "PX": """2024年仙桃教育工作要点
一、提高教育质量
1.深化课堂教学改革。推广优秀教学成果。
2.加强教研队伍建设。
""",
}
# plan key: (owner unit key, published)
PLAN_OWNERS = {"P24": ("C", True), "P23": ("C", True), "DRAFT": ("C", False), "PX": ("X", True)}
PLAN_TITLES = {
    "P24": "2024年教育工作要点", "P23": "2023年教育工作要点", "DRAFT": "2025年教育工作要点", "PX": "2024年仙桃教育工作要点",
}
# item key: (plan key, number, title)
PLAN_ITEMS = {
    "I1": ("P24", "1", "深化党的创新理论武装"),
    "I2": ("P24", "2", "推进熊口片区教研协作"),
    "I3": ("P24", "3", "办好特殊教育"),
    "I4": ("P24", "4", "建设智慧校园示范校"),
    "J1": ("P23", "1", "落实校园安全隐患排查"),
    "J2": ("P23", "2", "开展防溺水专项行动"),
    "K1": ("DRAFT", "1", "谋划教育强市建设"),
    "K2": ("DRAFT", "2", "编制学校布局规划"),
    "Y1": ("PX", "1", "深化课堂教学改革"),
    "Y2": ("PX", "2", "加强教研队伍建设"),
}
# Each item of a published plan has one task (keyed like its item): (lead unit keys, cooperating unit keys).
PLAN_BREAKDOWN = {
    "I1": (["S1"], ["D1"]),
    "I2": (["S1"], ["B1"]),
    "I3": (["CS"], []),  # nothing in D1 or D2
    "I4": (["S1"], ["A1"]),
    "J1": (["S1"], []),
    "J2": (["S1"], []),
    "Y1": (["X1"], []),
    "Y2": (["X1"], []),
}
PLAN_MONTH = date(2024, 5, 1)
# report key: (task key, unit key, reporter role key, approved by role key or None)
PLAN_REPORTS = {
    "R1": ("I1", "D1", "district_admin", None),
    "R2": ("I1", "S1", "section_staff", "sysadmin"),
    "R3": ("I2", "B1", "sysadmin", None),
    "R4": ("I3", "CS", "sysadmin", None),
    "R5": ("I4", "A1", "school_admin", None),
}
# evidence key: (report key, file name, content); the file is attached when the report is submitted
PLAN_EVIDENCE = {"E1": ("R1", "五月佐证材料.txt", "教研活动签到表".encode())}
# notice key: (task key, unit key)
PLAN_NOTICES = {"N1": ("I1", "D1")}


@dataclass
class PlanWorld:
    plans: dict[str, WorkPlan] = field(default_factory=dict)
    sections: dict[str, PlanSection] = field(default_factory=dict)  # the first section of each plan
    items: dict[str, PlanItem] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    reports: dict[str, ProgressReport] = field(default_factory=dict)
    evidence: dict[str, ProgressEvidence] = field(default_factory=dict)
    notices: dict[str, SupervisionNotice] = field(default_factory=dict)


def build_plans(world: World) -> PlanWorld:
    """The plans of PLAN_SOURCES with their breakdown, reports and notice, made through the services."""
    plans = PlanWorld()
    manager_of = {"C": world.users["sysadmin"], "X": world.users["superuser"]}
    for key, source in PLAN_SOURCES.items():
        owner_key, published = PLAN_OWNERS[key]
        manager = manager_of[owner_key]
        plan = plan_import(source=source, filename=f"{key}.txt", owner=world.units[owner_key], imported_by=manager)
        plans.plans[key] = plan_publish(plan=plan, published_by=manager) if published else plan
        plans.sections[key] = plan.sections.order_by("seq").first()
    for key, (plan_key, number, _) in PLAN_ITEMS.items():
        plans.items[key] = PlanItem.objects.select_related("section__plan__owner").get(
            section__plan=plans.plans[plan_key], number=number,
        )
    for key, (leads, cooperating) in PLAN_BREAKDOWN.items():
        plan = plans.plans[PLAN_ITEMS[key][0]]
        manager = manager_of[PLAN_OWNERS[PLAN_ITEMS[key][0]][0]]
        row = TaskInput(lead_units=[world.units[k] for k in leads],
                        cooperating_units=[world.units[k] for k in cooperating], deadline=date(plan.year, 12, 31))
        [plans.tasks[key]] = item_breakdown_save(item=plans.items[key], rows=[row], saved_by=manager)
    for key, (task_key, unit_key, reporter, approver) in PLAN_REPORTS.items():
        files = [SimpleUploadedFile(name, content) for r, name, content in PLAN_EVIDENCE.values() if r == key]
        report = report_submit(task=plans.tasks[task_key], org_unit=world.units[unit_key], month=PLAN_MONTH,
                               status=ProgressStatus.IN_PROGRESS, percent=40, narrative=f"{key}进展顺利",
                               files=files, submitted_by=world.users[reporter])
        if approver:
            report = report_review(report=report, approve=True, reviewed_by=world.users[approver])
        plans.reports[key] = report
    for key, (report_key, name, _) in PLAN_EVIDENCE.items():
        plans.evidence[key] = plans.reports[report_key].evidence.get(name=name)
    for key, (task_key, unit_key) in PLAN_NOTICES.items():
        plans.notices[key] = notice_issue(task=plans.tasks[task_key], org_unit=world.units[unit_key],
                                          reason="进度滞后,请说明原因", reply_due=timezone.localdate() + timedelta(days=7),
                                          issued_by=world.users["section_staff"])
    return plans


def plans_of(world: World) -> PlanWorld:
    """The world's plans, built on first use (the world needs its users)."""
    if world.plans is None:
        world.plans = build_plans(world)
    return world.plans


# ---- registries (classes, students, staff) over the world, for the registry views ----------------
#
# Built on demand by registry_of(): one class in each school but 潜江市特殊教育学校 (CS), whose
# student has no class; every school has a student and a member of staff. Person names contain
# no unit name and no other person's name, so a "name in page" check cannot match by accident.
# Identity numbers are fixed (valid, sex and birth date agreeing) so tests can look for them.

# class key: (school key, school year, grade, name)
REGISTRY_CLASSES = {
    "CA1": ("A1", "2024-2025", 1, "1班"),
    "CA2": ("A2", "2024-2025", 7, "2班"),
    "CB1": ("B1", "2024-2025", 1, "3班"),
    "CX1": ("X1", "2024-2025", 10, "4班"),
}
# person key: (school key, class key or None, name, identity number or None)
REGISTRY_STUDENTS = {
    "SA1": ("A1", "CA1", "林晓雨", "429005201703150021"),
    "SA2": ("A1", "CA1", "高子轩", None),  # no identity number: an L 学籍号 (NO_ID_STUDENT)
    "SA3": ("A2", "CA2", "韩梦琪", "429005201103020047"),
    "SB1": ("B1", "CB1", "唐思远", "429005201704110013"),
    "SC1": ("CS", None, "梁静怡", "429005201205200065"),
    "SX1": ("X1", "CX1", "宋佳豪", "429004200809090038"),
}
NO_ID_STUDENT = {"birth_date": date(2017, 6, 1), "sex": Sex.MALE, "xuejihao": "L429005201706010017"}
REGISTRY_TEACHERS = {
    "TA1": ("A1", None, "蒋文华", "429005198002140029"),
    "TA2": ("A2", None, "沈建国", "42900519750606001X"),  # an X check digit
    "TB1": ("B1", None, "曹丽娟", "429005198811110049"),
    "TC1": ("CS", None, "彭国强", "429005197012120051"),
    "TX1": ("X1", None, "袁志刚", "429004198304040078"),
}


@dataclass
class RegistryWorld:
    classes: dict = field(default_factory=dict)
    students: dict = field(default_factory=dict)
    teachers: dict = field(default_factory=dict)

    def people_named_in(self, text: str) -> set[str]:
        """Keys of the students and staff whose name appears in `text`."""
        people = {**self.students, **self.teachers}
        return {key for key, person in people.items() if person.name in text}


def build_registry(world: World) -> RegistryWorld:
    """The classes, students and staff of REGISTRY_* in the world's schools."""
    registry = RegistryWorld()
    for key, (school, year, grade, name) in REGISTRY_CLASSES.items():
        registry.classes[key] = ClassGroupFactory(school=world.units[school], school_year=year, grade=grade, name=name)
    for key, (school, class_key, name, number) in REGISTRY_STUDENTS.items():
        person = {"birth_date": id_birth_date(number), "sex": id_sex(number)} if number else NO_ID_STUDENT
        registry.students[key] = StudentFactory(
            school=world.units[school], class_group=registry.classes.get(class_key), name=name, id_number=number,
            **person,
        )
    for key, (school, _, name, number) in REGISTRY_TEACHERS.items():
        registry.teachers[key] = TeacherFactory(
            school=world.units[school], name=name, id_number=number, birth_date=id_birth_date(number),
            sex=id_sex(number),
        )
    return registry


def registry_of(world: World) -> RegistryWorld:
    """The world's registries, built on first use."""
    if world.registry is None:
        world.registry = build_registry(world)
    return world.registry
