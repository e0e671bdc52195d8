"""Case transitions (every pair, allowed and refused), closing evidence, visits, assignment,
outside-study records and the audited read of disability plans."""
import itertools
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from edubureau.accounts.models import AuditAction, AuditLog, User
from edubureau.accounts.roles import SensitivePerm
from edubureau.core.exceptions import ApplicationError
from edubureau.core.idnumbers import build_id_number, id_hash
from edubureau.dropout.models import (
    CLOSED_STATUSES, TRANSITIONS, CaseSource, CaseStatus, CaseTransition, DisabilityPlan, DropoutCase, OutsideStudy,
    Placement, Visit,
)
from edubureau.dropout.services import (
    AUDIT_CATEGORY_DISABILITY, CASE_CLOSED_NO_VISIT, CASE_EVIDENCE_MISSING, CASE_NOT_CAPTURABLE,
    CASE_TRANSITION_REFUSED, CLOSING_DATE_IN_FUTURE, CLOSING_SCHOOL_NOT_SCHOOL, DISABILITY_FORBIDDEN, VISIT_IN_FUTURE,
    case_assign, case_transition, disability_plan_read, outside_study_record, visit_log,
)
from edubureau.registry.choices import DisabilityCategory, DisabilityLevel

pytestmark = pytest.mark.django_db

YESTERDAY = date(2024, 10, 8)


def make_case(world, status=CaseStatus.SUSPECTED, unit="A1") -> DropoutCase:
    return DropoutCase.objects.create(school_year="2024-2025", source=CaseSource.MANUAL, status=status,
                                      unit=world.units[unit], name="王小明", birth_date=date(2013, 5, 2))


def full_evidence(world) -> dict:
    return {"closing_school": world.units["A1"], "closing_date": YESTERDAY, "receiving_school": "深圳市实验学校",
            "receiving_place": "广东省深圳市", "proof_reference": "证明 2024-7", "closing_note": "已核实"}


ALL_PAIRS = list(itertools.product(CaseStatus.values, repeat=2))


@pytest.mark.parametrize(("current", "target"), [pair for pair in ALL_PAIRS if pair[1] in TRANSITIONS[pair[0]]])
def test_every_allowed_transition_is_made_and_recorded(world, current, target):
    case = make_case(world, current)
    actor = world.users["school_admin"]
    transition = case_transition(case=case, to_status=target, actor=actor, note="核查", evidence=full_evidence(world))
    case.refresh_from_db()
    assert case.status == target
    assert (case.closed_at is not None) == (target in CLOSED_STATUSES)
    assert list(CaseTransition.objects.values_list("id", "case", "from_status", "to_status", "by", "note")) == [
        (transition.id, case.id, current, target, actor.id, "核查")]


@pytest.mark.parametrize(("current", "target"), [pair for pair in ALL_PAIRS if pair[1] not in TRANSITIONS[pair[0]]])
def test_every_other_transition_is_refused_and_changes_nothing(world, current, target):
    case = make_case(world, current)
    with pytest.raises(ApplicationError) as info:
        case_transition(case=case, to_status=target, actor=world.users["school_admin"], evidence=full_evidence(world))
    assert info.value.message == CASE_TRANSITION_REFUSED.format(
        current=CaseStatus(current).label, target=CaseStatus(target).label)
    case.refresh_from_db()
    assert (case.status, case.closing_note, CaseTransition.objects.count()) == (current, "", 0)


MISSING = {
    CaseStatus.RETURNED: "复学/就读学校、日期",
    CaseStatus.HOME_TEACHING: "复学/就读学校、日期、证明材料(文件或说明)",
    CaseStatus.MAINSTREAM: "复学/就读学校、日期、证明材料(文件或说明)",
    CaseStatus.ELSEWHERE: "外地就读学校、外地就读地、证明材料(文件或说明)",
    CaseStatus.ABROAD: "日期、证明材料(文件或说明)",
    CaseStatus.DECEASED: "日期、证明材料(文件或说明)",
    CaseStatus.OTHER: "结案说明、证明材料(文件或说明)",
}


@pytest.mark.parametrize("target", sorted(CLOSED_STATUSES))
def test_closing_without_evidence_is_refused(world, target):
    case = make_case(world, CaseStatus.VERIFYING)
    with pytest.raises(ApplicationError) as info:
        case_transition(case=case, to_status=target, actor=world.users["school_admin"])
    assert info.value.message == CASE_EVIDENCE_MISSING.format(reason=CaseStatus(target).label, fields=MISSING[target])
    case.refresh_from_db()
    assert (case.status, case.closed_at, CaseTransition.objects.count()) == (CaseStatus.VERIFYING, None, 0)


def test_a_proof_file_is_proof_enough(world):
    case = make_case(world, CaseStatus.VERIFYING)
    proof = SimpleUploadedFile("死亡证明.pdf", b"%PDF-1.4")
    case_transition(case=case, to_status=CaseStatus.DECEASED, actor=None,
                    evidence={"closing_date": YESTERDAY, "proof_file": proof})
    case.refresh_from_db()
    assert case.status == CaseStatus.DECEASED and case.proof_file.name.startswith("dropout/cases/")


def test_a_closing_date_in_the_future_is_refused(world):
    case = make_case(world, CaseStatus.VERIFYING)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ApplicationError) as info:
        case_transition(case=case, to_status=CaseStatus.RETURNED, actor=None,
                        evidence={"closing_school": world.units["A1"], "closing_date": tomorrow})
    assert info.value.message == CLOSING_DATE_IN_FUTURE
    assert DropoutCase.objects.get().status == CaseStatus.VERIFYING


