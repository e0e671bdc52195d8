"""控辍保学 (dropout prevention) and 一人一案 for disabled children (reference/indicators.md §8, §13).

- PopulationRecord: the 户籍人口 of a city for one school year (public-security data, imported).
- OutsideStudy: children of the city known to study elsewhere (外出就读), with proof.
- MatchResult: what the matcher (dropout.matching) found for each resident / suspect student.
- DropoutCase: one suspected out-of-school child followed to its end, through the one transition
  table (TRANSITIONS) and the one service that moves it (services.case_transition); each move is a
  CaseTransition row, each home visit a Visit row.
- DisabilityPlan (+ reviews): assessment, placement and plan of one disabled child. Sensitive:
  read through services.disability_plan_read (scope, accounts.view_disability, audit).

Every case and plan hangs under an org unit (`unit`), through whose path it is scoped.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from edubureau.core.codes import validate_division_code
from edubureau.core.models import BaseModel, EncryptedIdNumber
from edubureau.core.schoolyears import SCHOOL_YEAR_REGEX, validate_school_year
from edubureau.orgs.models import OrgUnit
from edubureau.registry.choices import DisabilityCategory, DisabilityLevel, Sex
from edubureau.registry.models import Student

HASH_HELP = "身份证号的带密钥哈希(HMAC-SHA256),用于比对"


def _school_year_field() -> models.CharField:
    return models.CharField("学年", max_length=9, validators=[validate_school_year], help_text="如 2024-2025")


def _school_year_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(school_year__regex=SCHOOL_YEAR_REGEX), name=name)


class PopulationRecord(EncryptedIdNumber, BaseModel):
    """One resident (户籍人口) of a city as the public-security data gives it for one school year.

    The data is taken as given: a number whose only fault is its check digit (a typo somewhere in
    it) is kept, with `id_checksum_ok` False, so that the matcher can find the student it means.

    One record per person per school year: unique (id_number_hash, school_year). Imported only
    city-wide (imports kind "population"); `city` is the importing city's root unit.
    """

    id_number_hash = models.CharField("身份证号索引", max_length=64, editable=False, help_text=HASH_HELP)
    id_checksum_ok = models.BooleanField(
        "身份证号校验位正确", default=True, help_text="公安数据按原样导入:校验位不对的号码照收,比对时按相近号码查找",
    )
    school_year = _school_year_field()
    city = models.ForeignKey(OrgUnit, verbose_name="所属市", on_delete=models.PROTECT, related_name="population")
    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    household_address = models.CharField("户籍地址", max_length=200, blank=True)
    division_code = models.CharField("户籍所在乡镇(街道)区划代码", max_length=9, validators=[validate_division_code])
    village = models.CharField("村(社区)", max_length=100, blank=True)
    imported_at = models.DateTimeField("最近导入时间", default=timezone.now)

    class Meta:
        verbose_name = "户籍人口"
        verbose_name_plural = "户籍人口"
        ordering = ["school_year", "division_code", "name", "id"]
        indexes = [models.Index(fields=["school_year", "birth_date"], name="population_year_birth")]
        constraints = [
            *EncryptedIdNumber.Meta.constraints,
            models.UniqueConstraint(fields=["id_number_hash", "school_year"], name="population_unique_person_year"),
            _school_year_check("population_school_year_format"),
        ]

    def __str__(self) -> str:
        return self.name  # no identifier: __str__ ends up in audit rows


class OutsideStudy(EncryptedIdNumber, BaseModel):
    """A child of the city studying outside it (外出就读) in a school year, with proof (a file or a
    reference such as the receiving school's 学籍 certificate number)."""

    id_number_hash = models.CharField("身份证号索引", max_length=64, editable=False, help_text=HASH_HELP)
    school_year = _school_year_field()
    name = models.CharField("姓名", max_length=50)
    receiving_school = models.CharField("就读学校", max_length=100)
    receiving_place = models.CharField("就读地", max_length=100, help_text="如 广东省深圳市宝安区")
    proof_file = models.FileField("证明材料", upload_to="dropout/outside/%Y/", max_length=255, blank=True)
    proof_reference = models.CharField("证明材料说明", max_length=200, blank=True, help_text="如 在读证明编号")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="outside_studies",
    )

    class Meta:
        verbose_name = "外出就读"
        verbose_name_plural = "外出就读"
        ordering = ["school_year", "name", "id"]
        constraints = [
            *EncryptedIdNumber.Meta.constraints,
            models.UniqueConstraint(fields=["id_number_hash", "school_year"], name="outsidestudy_unique_person_year"),
            models.CheckConstraint(condition=~Q(proof_file="", proof_reference=""), name="outsidestudy_has_proof"),
            _school_year_check("outsidestudy_school_year_format"),
        ]

    def __str__(self) -> str:
        return self.name


