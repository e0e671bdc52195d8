"""Query parameters of the indicator pages. Bad input never fails a page: an unknown school year falls
back to the latest one with values (the notice says so); an unknown or invisible unit is a 404."""
from django import forms
from django.http import Http404

PERIOD_UNKNOWN = "所选学年没有指标数据,已显示最近的学年"
UNIT_UNKNOWN = "未找到该单位"


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label="学年", required=False,
                               error_messages={"invalid_choice": PERIOD_UNKNOWN})

    def __init__(self, *args, periods: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = periods
        self.fields["period"].choices = [(p, f"{p}学年") for p in periods]

    def chosen(self) -> str | None:
        """The school year asked for if it has values, else the latest one (None when there is none)."""
        if self.is_bound and self.is_valid() and self.cleaned_data["period"]:
            return self.cleaned_data["period"]
        return self.periods[0] if self.periods else None

    def notice(self) -> str:
        """PERIOD_UNKNOWN when a school year was asked for that has no values, else ""."""
        return PERIOD_UNKNOWN if self.is_bound and not self.is_valid() else ""


def unit_id(params) -> int | None:
    """?unit=<pk> as an int; None when absent; Http404 when it is not a number (like a missing unit)."""
    raw = params.get("unit", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise Http404(UNIT_UNKNOWN)
    return int(raw)
