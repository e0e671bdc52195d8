"""`{{ value|figure:unit }}`: an indicator's number as the pages show it (selectors.format_number)."""
from django import template

from edubureau.indicators.selectors import format_number, light_label

register = template.Library()


@register.filter
def figure(value, unit: str = "") -> str:
    """12.3456 → "12.35", 100.0000 → "100", None → "—" (never Decimal.normalize's "1E+2")."""
    return format_number(value, unit or "")


@register.filter
def light_text(value) -> str:
    """The light of a stored value in words (selectors.light_label): 未设目标 for a figure without a target."""
    return light_label(value)
