"""Writes of the 控辍保学 workflow, and the audited read of disability plans.

case_transition      the one way a case changes status: checks TRANSITIONS and CLOSING_EVIDENCE,
                     saves, records a CaseTransition (who, when, note)
case_assign          the responsible persons (包片包村包人)
visit_log            a home visit on an open case
outside_study_record a child known to study outside the city, with proof
disability_plan_read a 一人一案 plan: scope, then accounts.view_disability, then one audit row
"""
import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from edubureau.accounts.audit import audit
from edubureau.accounts.models import AuditAction
from edubureau.accounts.roles import SensitivePerm
from edubureau.accounts.scoping import can_capture_for, in_scope
from edubureau.core.exceptions import ApplicationError
from edubureau.core.idnumbers import encrypt_id, id_hash, validate_id_number
from edubureau.dropout.models import (
    CLOSED_STATUSES, CLOSING_EVIDENCE, TRANSITIONS, CaseStatus, CaseTransition, DisabilityPlan, DropoutCase,
    OutsideStudy, Visit,
)
from edubureau.orgs.models import OrgUnit

CASE_TRANSITION_REFUSED = "案件不能从“{current}”改为“{target}”"
CASE_EVIDENCE_MISSING = "以“{reason}”结案,须提供:{fields}"
CASE_NOT_CAPTURABLE = "您无权处理“{unit}”的案件"
CASE_CLOSED_NO_VISIT = "案件已结案,不能再登记走访"
VISIT_IN_FUTURE = "走访日期不能晚于今天"
CLOSING_DATE_IN_FUTURE = "结案所填日期不能晚于今天"
CLOSING_SCHOOL_NOT_SCHOOL = "复学/就读学校须选择一所学校"
DISABILITY_FORBIDDEN = "您没有查看残疾信息的权限"
NOT_FOUND = "未找到该对象"
AUDIT_CATEGORY_DISABILITY = "残疾信息"
EVIDENCE_LABELS = {
    "closing_school": "复学/就读学校", "closing_date": "日期", "receiving_school": "外地就读学校",
    "receiving_place": "外地就读地", "closing_note": "结案说明", "proof": "证明材料(文件或说明)",
}
EVIDENCE_FIELDS = ("closing_school", "closing_date", "receiving_school", "receiving_place", "proof_reference",
                   "proof_file", "closing_note")


def _check_may_handle(case: DropoutCase, actor) -> None:
    """Invisible cases answer 404 like missing ones; visible but not capturable ones 403."""
    if actor is None:
        return  # the system (matcher, commands)
    if not in_scope(actor, case.unit):
        raise Http404(NOT_FOUND)
    if not can_capture_for(actor, case.unit):
        raise PermissionDenied(CASE_NOT_CAPTURABLE.format(unit=case.unit.name))


def missing_evidence(case: DropoutCase, status: str) -> list[str]:
    """Labels of the evidence `status` needs that `case` lacks (CLOSING_EVIDENCE)."""
    missing = []
    for name in CLOSING_EVIDENCE.get(status, ()):
        if name == "proof":
            present = bool(case.proof_reference.strip() or case.proof_file)
        else:
            value = getattr(case, f"{name}_id" if name == "closing_school" else name)
            present = bool(value.strip()) if isinstance(value, str) else value is not None
        if not present:
            missing.append(EVIDENCE_LABELS[name])
    return missing


