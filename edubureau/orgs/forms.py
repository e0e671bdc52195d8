from django import forms

from edubureau.orgs.models import Locality, Ownership, Stage
from edubureau.orgs.selectors import SchoolFilters, area_choices


def _with_all(choices) -> list[tuple[str, str]]:
    return [("", "全部")] + list(choices)


class SchoolFilterForm(forms.Form):
    q = forms.CharField(label="名称或标识码", required=False, max_length=50)
    stage = forms.ChoiceField(label="学段", required=False, choices=_with_all(Stage.choices))
    ownership = forms.ChoiceField(label="办学性质", required=False, choices=_with_all(Ownership.choices))
    locality = forms.ChoiceField(label="城乡分类", required=False, choices=_with_all(Locality.choices))
    area = forms.TypedChoiceField(label="学区/分局", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        areas = area_choices(fetched_by=user)
        self.fields["area"].choices = [("", "全部")] + [(a.pk, a.name) for a in areas]

    def to_filters(self) -> SchoolFilters:
        """Valid fields become filters; an invalid one is ignored and shown with its error."""
        if not self.is_bound:
            return SchoolFilters()
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return SchoolFilters(**data)
