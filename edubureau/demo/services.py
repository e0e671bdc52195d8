"""Build the demo city: a deterministic, Qianjiang-like org tree, school profiles, users for every role
and the 2024 work plan (published, broken down, with March–October progress; see demo.plan_demo).

`build_demo_city(seed=1, scale="full")` is idempotent: units are keyed by code, profiles by
unit, users by username and memberships by (user, unit, role); rows that already hold the
generated values are left untouched, and the plan is loaded only if the city has no 2024 plan
yet, so running it twice with the same seed leaves the database identical. Nothing the demo
did not generate is changed or deleted. What each scale contains is documented in demo.tree
(units, schools), demo.users (logins) and demo.plan_catalog (the plan's breakdown and story).
"""
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from edubureau.core.exceptions import ApplicationError
from edubureau.demo.catalog import NAMED_SCHOOLS  # noqa: F401  (re-exported for later features)
from edubureau.demo.plan_demo import PlanDemoResult, build_demo_plan
from edubureau.demo.selectors import DemoLogin, demo_logins
from edubureau.demo.tree import full_tree, small_tree
from edubureau.demo.users import demo_users
from edubureau.demo.writer import grant_memberships, upsert_profiles, upsert_units, upsert_users

DEMO_PASSWORD = "Qianjiang@2024"
# A fixed salt gives the same hash on every run, so a rerun rewrites no user and the logins
# table can find the accounts still on the demo password. The password is public anyway. At
# 26 characters the salt has enough entropy that Django does not re-hash it at login.
DEMO_PASSWORD_SALT = "edubureauQianjiangDemo2024"
DEMO_SCALES = {"full": "完整", "small": "精简"}
DEMO_SCALE_INVALID = "规模参数“{scale}”无效,可选值为 full(完整,约300所学校)或 small(精简,供测试使用)"


@dataclass
class DemoResult:
    """What build_demo_city wrote (created/updated counts) and what the demo city now holds."""

    seed: int
    scale: str
    units_created: int = 0
    units_updated: int = 0
    schools_created: int = 0
    schools_updated: int = 0
    users_created: int = 0
    users_updated: int = 0
    memberships_created: int = 0
    units_by_kind: dict[str, int] = field(default_factory=dict)  # OrgKind value -> units generated
    schools_by_stage: dict[str, int] = field(default_factory=dict)  # Stage value -> schools generated
    users_total: int = 0
    logins: list[DemoLogin] = field(default_factory=list)
    plan: PlanDemoResult | None = None

    @property
    def units_total(self) -> int:
        return sum(self.units_by_kind.values())

    @property
    def schools_total(self) -> int:
        return sum(self.schools_by_stage.values())


def demo_password_hash() -> str:
    """The stored form of DEMO_PASSWORD under the current PASSWORD_HASHERS (computed once per call)."""
    return make_password(DEMO_PASSWORD, salt=DEMO_PASSWORD_SALT)


def check_scale(scale: str) -> None:
    if scale not in DEMO_SCALES:
        raise ApplicationError(DEMO_SCALE_INVALID.format(scale=scale))


@transaction.atomic
def build_demo_city(*, seed: int = 1, scale: str = "full") -> DemoResult:
    """Create or update the demo city for `seed` at `scale` ("full" or "small") in one transaction.

    Deterministic: every random choice comes from random.Random streams seeded with `seed`.
    Raises ApplicationError (DEMO_SCALE_INVALID) for an unknown scale, before writing anything.
    """
    check_scale(scale)
    specs = full_tree(seed) if scale == "full" else small_tree(seed)
    units_written, units = upsert_units(specs)
    schools_written = upsert_profiles(specs, units)
    password_hash = demo_password_hash()
    user_specs = demo_users(seed=seed, unit_codes=set(units))
    users_written, users = upsert_users(user_specs, password_hash)
    memberships_created = grant_memberships(user_specs, users, units)
    return DemoResult(
        seed=seed, scale=scale,
        units_created=units_written.created, units_updated=units_written.updated,
        schools_created=schools_written.created, schools_updated=schools_written.updated,
        users_created=users_written.created, users_updated=users_written.updated,
        memberships_created=memberships_created,
        units_by_kind=dict(Counter(str(s.kind) for s in specs)),
        schools_by_stage=dict(Counter(str(s.school.stage) for s in specs if s.school)),
        users_total=len(users),
        logins=demo_logins(password_hash=password_hash),
        plan=build_demo_plan(seed=seed, units=units, users=users),
    )
