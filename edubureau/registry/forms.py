"""Filter forms of the registry lists. A field with bad input (a grade that is no grade, a school
outside the user's scope) is ignored and shown with its error; it never fails the page."""
from dataclasses import fields as dataclass_fields

from django import forms

from edubureau.accounts.roles import SensitivePerm
from edubureau.registry import selectors
from edubureau.registry.choices import (
    BackboneLevel, Grade, PostType, ProfessionalTitle, Qualification, Sex, StudentStatus,
)
from edubureau.registry.selectors import (
    BACKBONE_ANY, BACKBONE_NONE, ClassFilters, SizeBand, StudentFilters, TeacherFilters,
)

ALL = ("", "全部")
INVALID_CHOICE = "“%(value)s”不是可选的值"
SCHOOL_NOT_IN_SCOPE = "所选学校不存在或不在您的查看范围内"
CLASS_NOT_OF_SCHOOL = "请先选择学校,再选择该校的班级"
YES_NO = [ALL, ("1", "是"), ("0", "否")]
# Fields whose bad value gets its own message rather than INVALID_CHOICE.
_OWN_MESSAGES = frozenset({"school", "class_group"})


def _search(placeholder: str) -> forms.CharField:
    return forms.CharField(label="搜索", required=False, max_length=50,
                           widget=forms.TextInput(attrs={"placeholder": placeholder}))


def _with_all(choices) -> list[tuple]:
    return [ALL, *choices]


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, required=False, choices=YES_NO, coerce=lambda v: v == "1",
                                  empty_value=None)


def _grade() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label="年级", required=False, choices=_with_all(Grade.choices), coerce=int,
                                  empty_value=None)


def _int_choice(label: str, invalid: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, required=False, coerce=int, empty_value=None,
                                  error_messages={"invalid_choice": invalid})


class _FilterForm(forms.Form):
    """Turns valid fields into the selector's filters dataclass (`filters_class`)."""

    filters_class: type

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in self.fields.items():
            if name not in _OWN_MESSAGES:
                field.error_messages["invalid_choice"] = INVALID_CHOICE
        schools = selectors.school_choices(fetched_by=user).values_list("pk", "name")
        self.fields["school"].choices = _with_all(schools)

    def to_filters(self):
        """Valid fields become filters; an invalid one is left out (its error is shown on the page)."""
        if not self.is_bound:
            return self.filters_class()
        self.is_valid()
        known = {f.name for f in dataclass_fields(self.filters_class)}
        data = {k: v for k, v in self.cleaned_data.items() if k in known and v not in (None, "")}
        return self.filters_class(**data)

    def error_list(self) -> list[str]:
        """"字段:错误" for every field with bad input, for the notice above the list."""
        return [f"{self[name].label}:{error}" for name, errors in self.errors.items() for error in errors]


class StudentFilterForm(_FilterForm):
    filters_class = StudentFilters

    q = _search("姓名或完整证件号")
    school = _int_choice("学校", SCHOOL_NOT_IN_SCOPE)
    grade = _grade()
    class_group = _int_choice("班级", CLASS_NOT_OF_SCHOOL)
    status = forms.ChoiceField(label="学籍状态", required=False, choices=_with_all(StudentStatus.choices))
    sex = forms.ChoiceField(label="性别", required=False, choices=_with_all(Sex.choices))
    left_behind = _yes_no("留守儿童")
    boarding = _yes_no("住校生")
    disability = _yes_no("残疾学生")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Disability is a sensitive category: only those granted it may filter by it.
        if not user.has_perm(SensitivePerm.VIEW_DISABILITY.value):
            del self.fields["disability"]
        self.fields["class_group"].choices = _with_all(self._classes_of_chosen_school())

    def _classes_of_chosen_school(self) -> list[tuple[int, str]]:
        """Classes of the school chosen in the submitted data, if it is a valid choice; else none."""
        raw = self.data.get("school", "") if self.is_bound else ""
        if not raw or raw not in {str(pk) for pk, _ in self.fields["school"].choices}:
            return []
        classes = selectors.class_choices(fetched_by=self.user, school_id=int(raw))
        return [(c.pk, str(c)) for c in classes]


class TeacherFilterForm(_FilterForm):
    filters_class = TeacherFilters

    q = _search("姓名或完整身份证号")
    school = _int_choice("学校", SCHOOL_NOT_IN_SCOPE)
    post_type = forms.ChoiceField(label="岗位类别", required=False, choices=_with_all(PostType.choices))
    professional_title = forms.ChoiceField(label="职称", required=False,
                                           choices=_with_all(ProfessionalTitle.choices))
    highest_qualification = forms.ChoiceField(label="最高学历", required=False,
                                              choices=_with_all(Qualification.choices))
    backbone_level = forms.ChoiceField(label="骨干教师", required=False, choices=[
        ALL, (BACKBONE_ANY, "骨干教师(任一级别)"), *BackboneLevel.choices, (BACKBONE_NONE, "非骨干教师"),
    ])
    fulltime_psychology = _yes_no("专职心理健康教师")
    fulltime_pe = _yes_no("专职体育教师")
    fulltime_arts = _yes_no("专职艺术教师")
    fulltime_ideology = _yes_no("专职思政课教师")


class ClassFilterForm(_FilterForm):
    filters_class = ClassFilters

    school = _int_choice("学校", SCHOOL_NOT_IN_SCOPE)
    school_year = forms.ChoiceField(label="学年", required=False)
    grade = _grade()
    size_band = forms.ChoiceField(label="班额", required=False, choices=_with_all(SizeBand.CHOICES))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        years = selectors.school_year_choices(fetched_by=user)
        self.fields["school_year"].choices = _with_all((y, y) for y in years)
