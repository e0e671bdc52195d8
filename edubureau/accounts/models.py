from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from edubureau.accounts.roles import Role, SensitivePerm
from edubureau.core.models import BaseModel
from edubureau.orgs.models import OrgUnit


class User(AbstractUser):
    """A person who signs in. What they see is decided by their memberships, not by fields here."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        permissions = [(p.codename, p.label) for p in SensitivePerm]

    def __str__(self) -> str:
        return self.full_name or self.username


class Membership(BaseModel):
    """User x org unit x role. A role granted at a unit covers its subtree (or its city)."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships")
    org_unit = models.ForeignKey(OrgUnit, verbose_name="单位", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "任职"
        verbose_name_plural = "任职"
        constraints = [
            models.UniqueConstraint(fields=["user", "org_unit", "role"], name="membership_unique_user_unit_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user}:{self.org_unit.name}·{self.get_role_display()}"


class AuditAction(models.TextChoices):
    READ = "read", "查看"
    WRITE = "write", "修改"
    EXPORT = "export", "导出"
    GRANT = "grant", "授权"
    REVOKE = "revoke", "撤销授权"


class AuditLog(models.Model):
    """Who read or changed which sensitive record, and when. Rows are never edited."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", null=True, on_delete=models.SET_NULL, related_name="audit_logs",
    )
    username = models.CharField("用户名", max_length=150, help_text="保留用户名,账号删除后仍可追溯")
    action = models.CharField("操作", max_length=10, choices=AuditAction.choices)
    category = models.CharField("数据类别", max_length=40)
    object_type = models.CharField("对象类型", max_length=100)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    detail = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="auditlog_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.object_repr}"
