"""比对: the residents of compulsory-school age against the students, set-wise (reference §8, 比对 1 and 2).

match_school_year(school_year=..., city=...) runs, for one city and school year:
1. Exact phase: every resident of age (dropout.age) joined to the students by the identity hash,
   a dict join of two value lists (one query each; nothing decrypted). A matched student's status
   decides: 在读/休学 → in school; 毕业 → completed; 死亡 → deceased; 辍学, or 转出 with no
   OutsideStudy record (no receiving school) → suspected.
2. Residents with an OutsideStudy record for the year → studying elsewhere.
3. Candidates for the others, against the students no resident matched: the same name and birth
   date (a dict lookup), or an identity number one digit or one adjacent transposition away
   (rapidfuzz Hamming / OSA distances). Only those residents' and students' numbers are
   decrypted, and numbers are compared only within two blocks — the birth-date digits (7–14) and
   the last three characters — so the work stays near-linear: a single edit changes at most two
   adjacent characters, which cannot touch both blocks (character 15 lies between them).
   A resident with a candidate is "candidate for review"; one without is "suspected".
4. The student side: students of the city's schools, of age, recorded 辍学, or 转出 without an
   OutsideStudy record, whom no resident matched exactly, are suspected too.
Results replace the city's results for that year (bulk insert); each suspect without an open
case gets a DropoutCase (疑似) with its creation recorded as a CaseTransition.
"""
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Hamming

from edubureau.core.idnumbers import decrypt_id
from edubureau.dropout.age import compulsory_birth_range
from edubureau.dropout.models import (
    OPEN_STATUSES, CaseSource, CaseStatus, CaseTransition, DropoutCase, MatchOutcome, MatchResult, MatchRule,
    OutsideStudy, PopulationRecord,
)
from edubureau.orgs.models import AREA_KINDS, OrgKind, OrgUnit
from edubureau.registry.choices import StudentStatus
from edubureau.registry.models import Student

BATCH = 5000
CASE_CREATED_NOTE = "户籍与学籍比对发现,列为疑似失学辍学"
STATUS_OUTCOMES = {
    StudentStatus.IN_SCHOOL: MatchOutcome.IN_SCHOOL_HERE,
    StudentStatus.SUSPENDED: MatchOutcome.IN_SCHOOL_HERE,  # 休学 keeps the 学籍
    StudentStatus.GRADUATED: MatchOutcome.COMPLETED,
    StudentStatus.DECEASED: MatchOutcome.DECEASED,
    StudentStatus.DROPPED_OUT: MatchOutcome.SUSPECTED,
    StudentStatus.TRANSFERRED_OUT: MatchOutcome.SUSPECTED,  # unless an OutsideStudy record names the school
}
LEFT_STATUSES = (StudentStatus.DROPPED_OUT, StudentStatus.TRANSFERRED_OUT)
_MIDDLE_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "．": "·", ".": "·"})


@dataclass
class _Resident:
    id: int
    hash: str
    name: str
    birth_date: object
    division_code: str
    village: str
    enc: str


@dataclass
class _Student:
    id: int
    hash: str | None
    name: str
    birth_date: object
    status: str
    school_id: int
    enc: str


@dataclass
class _Finding:
    outcome: str
    population: _Resident | None = None
    student: _Student | None = None
    rule: str = ""
    score: Decimal | None = None


def normalise_name(name: str) -> str:
    """Names compared as written apart from width, spaces and the form of the middle dot."""
    return "".join(unicodedata.normalize("NFKC", name).split()).translate(_MIDDLE_DOTS)


