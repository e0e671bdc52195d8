"""Indicator definitions (editable thresholds) and their stored values per org unit and period.

The formulas live in code (definitions.py: each built-in indicator's per-school numerator and
denominator, computed in SQL); what a bureau may set — the target's comparator, value and year,
the yellow band, whether it is shown — lives here, seeded from reference/indicators.md.
"""
from django.db import models

from edubureau.core.models import BaseModel
from edubureau.orgs.models import OrgUnit


class Comparator(models.TextChoices):
    GE = ">=", "不低于"
    LE = "<=", "不高于"
    EQ = "=", "等于"


class Certainty(models.TextChoices):
    VERIFIED = "V", "已核实"
    SECONDARY = "S", "二手来源"
    RECALLED = "R", "待核实"


class PeriodType(models.TextChoices):
    SCHOOL_YEAR = "school_year", "学年"
    YEAR = "year", "年度"
    MONTH = "month", "月度"


class Light(models.TextChoices):
    GREEN = "green", "达标"
    YELLOW = "yellow", "接近目标"
    RED = "red", "未达标"
    GREY = "grey", "无数据"
    NONE = "none", "未设目标"


class Indicator(BaseModel):
    code = models.CharField("指标代码", max_length=60, unique=True)
    name = models.CharField("指标名称", max_length=100)
    unit = models.CharField("单位", max_length=20, blank=True)
    description = models.TextField("口径说明", blank=True)
    source = models.CharField("依据", max_length=300, blank=True)
    plan_items = models.CharField("对应工作要点条目", max_length=50, blank=True, help_text="条目序号,如 23 或 12、23")
    period_type = models.CharField("统计周期", max_length=12, choices=PeriodType.choices,
                                   default=PeriodType.SCHOOL_YEAR)
    comparator = models.CharField("目标比较", max_length=2, choices=Comparator.choices, blank=True)
    target = models.DecimalField("目标值", max_digits=14, decimal_places=4, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField("目标年份", null=True, blank=True)
    target_certainty = models.CharField("目标值来源可靠性", max_length=1, choices=Certainty.choices,
                                        default=Certainty.VERIFIED, help_text="“待核实”的目标在页面上标出")
    yellow_band = models.DecimalField(
        "接近目标范围", max_digits=8, decimal_places=4, default=0,
        help_text="与目标相差不超过此值时亮黄灯(与指标同单位);0 表示只有达标/未达标",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """One indicator for one org unit and period, as last computed (the dashboard reads only these)."""

    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="values")
    org_unit = models.ForeignKey(OrgUnit, verbose_name="单位", on_delete=models.CASCADE, related_name="indicator_values")
    period = models.CharField("周期", max_length=9, help_text="学年 2024-2025、年度 2024 或月份 2024-05")
    numerator = models.DecimalField("分子", max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField("分母", max_digits=20, decimal_places=4, null=True, blank=True)
    value = models.DecimalField("指标值", max_digits=20, decimal_places=4, null=True, blank=True)
    light = models.CharField("状态", max_length=6, choices=Light.choices, default=Light.GREY)  # none: value, no target
    schools = models.PositiveIntegerField("学校数", default=0)
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "指标值"
        verbose_name_plural = "指标值"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "org_unit", "period"], name="indicatorvalue_unique"),
        ]
        indexes = [
            models.Index(fields=["period", "indicator"], name="indicatorvalue_period"),
            # The dashboard's cache stamp reads MAX(computed_at) on every visit: an index answers it at once.
            models.Index(fields=["computed_at"], name="indicatorvalue_computed_at"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.org_unit} {self.period}"


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", "系统建议,待确认"
    CONFIRMED = "confirmed", "已确认"
    REJECTED = "rejected", "已否决"


class TargetLink(BaseModel):
    """A quantitative target of a plan item measured by an indicator: suggested by the system from
    the item number, the unit and the wording, confirmed (or rejected) by whoever runs the plan."""

    target = models.OneToOneField("plans.PlanTarget", verbose_name="量化目标", on_delete=models.CASCADE,
                                  related_name="indicator_link")
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="target_links")
    status = models.CharField("状态", max_length=10, choices=LinkStatus.choices, default=LinkStatus.SUGGESTED)
    decided_by = models.ForeignKey("accounts.User", verbose_name="确认人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "目标与指标的对应"
        verbose_name_plural = "目标与指标的对应"

    def __str__(self) -> str:
        return f"{self.target} → {self.indicator}"
