"""Plan documents: list, upload, review with corrections, publish."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from edubureau.core.exceptions import ApplicationError
from edubureau.plans import selectors
from edubureau.plans.forms import ItemCorrectForm, PlanUploadForm, SectionCorrectForm
from edubureau.plans.highlight import source_segments
from edubureau.plans.models import PlanMention, PlanSection, PlanStatus, PlanTarget
from edubureau.plans.parsing import read_document, read_text
from edubureau.plans.services.importing import plan_import
from edubureau.plans.services.publishing import (
    plan_extraction_delete, plan_item_correct, plan_publish, plan_section_correct,
)
from edubureau.plans.views.common import require_manager


@login_required
def plan_list(request):
    context = {
        "plans": selectors.plan_list(fetched_by=request.user),
        "can_upload": selectors.managed_city(request.user) is not None,
    }
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_upload(request):
    """Upload a file or paste text; on success the draft opens for review, on failure nothing is stored."""
    city = selectors.managed_city(request.user)
    if city is None:
        raise PermissionDenied("只有科室人员或系统管理员可以导入工作要点")
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            source = read_document(upload.read(), upload.name) if upload else read_text(form.cleaned_data["text"])
            plan = plan_import(source=source, filename=upload.name if upload else "粘贴文本",
                               owner=city, imported_by=request.user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已识别 {plan.sections.count()} 个部分,请核对后发布。")
            return redirect("plans:review", pk=plan.pk)
    return render(request, "plans/plan_upload.html", {"form": form})


@login_required
def plan_review(request, pk: int):
    """The parsed tree beside the source text, with targets and mentions highlighted."""
    plan = selectors.plan_get(fetched_by=request.user, pk=pk)
    require_manager(request.user, plan)
    items = list(selectors.plan_items(fetched_by=request.user, plan=plan))
    context = {
        "plan": plan,
        "sections": plan.sections.prefetch_related("items").all(),
        "items": items,
        "segments": source_segments(plan.source_text, items),
        "editable": plan.status == PlanStatus.DRAFT,
    }
    return render(request, "plans/plan_review.html", context)


def _apply(request, action) -> None:
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已保存修改")


@login_required
@require_POST
def item_correct(request, pk: int):
    item = selectors.item_get(fetched_by=request.user, pk=pk)  # 404 for an item the user does not share in
    plan = item.section.plan
    require_manager(request.user, plan)
    form = ItemCorrectForm(request.POST)
    if form.is_valid():
        _apply(request, lambda: plan_item_correct(item=item, **form.cleaned_data))
    else:
        messages.error(request, "重点任务名称不能为空")
    return redirect(f"{_review_url(plan)}#item-{item.pk}")


@login_required
@require_POST
def section_correct(request, pk: int):
    section = get_object_or_404(PlanSection.objects.select_related("plan"), pk=pk)
    plan = selectors.plan_get(fetched_by=request.user, pk=section.plan_id)
    require_manager(request.user, plan)
    form = SectionCorrectForm(request.POST)
    if form.is_valid():
        _apply(request, lambda: plan_section_correct(section=section, **form.cleaned_data))
    return redirect(_review_url(plan))


@login_required
@require_POST
def extraction_delete(request, kind: str, pk: int):
    models = {"target": PlanTarget, "mention": PlanMention}
    if kind not in models:
        raise Http404("未找到该对象")
    model = models[kind]
    obj = get_object_or_404(model.objects.select_related("item__section__plan"), pk=pk)
    plan = selectors.item_get(fetched_by=request.user, pk=obj.item_id).section.plan
    require_manager(request.user, plan)
    _apply(request, lambda: plan_extraction_delete(obj=obj))
    return redirect(f"{_review_url(plan)}#item-{obj.item_id}")


@login_required
@require_POST
def plan_publish_view(request, pk: int):
    plan = selectors.plan_get(fetched_by=request.user, pk=pk)
    require_manager(request.user, plan)
    try:
        plan_publish(plan=plan, published_by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("plans:review", pk=plan.pk)
    messages.success(request, "工作要点已发布,请为各项任务分解责任单位。")
    return redirect("plans:detail", pk=plan.pk)


def _review_url(plan) -> str:
    return reverse("plans:review", kwargs={"pk": plan.pk})
