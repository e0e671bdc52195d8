"""Reads for the demo: which accounts still sign in with the demo password."""
from dataclasses import dataclass

from django.db.models import Prefetch

from edubureau.accounts.models import Membership, User
from edubureau.accounts.roles import Role

# The order the logins table lists roles in: from the whole city down to one school.
ROLE_ORDER = (
    Role.SYSADMIN, Role.LEADER, Role.SECTION_STAFF, Role.DISTRICT_ADMIN,
    Role.SCHOOL_ADMIN, Role.INSPECTOR, Role.PSYCHOLOGIST,
)
_RANK = {role: rank for rank, role in enumerate(ROLE_ORDER)}
_ROLE_LABELS = dict(Role.choices)
NO_MEMBERSHIP = "—"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role_label: str
    unit_name: str


def _login(user: User) -> tuple[tuple, DemoLogin]:
    memberships = sorted(user.memberships.all(), key=lambda m: (_RANK.get(m.role, len(_RANK)), m.org_unit.path))
    if not memberships:
        login = DemoLogin(user.username, user.full_name, NO_MEMBERSHIP, NO_MEMBERSHIP)
        return (len(_RANK) + 1, "", user.username), login
    first = memberships[0]
    same_role = [m for m in memberships if m.role == first.role]
    unit_name = first.org_unit.name if len(same_role) == 1 else f"{first.org_unit.name}等{len(same_role)}个单位"
    # Users of one unit sort by where it sits in the tree; users of several (督学) by username.
    sort_key = (_RANK.get(first.role, len(_RANK)), first.org_unit.path if len(same_role) == 1 else "", user.username)
    return sort_key, DemoLogin(user.username, user.full_name, _ROLE_LABELS.get(first.role, first.role), unit_name)


def demo_logins(*, password_hash: str) -> list[DemoLogin]:
    """Every user whose password is still the demo password, ordered by role, then by org tree.

    `password_hash` is services.demo_password_hash(): the demo hashes with a fixed salt, so a
    user who changed the password (or any other account) is not listed. Two queries.
    """
    memberships = Membership.objects.select_related("org_unit")
    users = User.objects.filter(password=password_hash).prefetch_related(Prefetch("memberships", queryset=memberships))
    return [login for _, login in sorted((_login(u) for u in users), key=lambda pair: pair[0])]
