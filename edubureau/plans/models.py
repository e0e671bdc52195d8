"""Work plans (工作要点) and the work they become: breakdown, progress, supervision."""
from django.conf import settings
from django.db import models

from edubureau.core.models import BaseModel
from edubureau.orgs.models import OrgUnit


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "待审核"  # imported, being reviewed and corrected
    PUBLISHED = "published", "已发布"  # the breakdown and reporting run against it
    SUPERSEDED = "superseded", "已被新版本取代"  # a later version of the same year was published


class WorkPlan(BaseModel):
    """One imported plan document. The source text is kept verbatim; offsets point into it."""

    owner = models.ForeignKey(OrgUnit, verbose_name="发文单位", on_delete=models.PROTECT, related_name="work_plans")
    title = models.CharField("标题", max_length=200)
    issuer = models.CharField("发文机关", max_length=100, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    preamble = models.TextField("总体要求", blank=True)
    source_text = models.TextField("原文")
    source_filename = models.CharField("原文件名", max_length=200, blank=True)
    source_sha256 = models.CharField("原文哈希", max_length=64)
    status = models.CharField("状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, on_delete=models.SET_NULL, related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "工作要点"
        verbose_name_plural = "工作要点"
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year", "version"], name="workplan_unique_owner_year_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title}(第{self.version}版)"


class PlanSection(models.Model):
    plan = models.ForeignKey(WorkPlan, verbose_name="工作要点", on_delete=models.CASCADE, related_name="sections")
    seq = models.PositiveSmallIntegerField("顺序")
    number = models.CharField("序号", max_length=10, blank=True)
    title = models.CharField("标题", max_length=200, blank=True)

    class Meta:
        verbose_name = "部分"
        verbose_name_plural = "部分"
        ordering = ["plan", "seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="plansection_unique_seq")]

    def __str__(self) -> str:
        return f"{self.number}、{self.title}" if self.number else self.title


class PlanItem(models.Model):
    """A numbered work item (e.g. item 13 推进职业教育产教融合发展)."""

    section = models.ForeignKey(PlanSection, verbose_name="部分", on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveSmallIntegerField("顺序")
    number = models.CharField("序号", max_length=10)
    group = models.CharField("分组标题", max_length=200, blank=True)
    title = models.CharField("重点任务", max_length=300)
    text = models.TextField("具体内容", blank=True)
    start = models.PositiveIntegerField("原文起点")
    end = models.PositiveIntegerField("原文终点")
    annotation = models.CharField("原文责任标注", max_length=500, blank=True)
    lead_names = models.JSONField("原文牵头单位", default=list, blank=True)
    cooperating_names = models.JSONField("原文配合单位", default=list, blank=True)

    class Meta:
        verbose_name = "工作任务"
        verbose_name_plural = "工作任务"
        ordering = ["section__plan", "section__seq", "seq"]
        constraints = [models.UniqueConstraint(fields=["section", "seq"], name="planitem_unique_seq")]

    def __str__(self) -> str:
        return f"{self.number}.{self.title}"


class TargetComparator(models.TextChoices):
    GTE = ">=", "≥"
    LTE = "<=", "≤"
    EQ = "=", "="
    GT = ">", ">"
    LT = "<", "<"
    NONE = "", "未说明"


class PlanTarget(models.Model):
    """A quantitative target found in an item's text ("达到专任教师总数的60%" → ≥ 60 %)."""

    item = models.ForeignKey(PlanItem, verbose_name="工作任务", on_delete=models.CASCADE, related_name="targets")
    text = models.CharField("原文", max_length=200)
    value = models.DecimalField("目标值", max_digits=12, decimal_places=3)
    unit = models.CharField("单位", max_length=20, blank=True)
    comparator = models.CharField("比较", max_length=2, choices=TargetComparator.choices, blank=True)
    start = models.PositiveIntegerField("原文起点")
    end = models.PositiveIntegerField("原文终点")

    class Meta:
        verbose_name = "量化目标"
        verbose_name_plural = "量化目标"
        ordering = ["item", "start"]

    def __str__(self) -> str:
        return self.text


class MentionKind(models.TextChoices):
    PROJECT = "project", "建设项目"
    EVENT = "event", "活动赛事"
    DOCUMENT = "document", "引用文件"
    SCHOOL = "school", "学校"


class PlanMention(models.Model):
    item = models.ForeignKey(PlanItem, verbose_name="工作任务", on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField("类型", max_length=10, choices=MentionKind.choices)
    text = models.CharField("原文", max_length=200)
    start = models.PositiveIntegerField("原文起点")
    end = models.PositiveIntegerField("原文终点")

    class Meta:
        verbose_name = "识别要素"
        verbose_name_plural = "识别要素"
        ordering = ["item", "start"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}:{self.text}"


class TaskUnitRole(models.TextChoices):
    LEAD = "lead", "牵头单位"
    COOPERATE = "cooperate", "配合单位"


class Task(BaseModel):
    """One row of the 任务分解表: an item (optionally one measure of it) with its units and deadline."""

    item = models.ForeignKey(PlanItem, verbose_name="重点任务", on_delete=models.CASCADE, related_name="tasks")
    seq = models.PositiveSmallIntegerField("顺序", default=1)
    measure = models.TextField("具体措施", blank=True)
    target = models.CharField("目标", max_length=300, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="责任人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="plan_tasks",
    )
    units = models.ManyToManyField(OrgUnit, verbose_name="责任单位", through="TaskUnit", related_name="plan_tasks")

    class Meta:
        verbose_name = "任务分解"
        verbose_name_plural = "任务分解"
        ordering = ["item", "seq"]
        constraints = [models.UniqueConstraint(fields=["item", "seq"], name="task_unique_item_seq")]

    def __str__(self) -> str:
        return f"{self.item.number}-{self.seq}"


class TaskUnit(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="task_units")
    org_unit = models.ForeignKey(OrgUnit, verbose_name="单位", on_delete=models.PROTECT, related_name="task_units")
    role = models.CharField("职责", max_length=10, choices=TaskUnitRole.choices)

    class Meta:
        verbose_name = "任务责任单位"
        verbose_name_plural = "任务责任单位"
        constraints = [models.UniqueConstraint(fields=["task", "org_unit"], name="taskunit_unique_task_unit")]


class Milestone(models.Model):
    """A 时间节点 of a task; overdue when past due and not done."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("节点内容", max_length=200)
    due_on = models.DateField("截止日期")
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "时间节点"
        verbose_name_plural = "时间节点"
        ordering = ["task", "due_on"]


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"
    LAGGING = "lagging", "滞后"
    BLOCKED = "blocked", "无法完成"


class ReviewStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"  # reported by the unit, waiting for the lead section
    APPROVED = "approved", "已通过"
    RETURNED = "returned", "已退回"  # the unit must correct and resubmit


class ProgressReport(BaseModel):
    """A unit's monthly report on one task (进展报送); a nil report says there was nothing new."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="reports")
    org_unit = models.ForeignKey(OrgUnit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="plan_reports")
    month = models.DateField("报送月份", help_text="该月 1 日")
    status = models.CharField("进展状态", max_length=12, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField("完成百分比", default=0)
    narrative = models.TextField("进展情况", blank=True)
    is_nil = models.BooleanField("本月无新进展", default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, on_delete=models.SET_NULL, related_name="+",
    )
    submitted_at = models.DateTimeField("报送时间")
    review_status = models.CharField("审核状态", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.CharField("审核意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "进展报送"
        verbose_name_plural = "进展报送"
        ordering = ["-month", "task"]
        constraints = [
            models.UniqueConstraint(fields=["task", "org_unit", "month"], name="progress_unique_task_unit_month"),
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="progress_percent_max_100"),
        ]


class ProgressEvidence(BaseModel):
    report = models.ForeignKey(ProgressReport, verbose_name="进展报送", on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("佐证材料", upload_to="plans/evidence/%Y/%m/")
    name = models.CharField("文件名", max_length=200)


class NoticeStatus(models.TextChoices):
    OPEN = "open", "待回复"
    REPLIED = "replied", "已回复"
    CLOSED = "closed", "已办结"


class SupervisionNotice(BaseModel):
    """督办单: sent to a unit for a lagging task, answered by a reply before the deadline."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="notices")
    org_unit = models.ForeignKey(OrgUnit, verbose_name="被督办单位", on_delete=models.PROTECT, related_name="plan_notices")
    number = models.CharField("督办单编号", max_length=40, unique=True)
    reason = models.TextField("督办事由")
    reply_due = models.DateField("回复期限")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="督办人", null=True, on_delete=models.SET_NULL, related_name="+",
    )
    status = models.CharField("状态", max_length=8, choices=NoticeStatus.choices, default=NoticeStatus.OPEN)
    reply = models.TextField("回复内容", blank=True)
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="回复人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ["-created_at"]