def match_school_year(*, school_year: str, city: OrgUnit, actor=None) -> dict[str, int]:
    """Match `city`'s residents of compulsory-school age in `school_year` against the students,
    store the results (replacing that city's results for the year) and open a case for each new
    suspect. Returns the count per MatchOutcome value plus "cases_created"."""
    earliest, latest = compulsory_birth_range(school_year)
    residents = [_Resident(*row) for row in PopulationRecord.objects.filter(
        city=city, school_year=school_year, birth_date__range=(earliest, latest)).values_list(
        "id", "id_number_hash", "name", "birth_date", "division_code", "village", "id_number_enc")]
    students = [_Student(*row) for row in Student.objects.filter(birth_date__range=(earliest, latest)).values_list(
        "id", "id_number_hash", "name", "birth_date", "status", "school_id", "id_number_enc")]
    outside = set(OutsideStudy.objects.filter(school_year=school_year).values_list("id_number_hash", flat=True))
    findings, unmatched, matched = exact_phase(residents, students, outside)
    findings += candidate_phase(unmatched, [s for s in students if s.id not in matched])
    city_schools = set(OrgUnit.objects.filter(path__startswith=city.path, kind=OrgKind.SCHOOL)
                       .values_list("id", flat=True))
    resident_hashes = {r.hash for r in residents}
    findings += [_Finding(MatchOutcome.SUSPECTED, student=s) for s in students
                 if s.status in LEFT_STATUSES and s.school_id in city_schools and s.hash not in resident_hashes
                 and not (s.status == StudentStatus.TRANSFERRED_OUT and s.hash in outside)]
    with transaction.atomic():
        _store(findings, school_year=school_year, city=city)
        created = _open_cases(findings, school_year=school_year, city=city, actor=actor)
    counts = Counter(finding.outcome for finding in findings)
    return {**{outcome.value: counts.get(outcome.value, 0) for outcome in MatchOutcome}, "cases_created": created}


def exact_phase(residents: list[_Resident], students: list[_Student], outside: set[str]):
    """(findings, residents left for the candidate phase, ids of the students matched)."""
    by_hash = {s.hash: s for s in students if s.hash}
    findings, unmatched, matched = [], [], set()
    for resident in residents:
        student = by_hash.get(resident.hash)
        if student is not None:
            matched.add(student.id)
            outcome = STATUS_OUTCOMES[student.status]
            if outcome == MatchOutcome.SUSPECTED and resident.hash in outside:
                outcome = MatchOutcome.STUDYING_ELSEWHERE
            findings.append(_Finding(outcome, resident, student, MatchRule.EXACT_ID, Decimal(100)))
        elif resident.hash in outside:
            findings.append(_Finding(MatchOutcome.STUDYING_ELSEWHERE, resident))
        else:
            unmatched.append(resident)
    return findings, unmatched, matched


def candidate_phase(residents: list[_Resident], students: list[_Student]) -> list[_Finding]:
    """A finding for each resident: the best candidate for review, or suspected when none."""
    if not residents:
        return []
    by_name_birth = defaultdict(list)
    for student in students:
        by_name_birth[(normalise_name(student.name), student.birth_date)].append(student)
    numbers = {s.id: decrypt_id(s.enc) for s in students if s.enc}
    by_birth_digits, by_tail = defaultdict(list), defaultdict(list)
    for student_id, number in numbers.items():
        by_birth_digits[number[6:14]].append(student_id)
        by_tail[number[15:]].append(student_id)
    by_id = {s.id: s for s in students}
    findings = []
    for resident in residents:
        number = decrypt_id(resident.enc)
        found = [(MatchRule.NAME_BIRTH, s) for s in by_name_birth.get((normalise_name(resident.name),
                                                                        resident.birth_date), ())]
        block = sorted({*by_birth_digits.get(number[6:14], ()), *by_tail.get(number[15:], ())})
        for _, _, index in process.extract(number, [numbers[i] for i in block], scorer=OSA.distance,
                                           score_cutoff=1, limit=None):
            student_id = block[index]
            one_digit = Hamming.distance(number, numbers[student_id]) == 1
            found.append((MatchRule.ID_ONE_DIGIT if one_digit else MatchRule.ID_TRANSPOSITION, by_id[student_id]))
        findings.append(_best(resident, number, found, numbers))
    return findings