class MatchOutcome(models.TextChoices):
    IN_SCHOOL_HERE = "in_school_here", "本市在校"  # 在读 or 休学 (keeps the 学籍)
    STUDYING_ELSEWHERE = "studying_elsewhere", "外出就读"  # an OutsideStudy record with proof
    COMPLETED = "completed", "已毕业"  # the student's record says 毕业
    DECEASED = "deceased", "已死亡"  # the student's record says 死亡
    CANDIDATE = "candidate_match_for_review", "疑似匹配待核对"  # a similar student: a person decides
    SUSPECTED = "suspected_out_of_school", "疑似失学辍学"  # becomes a DropoutCase


class MatchRule(models.TextChoices):
    EXACT_ID = "exact_id", "身份证号一致"
    NAME_BIRTH = "name_birth", "姓名和出生日期相同"
    ID_ONE_DIGIT = "id_one_digit", "身份证号相差一位"
    ID_TRANSPOSITION = "id_transposition", "身份证号相邻两位颠倒"


class MatchResult(models.Model):
    """The matcher's finding for one person in one school year: a resident of compulsory-school age
    (`population` set), or a student suspect found from the student side only (`population` null:
    a 辍学 or 转出 student of age who is not among the residents). Replaced wholesale by each run."""

    school_year = _school_year_field()
    population = models.ForeignKey(
        PopulationRecord, verbose_name="户籍人口", null=True, blank=True, on_delete=models.CASCADE,
        related_name="match_results",
    )
    student = models.ForeignKey(
        Student, verbose_name="匹配学生", null=True, blank=True, on_delete=models.SET_NULL, related_name="match_results",
    )
    outcome = models.CharField("比对结果", max_length=32, choices=MatchOutcome.choices)
    rule = models.CharField("匹配规则", max_length=20, choices=MatchRule.choices, blank=True)
    score = models.DecimalField("相似度", max_digits=5, decimal_places=1, null=True, blank=True,
                                help_text="0—100;身份证号一致为100")
    matched_at = models.DateTimeField("比对时间", default=timezone.now)

    class Meta:
        verbose_name = "比对结果"
        verbose_name_plural = "比对结果"
        ordering = ["school_year", "id"]
        indexes = [models.Index(fields=["school_year", "outcome"], name="matchresult_year_outcome")]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "population"], condition=Q(population__isnull=False),
                                    name="matchresult_unique_resident_year"),
            models.UniqueConstraint(fields=["school_year", "student"], condition=Q(population__isnull=True),
                                    name="matchresult_unique_student_only_year"),
            models.CheckConstraint(condition=Q(population__isnull=False) | Q(student__isnull=False),
                                   name="matchresult_has_person"),
            _school_year_check("matchresult_school_year_format"),
        ]


class CaseStatus(models.TextChoices):
    SUSPECTED = "suspected", "疑似"  # created by the matcher (or by hand)
    VERIFYING = "verifying", "核查中"  # someone responsible is checking: visits, calls
    # Closed, each with its evidence (CLOSING_EVIDENCE):
    RETURNED = "returned", "劝返复学"
    HOME_TEACHING = "home_teaching", "送教上门"
    MAINSTREAM = "mainstream", "随班就读"
    ELSEWHERE = "elsewhere", "转入外地就读"
    ABROAD = "abroad", "出国(境)"
    DECEASED = "deceased", "死亡"
    OTHER = "other", "其他合理原因"


OPEN_STATUSES = frozenset({CaseStatus.SUSPECTED, CaseStatus.VERIFYING})
CLOSED_STATUSES = frozenset(set(CaseStatus) - OPEN_STATUSES)

