"""The audit log: one exact row per sensitive read or access change, written by audit() and the grant services."""
import pytest
from django.contrib.auth.models import AnonymousUser

from edubureau.accounts.audit import audit
from edubureau.accounts.models import AuditAction, AuditLog, Membership
from edubureau.accounts.roles import Role
from edubureau.accounts.services import AUDIT_CATEGORY_ACCESS, membership_grant, membership_revoke
from edubureau.accounts.tests.factories import UserFactory
from edubureau.orgs.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

ROW_FIELDS = ("user", "username", "action", "category", "object_type", "object_id", "object_repr", "detail")


def row(log: AuditLog) -> dict:
    return {f: getattr(log, f) for f in ROW_FIELDS}


def test_audit_writes_one_exact_row():
    user = UserFactory(username="duxue1")
    school = SchoolFactory(name="园林六小").org_unit

    log = audit(user, AuditAction.READ, school, "身份证号", detail="查看学生名册")

    assert list(AuditLog.objects.all()) == [log]
    assert row(AuditLog.objects.get()) == {
        "user": user, "username": "duxue1", "action": AuditAction.READ, "category": "身份证号",
        "object_type": "orgs.OrgUnit", "object_id": str(school.pk), "object_repr": "园林六小", "detail": "查看学生名册",
    }
    assert log.at is not None


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_audit_without_a_signed_in_user_records_no_user(actor):
    school = SchoolFactory().org_unit
    audit(actor, AuditAction.EXPORT, school, "学生名册")
    assert (AuditLog.objects.get().user, AuditLog.objects.get().username) == (None, "")


def test_audit_truncates_repr_and_detail_to_their_columns():
    school = SchoolFactory().org_unit
    school.name = "校" * 250  # in memory only: str() of a unit is its name
    audit(None, AuditAction.READ, school, "残疾信息", detail="说" * 600)
    log = AuditLog.objects.get()
    assert (log.object_repr, log.detail) == ("校" * 200, "说" * 500)


def test_membership_grant_is_idempotent_and_audited_once():
    admin, user = UserFactory(username="admin"), UserFactory()
    unit = SchoolFactory().org_unit

    first = membership_grant(user=user, org_unit=unit, role=Role.SCHOOL_ADMIN, granted_by=admin)
    second = membership_grant(user=user, org_unit=unit, role=Role.SCHOOL_ADMIN, granted_by=admin)

    assert (first, Membership.objects.count(), AuditLog.objects.count()) == (second, 1, 1)
    assert row(AuditLog.objects.get()) == {
        "user": admin, "username": "admin", "action": AuditAction.GRANT, "category": AUDIT_CATEGORY_ACCESS,
        "object_type": "accounts.Membership", "object_id": str(first.pk), "object_repr": str(first), "detail": "",
    }


def test_membership_revoke_deletes_and_writes_one_row():
    admin = UserFactory(username="admin")
    membership = membership_grant(
        user=UserFactory(), org_unit=SchoolFactory().org_unit, role=Role.INSPECTOR, granted_by=None,
    )
    pk, text = membership.pk, str(membership)

    membership_revoke(membership=membership, revoked_by=admin)

    assert Membership.objects.count() == 0
    assert [row(r) for r in AuditLog.objects.filter(action=AuditAction.REVOKE)] == [{
        "user": admin, "username": "admin", "action": AuditAction.REVOKE, "category": AUDIT_CATEGORY_ACCESS,
        "object_type": "accounts.Membership", "object_id": str(pk), "object_repr": text, "detail": "",
    }]
    assert AuditLog.objects.count() == 2  # the grant and the revoke
