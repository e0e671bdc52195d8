"""Monthly progress reports (进展报送) and their review by the lead unit."""
import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from edubureau.accounts.scoping import can_capture_for
from edubureau.core.exceptions import ApplicationError
from edubureau.orgs.models import OrgUnit
from edubureau.plans.models import (
    PlanStatus, ProgressEvidence, ProgressReport, ProgressStatus, ReviewStatus, Task, TaskUnitRole,
)

REPORT_UNIT_NOT_RESPONSIBLE = "该单位不是这项任务的责任单位,不能报送进展"
REPORT_NOT_ALLOWED = "您不能代表该单位报送进展"
REPORT_PLAN_NOT_PUBLISHED = "工作要点尚未发布,暂不能报送进展"
REPORT_FUTURE_MONTH = "不能报送未来月份的进展"
REPORT_MONTH_OUTSIDE_YEAR = "只能报送 {year} 年各月的进展"
REPORT_ALREADY_APPROVED = "该月进展已审核通过,不能再修改"
REPORT_PERCENT_RANGE = "完成百分比应在 0 到 100 之间"
REPORT_DONE_NOT_100 = "状态为“已完成”时,完成百分比应为 100"
REPORT_NARRATIVE_REQUIRED = "请填写本月进展情况;如本月确无新进展,请勾选“本月无新进展”"
REVIEW_NOT_ALLOWED = "只有牵头单位可以审核该任务的进展"
REVIEW_NOT_PENDING = "该报送已审核,不能重复审核"
REVIEW_RETURN_NEEDS_REASON = "退回时请填写退回理由"
EVIDENCE_TOO_LARGE = "佐证材料“{name}”超过 20MB,请压缩后上传"
EVIDENCE_BAD_TYPE = "佐证材料“{name}”的格式不支持,请上传 PDF、Word、Excel、图片或压缩包"

EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
EVIDENCE_SUFFIXES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".zip", ".rar", ".txt"}


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _check_report(*, task: Task, org_unit: OrgUnit, month: datetime.date, user, status: str, percent: int) -> None:
    if task.item.section.plan.status != PlanStatus.PUBLISHED:
        raise ApplicationError(REPORT_PLAN_NOT_PUBLISHED)
    if not task.task_units.filter(org_unit=org_unit).exists():
        raise ApplicationError(REPORT_UNIT_NOT_RESPONSIBLE)
    if not can_capture_for(user, org_unit):
        raise ApplicationError(REPORT_NOT_ALLOWED)
    if month > first_of_month(timezone.localdate()):
        raise ApplicationError(REPORT_FUTURE_MONTH)
    if month.year != task.item.section.plan.year:
        raise ApplicationError(REPORT_MONTH_OUTSIDE_YEAR.format(year=task.item.section.plan.year))
    if not 0 <= percent <= 100:
        raise ApplicationError(REPORT_PERCENT_RANGE)
    if status == ProgressStatus.DONE and percent != 100:
        raise ApplicationError(REPORT_DONE_NOT_100)


def _check_evidence(files) -> None:
    for f in files:
        if f.size > EVIDENCE_MAX_BYTES:
            raise ApplicationError(EVIDENCE_TOO_LARGE.format(name=f.name))
        if Path(f.name).suffix.lower() not in EVIDENCE_SUFFIXES:
            raise ApplicationError(EVIDENCE_BAD_TYPE.format(name=f.name))


@transaction.atomic
def report_submit(
    *, task: Task, org_unit: OrgUnit, month: datetime.date, status: str, percent: int, narrative: str,
    is_nil: bool = False, files=(), submitted_by,
) -> ProgressReport:
    """Submit (or resubmit, until approved) one unit's report on a task for a month."""
    month = first_of_month(month)
    _check_report(task=task, org_unit=org_unit, month=month, user=submitted_by, status=status, percent=percent)
    if not is_nil and not narrative.strip():
        raise ApplicationError(REPORT_NARRATIVE_REQUIRED)
    _check_evidence(files)
    report = ProgressReport.objects.select_for_update().filter(task=task, org_unit=org_unit, month=month).first()
    if report and report.review_status == ReviewStatus.APPROVED:
        raise ApplicationError(REPORT_ALREADY_APPROVED)
    report = report or ProgressReport(task=task, org_unit=org_unit, month=month)
    report.status, report.percent, report.narrative, report.is_nil = status, percent, narrative.strip(), is_nil
    report.submitted_by, report.submitted_at = submitted_by, timezone.now()
    report.review_status, report.reviewed_by, report.reviewed_at, report.review_comment = (
        ReviewStatus.SUBMITTED, None, None, "",
    )
    report.full_clean()
    report.save()
    ProgressEvidence.objects.bulk_create(ProgressEvidence(report=report, file=f, name=f.name[:200]) for f in files)
    return report


def can_review(user, task: Task) -> bool:
    """The lead unit reviews: a user who may capture for one of the task's lead units."""
    leads = [tu.org_unit for tu in task.task_units.select_related("org_unit") if tu.role == TaskUnitRole.LEAD]
    return any(can_capture_for(user, unit) for unit in leads)


@transaction.atomic
def report_review(*, report: ProgressReport, approve: bool, comment: str = "", reviewed_by) -> ProgressReport:
    """Approve a submitted report, or return it to the unit with a reason."""
    if not can_review(reviewed_by, report.task):
        raise ApplicationError(REVIEW_NOT_ALLOWED)
    if report.review_status != ReviewStatus.SUBMITTED:
        raise ApplicationError(REVIEW_NOT_PENDING)
    if not approve and not comment.strip():
        raise ApplicationError(REVIEW_RETURN_NEEDS_REASON)
    report.review_status = ReviewStatus.APPROVED if approve else ReviewStatus.RETURNED
    report.review_comment, report.reviewed_by, report.reviewed_at = comment.strip(), reviewed_by, timezone.now()
    report.save(update_fields=["review_status", "review_comment", "reviewed_by", "reviewed_at", "updated_at"])
    return report