# The one transition table: status → the statuses it may move to. Closed cases are final; a child
# who leaves school again gets a new case.
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.SUSPECTED: frozenset({CaseStatus.VERIFYING}),
    CaseStatus.VERIFYING: CLOSED_STATUSES,
    **{status: frozenset() for status in CLOSED_STATUSES},
}

# The evidence each closing reason needs: fields of DropoutCase that must be filled. "proof" is
# met by `proof_reference` or `proof_file`.
CLOSING_EVIDENCE: dict[str, tuple[str, ...]] = {
    CaseStatus.RETURNED: ("closing_school", "closing_date"),  # the school the child is back in, from when
    CaseStatus.HOME_TEACHING: ("closing_school", "closing_date", "proof"),  # 评估认定意见 / 送教协议
    CaseStatus.MAINSTREAM: ("closing_school", "closing_date", "proof"),
    CaseStatus.ELSEWHERE: ("receiving_school", "receiving_place", "proof"),  # 在读证明
    CaseStatus.ABROAD: ("closing_date", "proof"),  # 出入境证明
    CaseStatus.DECEASED: ("closing_date", "proof"),  # 死亡证明 or 户籍注销证明
    CaseStatus.OTHER: ("closing_note", "proof"),
}


class CaseSource(models.TextChoices):
    POPULATION = "population", "户籍比对"  # a resident with no record in school
    STUDENT = "student", "学籍状态"  # a student recorded as 辍学, or 转出 without a receiving school
    MANUAL = "manual", "人工登记"  # 铁脚板摸排 and reports


