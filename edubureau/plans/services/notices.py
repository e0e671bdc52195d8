"""Supervision notices (督办单) for lagging tasks, and the units' replies."""
import datetime

from django.db import transaction
from django.utils import timezone

from edubureau.accounts.scoping import can_capture_for, can_manage_plans
from edubureau.core.exceptions import ApplicationError
from edubureau.orgs.models import OrgUnit
from edubureau.plans.models import NoticeStatus, SupervisionNotice, Task

NOTICE_NOT_ALLOWED = "只有科室人员或系统管理员可以下发督办单"
NOTICE_UNIT_NOT_RESPONSIBLE = "被督办单位不是这项任务的责任单位"
NOTICE_DUE_IN_PAST = "回复期限不能早于今天"
NOTICE_REASON_REQUIRED = "请填写督办事由"
NOTICE_REPLY_NOT_ALLOWED = "您不能代表被督办单位回复"
NOTICE_REPLY_REQUIRED = "请填写回复内容"
NOTICE_CLOSED = "该督办单已办结"


def _next_number(year: int) -> str:
    prefix = f"督办〔{year}〕"
    count = SupervisionNotice.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1}号"


@transaction.atomic
def notice_issue(*, task: Task, org_unit: OrgUnit, reason: str, reply_due: datetime.date, issued_by) -> SupervisionNotice:
    """Send a 督办单 to one responsible unit of a task."""
    if not can_manage_plans(issued_by, task.item.section.plan.owner):
        raise ApplicationError(NOTICE_NOT_ALLOWED)
    if not task.task_units.filter(org_unit=org_unit).exists():
        raise ApplicationError(NOTICE_UNIT_NOT_RESPONSIBLE)
    if not reason.strip():
        raise ApplicationError(NOTICE_REASON_REQUIRED)
    today = timezone.localdate()
    if reply_due < today:
        raise ApplicationError(NOTICE_DUE_IN_PAST)
    notice = SupervisionNotice(
        task=task, org_unit=org_unit, number=_next_number(today.year), reason=reason.strip(),
        reply_due=reply_due, issued_by=issued_by,
    )
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def notice_reply(*, notice: SupervisionNotice, reply: str, replied_by) -> SupervisionNotice:
    """The unit answers the notice (it may amend its reply until the notice is closed)."""
    if notice.status == NoticeStatus.CLOSED:
        raise ApplicationError(NOTICE_CLOSED)
    if not can_capture_for(replied_by, notice.org_unit):
        raise ApplicationError(NOTICE_REPLY_NOT_ALLOWED)
    if not reply.strip():
        raise ApplicationError(NOTICE_REPLY_REQUIRED)
    notice.reply, notice.replied_by, notice.replied_at = reply.strip(), replied_by, timezone.now()
    notice.status = NoticeStatus.REPLIED
    notice.save(update_fields=["reply", "replied_by", "replied_at", "status", "updated_at"])
    return notice


def notice_close(*, notice: SupervisionNotice, closed_by) -> SupervisionNotice:
    if not can_manage_plans(closed_by, notice.task.item.section.plan.owner):
        raise ApplicationError(NOTICE_NOT_ALLOWED)
    notice.status = NoticeStatus.CLOSED
    notice.save(update_fields=["status", "updated_at"])
    return notice