def test_returning_to_a_unit_that_is_not_a_school_is_refused(world):
    case = make_case(world, CaseStatus.VERIFYING)
    with pytest.raises(ApplicationError) as info:
        case_transition(case=case, to_status=CaseStatus.RETURNED, actor=None,
                        evidence={"closing_school": world.units["D1"], "closing_date": YESTERDAY})
    assert info.value.message == CLOSING_SCHOOL_NOT_SCHOOL


def test_who_may_handle_a_case(world):
    case = make_case(world)
    with pytest.raises(Http404):  # another district: the case does not exist for them
        case_transition(case=case, to_status=CaseStatus.VERIFYING, actor=world.users["inspector"])
    with pytest.raises(PermissionDenied) as info:  # sees the whole city, captures nothing
        case_transition(case=case, to_status=CaseStatus.VERIFYING, actor=world.users["leader"])
    assert str(info.value) == CASE_NOT_CAPTURABLE.format(unit=world.name("A1"))
    assert CaseTransition.objects.count() == 0
    case_transition(case=case, to_status=CaseStatus.VERIFYING, actor=world.users["district_admin"])
    assert DropoutCase.objects.get().status == CaseStatus.VERIFYING


def test_visits_are_logged_on_open_cases_only(world):
    case = make_case(world, CaseStatus.VERIFYING)
    actor = world.users["school_admin"]
    visit = visit_log(case=case, actor=actor, visit_date=YESTERDAY, visitors="李老师、村干部张某", met="祖母",
                      content="了解孩子去向", outcome="孩子随父母在外打工", next_step="联系父母劝返")
    assert list(Visit.objects.values_list("id", "case", "visit_date", "met", "outcome", "next_step", "recorded_by")) == [
        (visit.id, case.id, YESTERDAY, "祖母", "孩子随父母在外打工", "联系父母劝返", actor.id)]
    with pytest.raises(ApplicationError) as info:
        visit_log(case=case, actor=actor, visit_date=timezone.localdate() + timedelta(days=1), visitors="李老师",
                  met="祖母", content="-", outcome="-")
    assert info.value.message == VISIT_IN_FUTURE
    closed = make_case(world, CaseStatus.RETURNED)
    with pytest.raises(ApplicationError) as info:
        visit_log(case=closed, actor=actor, visit_date=YESTERDAY, visitors="李老师", met="本人", content="-",
                  outcome="-")
    assert info.value.message == CASE_CLOSED_NO_VISIT
    assert Visit.objects.count() == 1


def test_assigning_the_responsible_persons(world):
    case = make_case(world)
    case_assign(case=case, actor=world.users["district_admin"], town_unit=world.units["D1"], village="红星村",
                responsible_school=world.units["A1"], responsible_teacher="李老师 13800000000")
    case.refresh_from_db()
    assert (case.town_unit, case.village, case.responsible_school, case.responsible_teacher) == (
        world.units["D1"], "红星村", world.units["A1"], "李老师 13800000000")


def test_recording_outside_study_creates_then_updates(world):
    number = build_id_number("429005", date(2013, 5, 2), 11)
    first = outside_study_record(id_number=number, school_year="2024-2025", name="王小明",
                                 receiving_school="深圳市实验学校", receiving_place="广东省深圳市",
                                 proof_reference="在读证明", actor=world.users["section_staff"])
    again = outside_study_record(id_number=number.lower(), school_year="2024-2025", name="王小明",
                                 receiving_school="东莞市实验学校", receiving_place="广东省东莞市",
                                 proof_reference="在读证明", actor=world.users["section_staff"])
    assert first.pk == again.pk and OutsideStudy.objects.count() == 1
    record = OutsideStudy.objects.get()
    assert (record.id_number_hash, record.receiving_school, record.decrypt_id_number()) == (
        id_hash(number), "东莞市实验学校", number)


@pytest.fixture
def plan(world) -> DisabilityPlan:
    from edubureau.registry.tests.factories import StudentFactory

    pupil = StudentFactory(school=world.units["A1"], name="赵小红")
    return DisabilityPlan.objects.create(
        unit=world.units["A1"], student=pupil, name="赵小红", assessed_on=YESTERDAY, expert_panel="市残疾儿童教育专家委员会",
        category=DisabilityCategory.INTELLECTUAL, level=DisabilityLevel.LEVEL_2, placement=Placement.HOME_TEACHING,
        plan="每周送教两次")


def granted(user: User) -> User:
    codename = SensitivePerm.VIEW_DISABILITY.codename
    user.user_permissions.add(Permission.objects.get(content_type__app_label="accounts", codename=codename))
    return User.objects.get(pk=user.pk)


def test_reading_a_disability_plan_needs_the_permission_and_is_audited(world, plan):
    user = granted(world.users["school_admin"])
    assert disability_plan_read(plan_id=plan.pk, user=user) == plan
    assert list(AuditLog.objects.values_list("user", "action", "category", "object_type", "object_id")) == [
        (user.id, AuditAction.READ, AUDIT_CATEGORY_DISABILITY, "dropout.DisabilityPlan", str(plan.pk))]


def test_reading_a_disability_plan_without_the_permission_is_denied_and_not_audited(world, plan):
    with pytest.raises(PermissionDenied) as info:
        disability_plan_read(plan_id=plan.pk, user=world.users["sysadmin"])
    assert str(info.value) == DISABILITY_FORBIDDEN
    assert AuditLog.objects.count() == 0


@pytest.mark.parametrize("role_key", ["inspector", "norole"])
def test_a_disability_plan_outside_the_scope_is_not_found(world, plan, role_key):
    with pytest.raises(Http404):
        disability_plan_read(plan_id=plan.pk, user=granted(world.users[role_key]))
    with pytest.raises(Http404):
        disability_plan_read(plan_id=plan.pk + 1000, user=granted(world.users["school_admin"]))
    assert AuditLog.objects.count() == 0
