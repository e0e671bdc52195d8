"""Supervision notices (督办单) and the monthly bulletin (通报)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from edubureau.accounts.scoping import can_capture_for, can_manage_plans
from edubureau.core.exceptions import ApplicationError
from edubureau.plans import selectors
from edubureau.plans.forms import BulletinForm, NoticeForm, NoticeReplyForm
from edubureau.plans.models import Task
from edubureau.plans.services.bulletin import bulletin_docx, bulletin_filename
from edubureau.plans.services.notices import notice_close, notice_issue, notice_reply
from edubureau.plans.summary import plan_month_summary
from edubureau.plans.views.common import chosen_month, require_manager
from edubureau.reports.files import file_response

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def notice_list(request, pk: int):
    plan = selectors.plan_get(fetched_by=request.user, pk=pk)
    notices = selectors.notice_list(fetched_by=request.user, plan=plan).select_related("replied_by")
    context = {"plan": plan, "notices": notices, "can_manage": can_manage_plans(request.user, plan.owner)}
    return render(request, "plans/notice_list.html", context)


@login_required
def notice_create(request, task_pk: int):
    """Send a 督办单 to one of the task's units."""
    task = Task.objects.select_related("item__section__plan__owner").filter(pk=task_pk).first()
    item = selectors.item_get(fetched_by=request.user, pk=task.item_id if task else 0)
    plan = item.section.plan
    require_manager(request.user, plan)
    units = [tu.org_unit for tu in task.task_units.select_related("org_unit").order_by("role", "org_unit__path")]
    form = NoticeForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        unit = next(u for u in units if u.pk == form.cleaned_data["org_unit"])
        try:
            notice = notice_issue(task=task, org_unit=unit, reason=form.cleaned_data["reason"],
                                  reply_due=form.cleaned_data["reply_due"], issued_by=request.user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已向{unit.name}下发督办单 {notice.number}")
            return redirect("plans:notice_list", pk=plan.pk)
    return render(request, "plans/notice_form.html", {"plan": plan, "task": task, "form": form})


@login_required
def notice_detail(request, pk: int):
    """A notice; the notified unit answers it here."""
    notice = selectors.notice_get(fetched_by=request.user, pk=pk)
    plan = notice.task.item.section.plan
    can_reply = can_capture_for(request.user, notice.org_unit)
    form = NoticeReplyForm(request.POST or None, initial={"reply": notice.reply})
    if request.method == "POST" and request.POST.get("action") == "close":
        return _close(request, notice, plan)
    if request.method == "POST":
        if not can_reply:
            raise PermissionDenied("您不能代表被督办单位回复")
        if form.is_valid():
            try:
                notice_reply(notice=notice, reply=form.cleaned_data["reply"], replied_by=request.user)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "回复已提交")
                return redirect("plans:notice_detail", pk=notice.pk)
    context = {"plan": plan, "notice": notice, "form": form, "can_reply": can_reply,
               "can_manage": can_manage_plans(request.user, plan.owner)}
    return render(request, "plans/notice_detail.html", context)


def _close(request, notice, plan):
    require_manager(request.user, plan)
    try:
        notice_close(notice=notice, closed_by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"督办单 {notice.number} 已办结")
    return redirect("plans:notice_detail", pk=notice.pk)


@login_required
def bulletin(request, pk: int):
    """Choose a month and download its 通报 as a Word document."""
    plan = selectors.plan_get(fetched_by=request.user, pk=pk)
    if not selectors.sees_whole_plan(request.user, plan):
        raise PermissionDenied("只有市教育局的用户可以生成通报")
    month = chosen_month(request, plan)
    initial = {"month": f"{month:%Y-%m}", "issued_on": timezone.localdate(), "doc_number": f"潜教通〔{plan.year}〕号"}
    form = BulletinForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        items = list(selectors.plan_items(fetched_by=request.user, plan=plan))
        summary = plan_month_summary(plan=plan, items=items, month=data["month"], today=timezone.localdate())
        content = bulletin_docx(summary=summary, doc_number=data["doc_number"], issued_on=data["issued_on"],
                                issuer=plan.owner.name)
        return file_response(content, bulletin_filename(summary), DOCX)
    return render(request, "plans/bulletin_form.html", {"plan": plan, "form": form})
