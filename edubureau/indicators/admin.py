"""The back office sets each indicator's target (the formulas stay in code); a change re-lights
the stored values at once, without recomputing them."""
from django.contrib import admin, messages

from edubureau.indicators.models import Indicator
from edubureau.indicators.services import indicator_relight


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "unit", "comparator", "target", "target_certainty", "yellow_band", "plan_items",
                    "is_active")
    list_filter = ("is_active", "target_certainty", "period_type")
    search_fields = ("name", "code", "plan_items")
    # What a bureau decides; the rest is the definition in code (definitions.py), shown read-only.
    fields = ("code", "name", "unit", "description", "source", "plan_items", "period_type", "comparator", "target",
              "target_year", "target_certainty", "yellow_band", "is_active")
    readonly_fields = ("code", "name", "unit", "description", "source", "plan_items", "period_type")

    def has_add_permission(self, request) -> bool:
        return False  # indicators come from code; a new one needs a formula

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # switch it off instead (启用)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        count = indicator_relight(indicator=obj)
        messages.info(request, f"已按新目标重新判定 {count} 个已计算的指标值。")
