"""Writes and audited reads of the registries."""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from edubureau.accounts.audit import audit
from edubureau.accounts.models import AuditAction
from edubureau.accounts.roles import SensitivePerm
from edubureau.accounts.scoping import in_scope
from edubureau.core.idnumbers import decrypt_id
from edubureau.core.models import EncryptedIdNumber
from edubureau.registry.models import Student

ID_NUMBER_FORBIDDEN = "您没有查看完整身份证号的权限,只能看到打码后的号码"
NOT_FOUND = "未找到该对象"
AUDIT_CATEGORY_ID_NUMBER = "身份证号"
AUDIT_CATEGORY_XUEJIHAO = "学籍号"


def _check_may_reveal(*, obj, user) -> None:
    # Scope first, answering 404 like get_in_scope_or_404, so that the message never tells
    # someone outside the school that the record exists; then the PIPL permission on top.
    if not in_scope(user, obj.school):
        raise Http404(NOT_FOUND)
    if not user.has_perm(SensitivePerm.VIEW_ID_NUMBER.value):
        raise PermissionDenied(ID_NUMBER_FORBIDDEN)


@transaction.atomic
def reveal_id_number(*, obj: EncryptedIdNumber, user) -> str:
    """The full identity number of a student or teacher (anything with `school` and the mixin).

    Raises Http404 when obj's school is outside the user's scope and PermissionDenied
    (ID_NUMBER_FORBIDDEN) without accounts.view_id_number; nothing is written then. Otherwise
    writes exactly one AuditLog row (READ, "身份证号") in the same transaction and returns the
    number; a person with no number on record gives "" and no audit row (nothing was read).
    """
    _check_may_reveal(obj=obj, user=user)
    number = obj.decrypt_id_number()
    if number:
        audit(user, AuditAction.READ, obj, AUDIT_CATEGORY_ID_NUMBER)
    return number


@transaction.atomic
def reveal_xuejihao(*, obj: Student, user) -> str:
    """The full 学籍号 of a student, on the same terms as reveal_id_number (a G 学籍号 contains
    the identity number): scope, then accounts.view_id_number, then one audit row (READ, "学籍号")."""
    _check_may_reveal(obj=obj, user=user)
    audit(user, AuditAction.READ, obj, AUDIT_CATEGORY_XUEJIHAO)
    return decrypt_id(obj.xuejihao_enc)
