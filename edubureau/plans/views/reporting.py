"""Monthly progress: the reporting inbox, the report form, the lead unit's review queue."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from edubureau.core.exceptions import ApplicationError
from edubureau.plans import selectors
from edubureau.plans.forms import ProgressReportForm, ReviewForm
from edubureau.plans.models import ProgressEvidence, ProgressReport, ReviewStatus
from edubureau.plans.services.progress import can_review, report_review, report_submit
from edubureau.plans.views.common import chosen_month, month_choices


@login_required
def report_inbox(request, pk: int):
    """The tasks the user reports on, one line per (task, unit), with this month's report if any."""
    plan = selectors.plan_get(fetched_by=request.user, pk=pk)
    month = chosen_month(request, plan)
    pairs = list(selectors.reporting_task_units(fetched_by=request.user, plan=plan))
    reports = {
        (r.task_id, r.org_unit_id): r
        for r in ProgressReport.objects.filter(task__in=[p.task_id for p in pairs], month=month)
    }
    rows = [(p, reports.get((p.task_id, p.org_unit_id))) for p in pairs]
    context = {"plan": plan, "month": month, "months": month_choices(plan), "rows": rows}
    return render(request, "plans/report_inbox.html", context)


def _reporting_pair(request, task_pk: int, unit_pk: int):
    """The (task, unit) the user reports for, or 404 (not theirs, not visible, or not responsible)."""
    for pair in selectors.reporting_task_units(fetched_by=request.user, task_id=task_pk):
        if pair.org_unit_id == unit_pk:
            return pair
    raise Http404("未找到该任务")


@login_required
def report_form(request, task_pk: int, unit_pk: int):
    pair = _reporting_pair(request, task_pk, unit_pk)
    plan = pair.task.item.section.plan
    month = chosen_month(request, plan)
    existing = ProgressReport.objects.filter(task=pair.task, org_unit=pair.org_unit, month=month).first()
    initial = {"status": existing.status, "percent": existing.percent, "narrative": existing.narrative,
               "is_nil": existing.is_nil} if existing else None
    form = ProgressReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report_submit(task=pair.task, org_unit=pair.org_unit, month=month, files=request.FILES.getlist("evidence"),
                          submitted_by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{pair.org_unit.name} {month:%Y年%m月} 的进展已报送,等待牵头单位审核")
            return redirect(f"{_inbox_url(plan)}?month={month:%Y-%m}")
    context = {"plan": plan, "pair": pair, "month": month, "form": form, "existing": existing,
               "locked": existing is not None and existing.review_status == ReviewStatus.APPROVED}
    return render(request, "plans/report_form.html", context)


def _inbox_url(plan) -> str:
    return reverse("plans:report_inbox", kwargs={"pk": plan.pk})


@login_required
def evidence_download(request, pk: int):
    """An evidence file, for users who may see the report it belongs to."""
    evidence = get_object_or_404(ProgressEvidence, pk=pk)
    selectors.report_get(fetched_by=request.user, pk=evidence.report_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


@login_required
def review_queue(request, pk: int):
    plan = selectors.plan_get(fetched_by=request.user, pk=pk)
    reports = selectors.review_queue(fetched_by=request.user, plan=plan)
    return render(request, "plans/review_queue.html", {"plan": plan, "reports": reports})


@login_required
@require_POST
def report_review_view(request, pk: int):
    report = selectors.report_get(fetched_by=request.user, pk=pk)
    if not can_review(request.user, report.task):
        raise PermissionDenied("只有牵头单位可以审核该任务的进展")
    form = ReviewForm(request.POST)
    plan = report.task.item.section.plan
    if form.is_valid():
        try:
            report_review(report=report, approve=form.cleaned_data["decision"] == "approve",
                          comment=form.cleaned_data["comment"], reviewed_by=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已{'通过' if report.review_status == ReviewStatus.APPROVED else '退回'}"
                                      f"{report.org_unit.name}的报送")
    else:
        messages.error(request, "请选择“通过”或“退回”")
    return redirect("plans:review_queue", pk=plan.pk)
