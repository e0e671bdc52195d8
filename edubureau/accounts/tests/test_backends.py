"""The 系统管理员 role implies back-office permissions, never the sensitive-data ones."""
import pytest

from edubureau.accounts.models import AuditLog
from edubureau.accounts.roles import Role, SensitivePerm
from edubureau.accounts.services import membership_grant
from edubureau.accounts.tests.factories import UserFactory


@pytest.mark.parametrize("perm", ["orgs.change_orgunit", "accounts.add_membership", "accounts.view_auditlog"])
def test_sysadmin_role_has_back_office_permissions(world, perm):
    assert world.users["sysadmin"].has_perm(perm) is True
    assert world.users["sysadmin"].has_module_perms("orgs") is True


@pytest.mark.parametrize("perm", SensitivePerm.values)
def test_sysadmin_role_does_not_imply_sensitive_permissions(world, perm):
    assert world.users["sysadmin"].has_perm(perm) is False


@pytest.mark.parametrize("role_key", ["leader", "section_staff", "district_admin", "school_admin", "norole"])
def test_other_roles_get_no_back_office_permission(world, role_key):
    user = world.users[role_key]
    assert (user.has_perm("orgs.change_orgunit"), user.has_module_perms("orgs")) == (False, False)


def test_inactive_sysadmin_has_no_permission(world):
    user = world.users["sysadmin"]
    user.is_active = False
    assert user.has_perm("orgs.change_orgunit") is False


def test_granting_the_sysadmin_role_opens_the_back_office(world):
    user = UserFactory(is_staff=False)
    membership_grant(user=user, org_unit=world.units["C"], role=Role.SYSADMIN, granted_by=world.users["superuser"])
    user.refresh_from_db()
    assert user.is_staff is True
    assert AuditLog.objects.filter(object_type="accounts.Membership", username=world.users["superuser"].username).count() == 1


def test_granting_another_role_does_not_make_staff(world):
    user = UserFactory(is_staff=False)
    membership_grant(user=user, org_unit=world.units["A1"], role=Role.SCHOOL_ADMIN, granted_by=None)
    user.refresh_from_db()
    assert user.is_staff is False
