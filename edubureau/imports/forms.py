from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone

from edubureau.accounts.scoping import capture_prefixes, captured
from edubureau.core.schoolyears import normalise_school_year, school_year_of, validate_school_year
from edubureau.imports.kinds import KINDS
from edubureau.imports.services import MAX_UPLOAD_BYTES
from edubureau.orgs.models import OrgKind, OrgUnit
from edubureau.registry.models import ClassGroup

FILE_REQUIRED = "请选择要导入的文件"
FILE_TOO_LARGE = "文件超过 50 MB:请按学校或年级拆分后分批导入"
SCHOOL_REQUIRED = "请选择学校"


def default_school_year() -> str:
    """The latest school year that has classes on record, else the current one: importing the
    next file of a school year already under way is the usual case."""
    latest = ClassGroup.objects.aggregate(latest=Max("school_year"))["latest"]
    return latest or school_year_of(timezone.localdate())


def importable_kinds(user) -> list[tuple[str, str]]:
    """The kinds `user` may import: the school list only for those capturing for a whole city."""
    city_wide = any(prefix.count("/") == 2 for prefix in capture_prefixes(user))
    return [(kind.key, kind.label) for kind in KINDS.values() if city_wide or not kind.city_only]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="数据类型")
    school = forms.ModelChoiceField(
        label="学校", queryset=OrgUnit.objects.none(), required=False, empty_label="(按文件中的学校标识码)",
        help_text="为一所学校导入时选择;文件中的学校标识码可不填",
    )
    school_year = forms.CharField(
        label="学年", max_length=20,
        help_text="如 2024-2025;学生名册中的班级按此学年对应,班级名单和年度数据中未填学年的行也按此学年",
    )
    file = forms.FileField(label="文件(.xlsx、.xls、.ods 或 .csv)", required=False, allow_empty_file=True)
    dry_run = forms.BooleanField(label="仅校验,不写入", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = importable_kinds(user)
        schools = captured(OrgUnit.objects.filter(kind=OrgKind.SCHOOL), user).order_by("path")
        self.fields["school"].queryset = schools
        self.single_school = schools.count() == 1
        if self.single_school:
            self.fields["school"].required = True
            self.fields["school"].empty_label = None
            self.fields["school"].error_messages["required"] = SCHOOL_REQUIRED
        self.fields["school_year"].initial = default_school_year()
        self.fields["kind"].error_messages["invalid_choice"] = "请选择可导入的数据类型"
        self.fields["school"].error_messages["invalid_choice"] = "所选学校不在您可导入的范围内"

    def clean_school_year(self) -> str:
        value = normalise_school_year(self.cleaned_data["school_year"])
        validate_school_year(value)
        return value

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            raise ValidationError(FILE_REQUIRED)
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(FILE_TOO_LARGE)
        return upload
