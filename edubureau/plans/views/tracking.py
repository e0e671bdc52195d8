"""Tracked work: plan dashboard, item page, breakdown editor, 任务分解表 export/import."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from edubureau.accounts.models import User
from edubureau.accounts.scoping import can_manage_plans
from edubureau.plans.selectors import captured_memberships
from edubureau.core.exceptions import ApplicationError
from edubureau.orgs.models import OrgKind, OrgUnit
from edubureau.plans import selectors
from edubureau.plans.forms import BreakdownUploadForm, TaskFormSet
from edubureau.plans.lights import LIGHT_RULES
from edubureau.indicators.linking import target_link_decide, target_measures
from edubureau.plans.models import PlanStatus, PlanTarget, TaskUnitRole
from edubureau.plans.services.breakdown import TaskInput, item_breakdown_save
from edubureau.plans.services.breakdown_excel import breakdown_export, breakdown_import
from edubureau.plans.summary import plan_month_summary
from edubureau.plans.views.common import chosen_month, month_choices, require_manager
from edubureau.reports.files import file_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ASSIGNABLE_KINDS = [OrgKind.SECTION, OrgKind.SUB_BUREAU, OrgKind.DISTRICT, OrgKind.BUREAU_UNIT, OrgKind.SCHOOL]


@login_required
def plan_detail(request, pk: int):
    """The plan dashboard: completion by section and by unit, and every visible item with its light."""
    plan = selectors.plan_get(fetched_by=request.user, pk=pk)
    if plan.status == PlanStatus.DRAFT:
        return redirect("plans:review", pk=plan.pk)
    items = list(selectors.plan_items(fetched_by=request.user, plan=plan))
    month = chosen_month(request, plan)
    summary = plan_month_summary(plan=plan, items=items, month=month, today=timezone.localdate())
    context = {
        "plan": plan, "items": items, "summary": summary, "month": month, "months": month_choices(plan),
        "rules": LIGHT_RULES, "can_manage": can_manage_plans(request.user, plan.owner),
        "whole_plan": selectors.sees_whole_plan(request.user, plan),
        "rows": [(item, summary.item_lights[item.pk], *_item_units(item)) for item in items],
    }
    return render(request, "plans/plan_detail.html", context)


def _item_units(item) -> tuple[list[str], list[str], list]:
    """An item's lead and cooperating unit names over all its tasks (each once), and its deadlines."""
    leads: dict[str, None] = {}
    coops: dict[str, None] = {}
    for task in item.tasks.all():
        for tu in task.task_units.all():
            (leads if tu.role == TaskUnitRole.LEAD else coops)[tu.org_unit.name] = None
    deadlines = sorted({t.deadline for t in item.tasks.all() if t.deadline})
    return list(leads), [name for name in coops if name not in leads], deadlines


@login_required
def item_detail(request, pk: int):
    item = selectors.item_get(fetched_by=request.user, pk=pk)
    plan = item.section.plan
    item = selectors.plan_items(fetched_by=request.user, plan=plan).get(pk=pk)
    summary = plan_month_summary(plan=plan, items=[item], month=chosen_month(request, plan), today=timezone.localdate())
    context = {
        "plan": plan, "item": item, "light": summary.item_lights[item.pk],
        "task_rows": [(t, summary.task_lights[t.pk]) for t in item.tasks.all()],
        "reports": selectors.item_reports(fetched_by=request.user, item=item),
        "notices": selectors.notice_list(fetched_by=request.user, plan=plan).filter(task__item=item),
        "can_manage": can_manage_plans(request.user, plan.owner),
        # The indicators measuring the item's targets, at the plan's city (indicators app).
        "target_rows": _target_rows(item, plan),
    }
    return render(request, "plans/item_detail.html", context)


def _target_rows(item, plan) -> list[tuple]:
    targets = list(item.targets.all())
    measures = target_measures(targets, plan.owner)
    return [(target, measures.get(target.pk)) for target in targets]


@login_required
@require_POST
def target_link_view(request, pk: int):
    """Confirm or reject the indicator suggested for a target (plan managers only)."""
    target = get_object_or_404(PlanTarget.objects.select_related("item__section__plan__owner"), pk=pk)
    item = selectors.item_get(fetched_by=request.user, pk=target.item_id)  # 404 when the plan is not visible
    action = request.POST.get("action")
    if action not in ("confirm", "reject"):
        messages.error(request, "请选择“确认”或“否决”")
        return redirect("plans:item_detail", pk=item.pk)
    try:
        target_link_decide(target=target, actor=request.user, confirm=action == "confirm")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已确认指标对应关系" if action == "confirm" else "已否决该建议")
    return redirect("plans:item_detail", pk=item.pk)


