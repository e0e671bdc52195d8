"""reveal_id_number / reveal_xuejihao: scope, then the PIPL permission, then exactly one audit row."""
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404

from edubureau.accounts.models import AuditAction, AuditLog, User
from edubureau.accounts.roles import SensitivePerm
from edubureau.registry.choices import Sex
from edubureau.registry.services import (
    AUDIT_CATEGORY_ID_NUMBER, AUDIT_CATEGORY_XUEJIHAO, ID_NUMBER_FORBIDDEN, reveal_id_number, reveal_xuejihao,
)
from edubureau.registry.tests.factories import StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

NUMBER = "11010519491231002X"
AUDIT_FIELDS = ("user", "username", "action", "category", "object_type", "object_id", "object_repr", "detail")


def granted(user: User) -> User:
    """`user` with accounts.view_id_number, re-read so that no permission cache is stale."""
    codename = SensitivePerm.VIEW_ID_NUMBER.codename
    user.user_permissions.add(Permission.objects.get(content_type__app_label="accounts", codename=codename))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def student(world):
    return StudentFactory(
        school=world.units["A1"], id_number=NUMBER, sex=Sex.FEMALE, birth_date=date(1949, 12, 31), name="李小花",
    )


def test_reveal_with_the_permission_returns_the_number_and_audits_once(world, student):
    user = granted(world.users["school_admin"])

    assert reveal_id_number(obj=student, user=user) == NUMBER

    assert [{f: getattr(row, f) for f in AUDIT_FIELDS} for row in AuditLog.objects.all()] == [{
        "user": user, "username": "school_admin", "action": AuditAction.READ, "category": AUDIT_CATEGORY_ID_NUMBER,
        "object_type": "registry.Student", "object_id": str(student.pk), "object_repr": "李小花", "detail": "",
    }]


IN_SCOPE_ROLES = ["school_admin", "district_admin", "section_staff", "leader", "sysadmin", "psychologist"]


@pytest.mark.parametrize("role_key", IN_SCOPE_ROLES)
def test_reveal_without_the_permission_is_denied_and_not_audited(world, student, role_key):
    # In scope, but the role alone never implies the sensitive permission (not even 系统管理员).
    with pytest.raises(PermissionDenied) as info:
        reveal_id_number(obj=student, user=world.users[role_key])
    assert str(info.value) == ID_NUMBER_FORBIDDEN
    assert AuditLog.objects.count() == 0


@pytest.mark.parametrize("role_key", ["inspector", "norole"])
def test_reveal_outside_the_scope_is_not_found_even_with_the_permission(world, student, role_key):
    with pytest.raises(Http404):
        reveal_id_number(obj=student, user=granted(world.users[role_key]))
    assert AuditLog.objects.count() == 0


def test_reveal_by_anonymous_is_not_found(world, student):
    with pytest.raises(Http404):
        reveal_id_number(obj=student, user=AnonymousUser())
    assert AuditLog.objects.count() == 0


def test_superuser_may_reveal_and_is_audited(world, student):
    assert reveal_id_number(obj=student, user=world.users["superuser"]) == NUMBER
    assert AuditLog.objects.get().username == "superuser"


def test_reveal_a_teachers_number(world):
    teacher = TeacherFactory(school=world.units["B1"], id_number=NUMBER, name="张老师")
    user = granted(world.users["sysadmin"])
    assert reveal_id_number(obj=teacher, user=user) == NUMBER
    log = AuditLog.objects.get()
    assert (log.object_type, log.object_id, log.object_repr) == ("registry.Teacher", str(teacher.pk), "张老师")


def test_a_student_without_a_number_reveals_nothing_and_is_not_audited(world):
    student = StudentFactory(school=world.units["A1"], id_number=None)
    assert reveal_id_number(obj=student, user=granted(world.users["school_admin"])) == ""
    assert AuditLog.objects.count() == 0


def test_reveal_xuejihao_is_audited_under_its_own_category(world, student):
    user = granted(world.users["district_admin"])
    assert reveal_xuejihao(obj=student, user=user) == f"G{NUMBER}"
    assert list(AuditLog.objects.values_list("category", "action", "object_id")) == [
        (AUDIT_CATEGORY_XUEJIHAO, AuditAction.READ, str(student.pk)),
    ]
    with pytest.raises(PermissionDenied):
        reveal_xuejihao(obj=student, user=world.users["leader"])
    assert AuditLog.objects.count() == 1