@transaction.atomic
def case_transition(*, case: DropoutCase, to_status: str, actor, note: str = "",
                    evidence: dict | None = None) -> CaseTransition:
    """Move `case` to `to_status` if TRANSITIONS allows it; closing also needs the reason's evidence
    (given in `evidence`, keys among EVIDENCE_FIELDS, or already on the case). Raises
    ApplicationError (nothing saved) when refused; records a CaseTransition otherwise."""
    _check_may_handle(case, actor)
    current = case.status
    if to_status not in TRANSITIONS.get(current, ()):
        raise ApplicationError(CASE_TRANSITION_REFUSED.format(
            current=CaseStatus(current).label, target=CaseStatus(to_status).label))
    for name, value in (evidence or {}).items():
        if name not in EVIDENCE_FIELDS:
            raise ValueError(f"not an evidence field: {name}")
        setattr(case, name, value)
    if to_status in CLOSED_STATUSES:
        _check_evidence(case, to_status)
        case.closed_at = timezone.now()
    case.status = to_status
    case.full_clean()
    case.save()
    return CaseTransition.objects.create(case=case, from_status=current, to_status=to_status, by=actor, note=note)


def _check_evidence(case: DropoutCase, status: str) -> None:
    missing = missing_evidence(case, status)
    if missing:
        raise ApplicationError(CASE_EVIDENCE_MISSING.format(reason=CaseStatus(status).label, fields="、".join(missing)))
    if case.closing_date and case.closing_date > timezone.localdate():
        raise ApplicationError(CLOSING_DATE_IN_FUTURE)
    if case.closing_school_id and not case.closing_school.is_school:
        raise ApplicationError(CLOSING_SCHOOL_NOT_SCHOOL)


@transaction.atomic
def case_assign(*, case: DropoutCase, actor, town_unit: OrgUnit | None = None, village: str = "",
                responsible_school: OrgUnit | None = None, responsible_teacher: str = "") -> DropoutCase:
    """Set the responsible persons of a case (包片: town unit, 包村: village, 包人: school and teacher)."""
    _check_may_handle(case, actor)
    case.town_unit, case.village = town_unit, village
    case.responsible_school, case.responsible_teacher = responsible_school, responsible_teacher
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def visit_log(*, case: DropoutCase, actor, visit_date: datetime.date, visitors: str, met: str, content: str,
              outcome: str, next_step: str = "") -> Visit:
    """Record a visit on an open case. Raises ApplicationError for a closed case or a future date."""
    _check_may_handle(case, actor)
    if not case.is_open:
        raise ApplicationError(CASE_CLOSED_NO_VISIT)
    if visit_date > timezone.localdate():
        raise ApplicationError(VISIT_IN_FUTURE)
    visit = Visit(case=case, visit_date=visit_date, visitors=visitors, met=met, content=content, outcome=outcome,
                  next_step=next_step, recorded_by=actor)
    visit.full_clean()
    visit.save()
    return visit


def outside_study_record(*, id_number: str, school_year: str, name: str, receiving_school: str,
                         receiving_place: str, actor, proof_reference: str = "", proof_file=None) -> OutsideStudy:
    """Record (or update) that a child studies outside the city in `school_year`, with proof."""
    number = validate_id_number(id_number)
    record = OutsideStudy.objects.filter(id_number_hash=id_hash(number), school_year=school_year).first()
    record = record or OutsideStudy(id_number_hash=id_hash(number), id_number_enc=encrypt_id(number),
                                    school_year=school_year)
    record.name, record.receiving_school, record.receiving_place = name, receiving_school, receiving_place
    record.proof_reference, record.recorded_by = proof_reference, actor
    if proof_file is not None:
        record.proof_file = proof_file
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def disability_plan_read(*, plan_id: int, user) -> DisabilityPlan:
    """The plan with its reviews, for someone who may see it: Http404 outside the user's scope
    (as for a missing plan), PermissionDenied without accounts.view_disability (nothing written),
    otherwise exactly one AuditLog row (READ, "残疾信息") in the same transaction."""
    plan = DisabilityPlan.objects.select_related("unit", "student", "population", "placement_school").filter(
        pk=plan_id).first()
    if plan is None or not in_scope(user, plan.unit):
        raise Http404(NOT_FOUND)
    if not user.has_perm(SensitivePerm.VIEW_DISABILITY.value):
        raise PermissionDenied(DISABILITY_FORBIDDEN)
    audit(user, AuditAction.READ, plan, AUDIT_CATEGORY_DISABILITY)
    return plan