def _unit_choices(plan) -> list[tuple[int, str]]:
    units = OrgUnit.objects.filter(path__startswith=plan.owner.path, kind__in=_ASSIGNABLE_KINDS)
    order = {k: i for i, k in enumerate(_ASSIGNABLE_KINDS)}
    return [(u.pk, u.name) for u in sorted(units, key=lambda u: (order[u.kind], u.path))]


def _owner_choices(plan) -> list[tuple[int, str]]:
    """People who may own a task: staff of the units of the plan's city who can enter data."""
    memberships = captured_memberships(plan.owner).select_related("user", "org_unit")
    seen: dict[int, str] = {}
    for m in memberships:
        seen.setdefault(m.user_id, f"{m.user}({m.org_unit.name})")
    return sorted(seen.items(), key=lambda pair: pair[1])


def _initial_rows(item) -> list[dict]:
    return [
        {
            "measure": t.measure, "target": t.target, "deadline": t.deadline, "owner": t.owner_id,
            "lead_units": [tu.org_unit_id for tu in t.task_units.all() if tu.role == TaskUnitRole.LEAD],
            "cooperating_units": [tu.org_unit_id for tu in t.task_units.all() if tu.role == TaskUnitRole.COOPERATE],
            "milestones": "\n".join(f"{m.title},{m.due_on.isoformat()}" for m in t.milestones.all()),
        }
        for t in item.tasks.all()
    ]


def _rows_from(formset) -> list[TaskInput]:
    chosen = {pk for f in formset.forms for pk in f.cleaned_data.get("lead_units", []) + f.cleaned_data.get("cooperating_units", [])}
    units = OrgUnit.objects.in_bulk(chosen)
    owners = User.objects.in_bulk({f.cleaned_data.get("owner") for f in formset.forms} - {None})
    rows = []
    for f in formset.forms:
        data = f.cleaned_data
        if not data or data.get("DELETE") or not (data["lead_units"] or data["measure"] or data["cooperating_units"]):
            continue
        rows.append(TaskInput(
            measure=data["measure"], target=data["target"], deadline=data["deadline"],
            lead_units=[units[pk] for pk in data["lead_units"]],
            cooperating_units=[units[pk] for pk in data["cooperating_units"]], milestones=data["milestones"],
            owner=owners.get(data["owner"]),
        ))
    return rows


@login_required
def breakdown_edit(request, pk: int):
    """Edit an item's tasks: lead and cooperating units, deadline, target, milestones."""
    item = selectors.item_get(fetched_by=request.user, pk=pk)
    plan = item.section.plan
    require_manager(request.user, plan)
    item = selectors.plan_items(fetched_by=request.user, plan=plan).get(pk=pk)
    choices = _unit_choices(plan)
    form_kwargs = {"unit_choices": choices, "owner_choices": _owner_choices(plan)}
    formset = TaskFormSet(request.POST or None, initial=_initial_rows(item), form_kwargs=form_kwargs)
    if request.method == "POST" and formset.is_valid():
        try:
            item_breakdown_save(item=item, rows=_rows_from(formset), saved_by=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "任务分解已保存")
            return redirect("plans:item_detail", pk=item.pk)
    return render(request, "plans/breakdown_edit.html", {"plan": plan, "item": item, "formset": formset})


@login_required
def breakdown_download(request, pk: int):
    """The 任务分解表 as Excel, with the items the user may see."""
    plan = selectors.plan_get(fetched_by=request.user, pk=pk)
    items = list(selectors.plan_items(fetched_by=request.user, plan=plan))
    return file_response(breakdown_export(plan=plan, items=items), f"{plan.title}任务分解表.xlsx", XLSX)


@login_required
@require_POST
def breakdown_upload(request, pk: int):
    """Import a filled-in 任务分解表; any bad row means nothing is written and every error is listed."""
    plan = selectors.plan_get(fetched_by=request.user, pk=pk)
    require_manager(request.user, plan)
    form = BreakdownUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要导入的任务分解表文件")
        return redirect("plans:detail", pk=plan.pk)
    upload = form.cleaned_data["file"]
    try:
        breakdown_import(plan=plan, data=upload.read(), filename=upload.name, imported_by=request.user)
    except ApplicationError as exc:
        errors = getattr(exc, "errors", [])
        return render(request, "plans/breakdown_errors.html", {"plan": plan, "message": exc.message, "errors": errors})
    messages.success(request, "任务分解表已导入")
    return redirect("plans:detail", pk=plan.pk)