def _best(resident: _Resident, number: str, found: list, numbers: dict) -> _Finding:
    if not found:
        return _Finding(MatchOutcome.SUSPECTED, resident)
    scored = [(pair_score(resident.name, number, student.name, numbers.get(student.id)), -student.id, rule, student)
              for rule, student in found]
    score, _, rule, student = max(scored, key=lambda item: item[:2])
    return _Finding(MatchOutcome.CANDIDATE, resident, student, rule, score)


def pair_score(name: str, number: str, other_name: str, other_number: str | None) -> Decimal:
    """0–100: the mean of the names' similarity (rapidfuzz ratio) and the numbers' (OSA), or the
    names' alone when the student has no identity number."""
    name_similarity = fuzz.ratio(normalise_name(name), normalise_name(other_name))
    if not other_number:
        return Decimal(name_similarity).quantize(Decimal("0.1"))
    number_similarity = OSA.normalized_similarity(number, other_number) * 100
    return Decimal((name_similarity + number_similarity) / 2).quantize(Decimal("0.1"))


def _store(findings: list[_Finding], *, school_year: str, city: OrgUnit) -> None:
    MatchResult.objects.filter(school_year=school_year).filter(
        Q(population__city=city) | Q(population__isnull=True, student__school__path__startswith=city.path)).delete()
    now = timezone.now()
    MatchResult.objects.bulk_create(
        [MatchResult(school_year=school_year, population_id=f.population and f.population.id,
                     student_id=f.student and f.student.id, outcome=f.outcome, rule=f.rule, score=f.score,
                     matched_at=now) for f in findings], batch_size=BATCH)


def _open_cases(findings: list[_Finding], *, school_year: str, city: OrgUnit, actor) -> int:
    """A DropoutCase (疑似) for each suspect with no open case (by identity hash, else student)."""
    open_cases = DropoutCase.objects.filter(status__in=OPEN_STATUSES).values_list("id_number_hash", "student_id")
    open_hashes, open_students = set(), set()
    for number_hash, student_id in open_cases:
        open_hashes.add(number_hash)
        open_students.add(student_id)
    open_hashes.discard("")
    open_students.discard(None)
    towns = dict(OrgUnit.objects.filter(path__startswith=city.path, kind__in=AREA_KINDS).exclude(division_code="")
                 .order_by("path").values_list("division_code", "id"))
    cases = []
    for finding in findings:
        if finding.outcome != MatchOutcome.SUSPECTED:
            continue
        case = _new_case(finding, school_year=school_year, city=city, towns=towns)
        if case.id_number_hash in open_hashes or case.student_id in open_students:
            continue
        if case.id_number_hash:
            open_hashes.add(case.id_number_hash)
        if case.student_id:
            open_students.add(case.student_id)
        cases.append(case)
    DropoutCase.objects.bulk_create(cases, batch_size=BATCH)
    CaseTransition.objects.bulk_create(
        [CaseTransition(case=case, from_status="", to_status=CaseStatus.SUSPECTED, by=actor, note=CASE_CREATED_NOTE)
         for case in cases], batch_size=BATCH)
    return len(cases)


def _new_case(finding: _Finding, *, school_year: str, city: OrgUnit, towns: dict) -> DropoutCase:
    resident, student = finding.population, finding.student
    town_id = towns.get(resident.division_code) if resident else None
    unit_id = student.school_id if student else (town_id or city.id)
    return DropoutCase(
        school_year=school_year, source=CaseSource.POPULATION if resident else CaseSource.STUDENT,
        unit_id=unit_id, population_id=resident and resident.id, student_id=student and student.id,
        id_number_hash=(resident.hash if resident else student.hash) or "",
        name=resident.name if resident else student.name,
        birth_date=resident.birth_date if resident else student.birth_date,
        town_unit_id=town_id, village=resident.village if resident else "",
        responsible_school_id=student.school_id if student else None,
    )
