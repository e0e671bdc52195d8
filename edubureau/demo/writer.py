"""Set-wise writes of the demo city: read what is stored, then upsert only the rows that differ.

Each model costs a handful of queries however many rows it has: one read of the stored
rows, bulk upserts (INSERT … ON CONFLICT DO UPDATE on SQLite and PostgreSQL) and one read
of the keys. Rows equal to what is stored are not written at all, so a second run with the
same seed leaves the database exactly as it was (timestamps included) and reports 0 changes.

Instances are validated in Python with full_clean() before the write. Uniqueness and
constraints are left to the database and foreign keys are excluded, because Django checks
each of those with a query per row.
"""
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Model

from edubureau.accounts.models import AuditAction, AuditLog, Membership, User
from edubureau.accounts.services import AUDIT_CATEGORY_ACCESS
from edubureau.demo.specs import UnitSpec
from edubureau.demo.users import UserSpec
from edubureau.orgs.models import OrgUnit, SchoolProfile
from edubureau.orgs.services import build_path

AUDIT_DETAIL_DEMO = "示范城市生成"

_UNIT_FIELDS = ("name", "kind", "parent_id", "path", "level", "division_code", "sort_order")
_PROFILE_FIELDS = (
    "school_code", "stage", "ownership", "is_puhui", "locality", "is_boarding", "status", "address", "principal",
)
_USER_FIELDS = ("full_name", "password", "is_staff", "is_superuser", "is_active")


@dataclass
class WriteCount:
    created: int = 0
    updated: int = 0


def _differs(stored: Model, new: Model, fields: tuple[str, ...]) -> bool:
    return any(getattr(stored, f) != getattr(new, f) for f in fields)


def _count(pending: list[Model], stored: dict, key) -> WriteCount:
    updated = sum(1 for obj in pending if key(obj) in stored)
    return WriteCount(created=len(pending) - updated, updated=updated)


def _by_depth(specs: list[UnitSpec]) -> list[list[UnitSpec]]:
    """Group specs by tree depth (parents come before children in `specs`)."""
    depth: dict[str, int] = {}
    groups: dict[int, list[UnitSpec]] = defaultdict(list)
    for spec in specs:
        depth[spec.code] = depth[spec.parent_code] + 1 if spec.parent_code else 1
        groups[depth[spec.code]].append(spec)
    return [groups[d] for d in sorted(groups)]


def _unit(spec: UnitSpec, parent: OrgUnit | None) -> OrgUnit:
    path, level = build_path(parent, spec.code)
    unit = OrgUnit(
        code=spec.code, name=spec.name, kind=spec.kind, parent=parent, path=path, level=level,
        division_code=spec.division_code, sort_order=spec.sort_order,
    )
    unit.full_clean(exclude=["parent"], validate_unique=False, validate_constraints=False)
    return unit


def upsert_units(specs: list[UnitSpec]) -> tuple[WriteCount, dict[str, OrgUnit]]:
    """Write the units level by level (a child's path needs its parent's row) keyed by code."""
    stored = {u.code: u for u in OrgUnit.objects.filter(code__in=[s.code for s in specs])}
    units: dict[str, OrgUnit] = {}
    total = WriteCount()
    for group in _by_depth(specs):
        built = [_unit(spec, units.get(spec.parent_code)) for spec in group]
        pending = [u for u in built if u.code not in stored or _differs(stored[u.code], u, _UNIT_FIELDS)]
        OrgUnit.objects.bulk_create(
            pending, update_conflicts=True, unique_fields=["code"],
            update_fields=["name", "kind", "parent", "path", "level", "division_code", "sort_order", "updated_at"],
        )
        pks = dict(OrgUnit.objects.filter(code__in=[u.code for u in pending]).values_list("code", "pk"))
        for unit in built:
            unit.pk = pks.get(unit.code) or stored[unit.code].pk
            units[unit.code] = unit
        count = _count(pending, stored, lambda u: u.code)
        total.created, total.updated = total.created + count.created, total.updated + count.updated
    return total, units


def upsert_profiles(specs: list[UnitSpec], units: dict[str, OrgUnit]) -> WriteCount:
    """Write the SchoolProfile of every school spec, keyed by its unit."""
    schools = [s for s in specs if s.school is not None]
    stored = {p.org_unit_id: p for p in SchoolProfile.objects.filter(org_unit__in=[units[s.code] for s in schools])}
    pending = []
    for spec in schools:
        profile = SchoolProfile(org_unit=units[spec.code], school_code=spec.code, **spec.school.profile_fields())
        profile.full_clean(exclude=["org_unit"], validate_unique=False, validate_constraints=False)
        if profile.org_unit_id not in stored or _differs(stored[profile.org_unit_id], profile, _PROFILE_FIELDS):
            pending.append(profile)
    SchoolProfile.objects.bulk_create(
        pending, update_conflicts=True, unique_fields=["org_unit"], update_fields=[*_PROFILE_FIELDS, "updated_at"],
    )
    return _count(pending, stored, lambda p: p.org_unit_id)


def upsert_users(specs: list[UserSpec], password_hash: str) -> tuple[WriteCount, dict[str, User]]:
    """Write the demo users keyed by username, all with the same (demo) password hash."""
    usernames = [s.username for s in specs]
    stored = {u.username: u for u in User.objects.filter(username__in=usernames)}
    pending = []
    for spec in specs:
        user = User(
            username=spec.username, full_name=spec.full_name, password=password_hash,
            is_staff=spec.is_superuser, is_superuser=spec.is_superuser, is_active=True,
        )
        user.full_clean(validate_unique=False, validate_constraints=False)
        if user.username not in stored or _differs(stored[user.username], user, _USER_FIELDS):
            pending.append(user)
    User.objects.bulk_create(
        pending, update_conflicts=True, unique_fields=["username"], update_fields=list(_USER_FIELDS),
    )
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    return _count(pending, stored, lambda u: u.username), users


def grant_memberships(specs: list[UserSpec], users: dict[str, User], units: dict[str, OrgUnit]) -> int:
    """Add the memberships the demo users lack (never removing any) and audit-log each grant."""
    user_pks = [users[s.username].pk for s in specs]
    stored = set(Membership.objects.filter(user__in=user_pks).values_list("user_id", "org_unit_id", "role"))
    new = [
        Membership(user=users[spec.username], org_unit=units[code], role=spec.role)
        for spec in specs for code in spec.unit_codes
        if (users[spec.username].pk, units[code].pk, spec.role) not in stored
    ]
    for membership in new:
        membership.full_clean(exclude=["user", "org_unit"], validate_unique=False, validate_constraints=False)
    Membership.objects.bulk_create(new, ignore_conflicts=True)
    _audit_grants(new, user_pks)
    return len(new)


def _audit_grants(memberships: list[Membership], user_pks: list[int]) -> None:
    """One 授权 audit row per new membership, as accounts.services.membership_grant writes."""
    if not memberships:
        return
    rows = Membership.objects.filter(user__in=user_pks).values_list("pk", "user_id", "org_unit_id", "role")
    pks = {(user_id, unit_id, role): pk for pk, user_id, unit_id, role in rows}
    AuditLog.objects.bulk_create(
        AuditLog(
            user=None, username="", action=AuditAction.GRANT, category=AUDIT_CATEGORY_ACCESS,
            object_type=Membership._meta.label, object_id=str(pks[(m.user_id, m.org_unit_id, m.role)]),
            object_repr=str(m)[:200], detail=AUDIT_DETAIL_DEMO,
        )
        for m in memberships
    )
