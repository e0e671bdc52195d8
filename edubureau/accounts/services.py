"""Writes to accounts: memberships are grants of access, so each one is audit-logged."""
from django.db import transaction

from edubureau.accounts.audit import audit
from edubureau.accounts.models import AuditAction, Membership, User
from edubureau.accounts.roles import Role
from edubureau.orgs.models import OrgUnit

AUDIT_CATEGORY_ACCESS = "访问权限"


@transaction.atomic
def membership_grant(*, user: User, org_unit: OrgUnit, role: Role, granted_by: User | None) -> Membership:
    """Give `user` the `role` at `org_unit` (idempotent) and record who granted it."""
    membership, created = Membership.objects.get_or_create(user=user, org_unit=org_unit, role=role)
    if role == Role.SYSADMIN and not user.is_staff:
        # The back office is where a 系统管理员 works; the role implies access to it.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if created:
        audit(granted_by, AuditAction.GRANT, membership, AUDIT_CATEGORY_ACCESS)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, revoked_by: User | None) -> None:
    """Remove a membership and record who removed it."""
    audit(revoked_by, AuditAction.REVOKE, membership, AUDIT_CATEGORY_ACCESS)
    membership.delete()
