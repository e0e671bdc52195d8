import datetime
import re

from django import forms

from edubureau.plans.models import ProgressStatus

UPLOAD_NOTHING = "请选择要上传的文件,或把工作要点全文粘贴到文本框中"
UPLOAD_BOTH = "请只选择文件或只粘贴文本,不要同时提供"
UPLOAD_TOO_LARGE = "文件超过 10MB,工作要点文档通常不会这么大,请检查是否选错了文件"
MONTH_INVALID = "月份格式应为“2024-05”"
UPLOAD_MAX_BYTES = 10 * 1024 * 1024


class PlanUploadForm(forms.Form):
    # An empty file reaches the reader, which explains it (EMPTY_FILE) instead of Django's generic message.
    file = forms.FileField(label="工作要点文件(.txt 或 .docx)", required=False, allow_empty_file=True)
    text = forms.CharField(label="或粘贴全文", required=False, widget=forms.Textarea(attrs={"rows": 12}))

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError(UPLOAD_NOTHING)
        if upload and text:
            raise forms.ValidationError(UPLOAD_BOTH)
        if upload and upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(UPLOAD_TOO_LARGE)
        return cleaned


class ItemCorrectForm(forms.Form):
    number = forms.CharField(label="序号", max_length=10, required=False)
    title = forms.CharField(label="重点任务", max_length=300)
    group = forms.CharField(label="分组标题", max_length=200, required=False)


class SectionCorrectForm(forms.Form):
    number = forms.CharField(label="序号", max_length=10, required=False)
    title = forms.CharField(label="标题", max_length=200, required=False)


def parse_month(value: str | None) -> datetime.date | None:
    """'2024-05' → date(2024, 5, 1); None for anything else."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", (value or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


class ProgressReportForm(forms.Form):
    status = forms.ChoiceField(label="进展状态", choices=ProgressStatus.choices)
    percent = forms.IntegerField(label="完成百分比", min_value=0, max_value=100, initial=0)
    narrative = forms.CharField(label="进展情况", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    is_nil = forms.BooleanField(label="本月无新进展", required=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "通过"), ("return", "退回")])
    comment = forms.CharField(label="审核意见", required=False, max_length=500)


class NoticeForm(forms.Form):
    org_unit = forms.TypedChoiceField(label="被督办单位", coerce=int)
    reason = forms.CharField(label="督办事由", widget=forms.Textarea(attrs={"rows": 4}))
    reply_due = forms.DateField(label="回复期限", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].choices = [(u.pk, u.name) for u in units]


class NoticeReplyForm(forms.Form):
    reply = forms.CharField(label="回复内容", widget=forms.Textarea(attrs={"rows": 5}))


class BulletinForm(forms.Form):
    month = forms.CharField(label="通报月份", max_length=7, help_text="如 2024-05")
    doc_number = forms.CharField(label="文号", max_length=40, initial="潜教通〔2024〕号")
    issued_on = forms.DateField(label="印发日期", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_month(self):
        month = parse_month(self.cleaned_data["month"])
        if month is None:
            raise forms.ValidationError(MONTH_INVALID)
        return month


MILESTONE_LINE_INVALID = "时间节点第 {n} 行格式应为“节点内容,2024-06-30”"


class TaskForm(forms.Form):
    """One row of the breakdown editor."""

    measure = forms.CharField(label="具体措施", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    target = forms.CharField(label="目标", required=False, max_length=300)
    deadline = forms.DateField(label="完成时限", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    lead_units = forms.TypedMultipleChoiceField(label="牵头单位", coerce=int, required=False)
    cooperating_units = forms.TypedMultipleChoiceField(label="配合单位", coerce=int, required=False)
    owner = forms.TypedChoiceField(label="责任人", coerce=int, required=False, empty_value=None)
    milestones = forms.CharField(
        label="时间节点", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一个,如:完成设计招标,2024-04-30",
    )

    def __init__(self, *args, unit_choices, owner_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_units"].choices = unit_choices
        self.fields["cooperating_units"].choices = unit_choices
        self.fields["owner"].choices = [("", "未指定")] + list(owner_choices)

    def clean_milestones(self):
        parsed = []
        for n, line in enumerate(self.cleaned_data["milestones"].splitlines(), 1):
            if not line.strip():
                continue
            title, _, due = line.replace("\uff0c", ",").rpartition(",")  # a full-width comma (，) as typed in Chinese
            try:
                parsed.append((title.strip(), datetime.date.fromisoformat(due.strip())))
            except ValueError:
                raise forms.ValidationError(MILESTONE_LINE_INVALID.format(n=n)) from None
            if not title.strip():
                raise forms.ValidationError(MILESTONE_LINE_INVALID.format(n=n))
        return parsed


TaskFormSet = forms.formset_factory(TaskForm, extra=1, can_delete=True, max_num=20)


class BreakdownUploadForm(forms.Form):
    file = forms.FileField(label="任务分解表(.xlsx)")
