"""The record of every import: who, when, which file (name and SHA-256), what it did, and its errors."""
from django.conf import settings
from django.db import models

from edubureau.core.models import BaseModel
from edubureau.imports.kinds import KIND_CHOICES
from edubureau.orgs.models import OrgUnit


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "正在导入"
    INVALID = "invalid", "校验未通过,未写入"
    CHECKED = "checked", "校验通过(仅校验,未写入)"
    DONE = "done", "导入完成"
    FAILED = "failed", "导入出错,未写入"


FINISHED_STATUSES = frozenset({ImportStatus.INVALID, ImportStatus.CHECKED, ImportStatus.DONE, ImportStatus.FAILED})


class ImportJob(BaseModel):
    """One uploaded file and what became of it. `unit` is the school it was imported for, or the
    top of the importer's capture scope; the job is visible to whoever sees that unit."""

    kind = models.CharField("数据类型", max_length=16, choices=KIND_CHOICES)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="import_jobs", help_text="为空表示由命令行或示范数据导入",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name="导入单位", null=True, blank=True, on_delete=models.PROTECT, related_name="import_jobs",
    )
    school = models.ForeignKey(
        OrgUnit, verbose_name="所选学校", null=True, blank=True, on_delete=models.PROTECT,
        related_name="school_import_jobs", help_text="为本校导入时,文件中的行都属于这所学校",
    )
    school_year = models.CharField("学年", max_length=9)
    dry_run = models.BooleanField("仅校验", default=False)
    file = models.FileField("文件", upload_to="imports/%Y/%m/", max_length=255)
    file_name = models.CharField("文件名", max_length=255)
    file_sha256 = models.CharField("文件SHA-256", max_length=64)
    file_size = models.PositiveBigIntegerField("文件大小(字节)")
    status = models.CharField("状态", max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    rows = models.PositiveIntegerField("数据行数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变化", default=0)
    extra_created = models.JSONField("附带新增", default=dict, blank=True, help_text="如学生名册中新出现的班级")
    error_count = models.PositiveIntegerField("错误数", default=0)
    errors = models.JSONField("错误明细", default=list, blank=True, help_text="[行号, 列名, 内容, 原因],最多保存前若干条")
    header_row = models.PositiveIntegerField("表头所在行", null=True, blank=True)
    warnings = models.JSONField("提示", default=list, blank=True)
    message = models.TextField("说明", blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "-created_at"], name="importjob_kind_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