class DropoutCase(BaseModel):
    """One suspected out-of-school child followed to its end (疑似 → 核查中 → closed with evidence).

    `unit` scopes the case: the student's school, else the 学区 of the resident's town, else the
    city. The responsible persons follow 包片包村包人: town unit, village, school, teacher.
    Status changes only through services.case_transition.
    """

    school_year = _school_year_field()
    source = models.CharField("来源", max_length=16, choices=CaseSource.choices)
    status = models.CharField("状态", max_length=16, choices=CaseStatus.choices, default=CaseStatus.SUSPECTED)
    unit = models.ForeignKey(OrgUnit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="dropout_cases")
    population = models.ForeignKey(
        PopulationRecord, verbose_name="户籍人口", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="dropout_cases",
    )
    student = models.ForeignKey(
        Student, verbose_name="学生", null=True, blank=True, on_delete=models.SET_NULL, related_name="dropout_cases",
    )
    id_number_hash = models.CharField("身份证号索引", max_length=64, blank=True, editable=False, help_text=HASH_HELP)
    name = models.CharField("姓名", max_length=50)
    birth_date = models.DateField("出生日期")
    # 包片包村包人
    town_unit = models.ForeignKey(
        OrgUnit, verbose_name="包片单位(乡镇学区)", null=True, blank=True, on_delete=models.PROTECT,
        related_name="dropout_cases_in_town",
    )
    village = models.CharField("包村(村/社区)", max_length=100, blank=True)
    responsible_school = models.ForeignKey(
        OrgUnit, verbose_name="责任学校", null=True, blank=True, on_delete=models.PROTECT,
        related_name="dropout_cases_responsible",
    )
    responsible_teacher = models.CharField("包人教师", max_length=100, blank=True, help_text="姓名及联系电话")
    # Evidence when closing (CLOSING_EVIDENCE)
    closing_school = models.ForeignKey(
        OrgUnit, verbose_name="复学/就读学校", null=True, blank=True, on_delete=models.PROTECT,
        related_name="dropout_cases_closed_into",
    )
    closing_date = models.DateField("日期", null=True, blank=True, help_text="复学、送教开始、出国(境)或死亡的日期")
    receiving_school = models.CharField("外地就读学校", max_length=100, blank=True)
    receiving_place = models.CharField("外地就读地", max_length=100, blank=True)
    proof_reference = models.CharField("证明材料说明", max_length=200, blank=True)
    proof_file = models.FileField("证明材料", upload_to="dropout/cases/%Y/", max_length=255, blank=True)
    closing_note = models.TextField("结案说明", blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)

    class Meta:
        verbose_name = "控辍保学案件"
        verbose_name_plural = "控辍保学案件"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["school_year", "status"], name="dropoutcase_year_status"),
            models.Index(fields=["id_number_hash", "status"], name="dropoutcase_person_status"),
        ]
        constraints = [_school_year_check("dropoutcase_school_year_format")]

    def __str__(self) -> str:
        return f"{self.name}({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseTransition(models.Model):
    """One recorded change of a case's status (the creation too: from_status "")."""

    case = models.ForeignKey(DropoutCase, verbose_name="案件", on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("原状态", max_length=16, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=CaseStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="case_transitions", help_text="为空表示由系统比对产生",
    )
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "案件状态变更"
        verbose_name_plural = "案件状态变更"
        ordering = ["case_id", "at", "id"]


class Visit(BaseModel):
    """A home visit (入户走访) or other contact made for a case."""

    case = models.ForeignKey(DropoutCase, verbose_name="案件", on_delete=models.CASCADE, related_name="visits")
    visit_date = models.DateField("走访日期")
    visitors = models.CharField("走访人员", max_length=200)
    met = models.CharField("见到的人", max_length=200, help_text="如 学生本人、父亲、祖母、村干部")
    content = models.TextField("谈话内容")
    outcome = models.TextField("走访结果")
    next_step = models.TextField("下一步措施", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="dropout_visits",
    )

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        ordering = ["case_id", "visit_date", "id"]


class Placement(models.TextChoices):
    """安置方式 (reference §13)."""

    MAINSTREAM = "mainstream", "随班就读"
    SPECIAL_CLASS = "special_class", "特教班"
    SPECIAL_SCHOOL = "special_school", "特教学校"
    HOME_TEACHING = "home_teaching", "送教上门"


class DisabilityPlan(BaseModel):
    """一人一案: one plan per disabled child (a student, or a resident not on any roll).

    Sensitive (PIPL): read through services.disability_plan_read, which checks scope and
    accounts.view_disability and writes an audit row.
    """

    unit = models.ForeignKey(OrgUnit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="disability_plans")
    student = models.OneToOneField(
        Student, verbose_name="学生", null=True, blank=True, on_delete=models.PROTECT, related_name="disability_plan",
    )
    population = models.OneToOneField(
        PopulationRecord, verbose_name="户籍人口", null=True, blank=True, on_delete=models.PROTECT,
        related_name="disability_plan",
    )
    name = models.CharField("姓名", max_length=50)
    assessed_on = models.DateField("评估日期")
    expert_panel = models.CharField("评估专家组", max_length=200, help_text="残疾儿童少年教育专家委员会及参与专家")
    category = models.CharField("残疾类别", max_length=16, choices=DisabilityCategory.choices)
    level = models.PositiveSmallIntegerField("残疾等级", choices=DisabilityLevel.choices)
    placement = models.CharField("安置方式", max_length=16, choices=Placement.choices)
    placement_school = models.ForeignKey(
        OrgUnit, verbose_name="安置学校", null=True, blank=True, on_delete=models.PROTECT,
        related_name="placed_disability_plans",
    )
    plan = models.TextField("教育安置方案")

    class Meta:
        verbose_name = "残疾儿童一人一案"
        verbose_name_plural = "残疾儿童一人一案"
        ordering = ["unit_id", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(student__isnull=False) | Q(population__isnull=False),
                                   name="disabilityplan_has_person"),
        ]

    def __str__(self) -> str:
        return self.name


class DisabilityPlanReview(BaseModel):
    """A periodic review of a plan (评估复核): what was found, and the placement afterwards."""

    plan = models.ForeignKey(DisabilityPlan, verbose_name="方案", on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField("复核日期")
    reviewers = models.CharField("复核人员", max_length=200)
    findings = models.TextField("复核意见")
    placement = models.CharField("复核后安置方式", max_length=16, choices=Placement.choices)
    next_review_on = models.DateField("下次复核日期", null=True, blank=True)

    class Meta:
        verbose_name = "一人一案复核"
        verbose_name_plural = "一人一案复核"
        ordering = ["plan_id", "reviewed_on", "id"]
