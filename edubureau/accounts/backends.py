"""Permissions that follow from roles rather than from per-user grants."""
from django.contrib.auth.backends import BaseBackend

from edubureau.accounts.roles import Role, SensitivePerm

_CACHE_ATTR = "_edubureau_is_sysadmin"
_SENSITIVE = frozenset(SensitivePerm.values)


def is_sysadmin(user) -> bool:
    """True for an active user holding the 系统管理员 role anywhere (cached on the user object)."""
    if not user.is_active:
        return False
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = user.memberships.filter(role=Role.SYSADMIN).exists()
        setattr(user, _CACHE_ATTR, cached)
    return cached


class RolePermissionBackend(BaseBackend):
    """A 系统管理员 may manage users, the org tree and settings in the back office.

    Sensitive categories (identity numbers, disability, mental health) are never implied
    by the role: they need an explicit grant (PIPL; DESIGN.md "Users and scope").
    """

    def has_perm(self, user_obj, perm, obj=None):
        return perm not in _SENSITIVE and is_sysadmin(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return is_sysadmin(user_obj)
