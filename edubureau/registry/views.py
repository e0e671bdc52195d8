"""Registry pages: lists of students, staff and classes (filter, paginate, export) and their details.

Identity numbers and 学籍号 are shown masked everywhere. A user holding accounts.view_id_number
may POST "显示完整证件号" on a detail page: the number is read through registry.services
(reveal_id_number / reveal_xuejihao: scope, permission, one audit row per read) and shown in that
response only, which is never cached. Others get 403 in scope and 404 out of scope.
"""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from edubureau.accounts.roles import SensitivePerm
from edubureau.registry import exports, selectors
from edubureau.registry.forms import ClassFilterForm, StudentFilterForm, TeacherFilterForm
from edubureau.registry.services import reveal_id_number, reveal_xuejihao
from edubureau.reports.files import file_response

PER_PAGE = 50
REVEAL_ID_NUMBER = "id_number"
REVEAL_XUEJIHAO = "xuejihao"
REVEAL_UNKNOWN = "无法识别要显示的证件号"


def _list_context(request, form_class, selector) -> dict:
    """The filter form, the current page of rows and the query string without `page`."""
    form = form_class(request.GET or None, user=request.user)
    rows = selector(fetched_by=request.user, filters=form.to_filters())
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"form": form, "page": page, "query": query.urlencode()}


def _export(request, form_class, selector, write, title: str):
    form = form_class(request.GET or None, user=request.user)
    rows = selector(fetched_by=request.user, filters=form.to_filters())
    return file_response(write(rows), exports.export_filename(title), exports.XLSX)


def _may_reveal(user) -> bool:
    return user.has_perm(SensitivePerm.VIEW_ID_NUMBER.value)


def _detail(request, template: str, context: dict, revealed: dict | None = None):
    context = {**context, "revealed": revealed or {}, "may_reveal": _may_reveal(request.user)}
    response = render(request, template, context)
    if revealed:
        add_never_cache_headers(response)  # a full number must not stay in a cache
    return response


# ---- students -------------------------------------------------------------------------------------

@login_required
@require_GET
def student_list(request):
    """Students in scope: search by name or exact ID/学籍号, filters, 50 per page."""
    context = _list_context(request, StudentFilterForm, selectors.student_list)
    return render(request, "registry/student_list.html", context)


@login_required
@require_GET
def student_export(request):
    """The student list under the same filters as an .xlsx (IDs masked)."""
    return _export(request, StudentFilterForm, selectors.student_list, exports.student_export, "学生名册")


@login_required
@require_http_methods(["GET", "POST"])
def student_detail(request, pk: int):
    """A student's record, IDs masked; POST field=id_number|xuejihao reveals one number (audited)."""
    student = selectors.student_get(fetched_by=request.user, pk=pk)
    revealed = None
    if request.method == "POST":
        field = request.POST.get("field", REVEAL_ID_NUMBER)
        if field == REVEAL_ID_NUMBER:
            revealed = {field: reveal_id_number(obj=student, user=request.user)}
        elif field == REVEAL_XUEJIHAO:
            revealed = {field: reveal_xuejihao(obj=student, user=request.user)}
        else:
            return HttpResponseBadRequest(REVEAL_UNKNOWN)
    return _detail(request, "registry/student_detail.html", {"student": student}, revealed)


# ---- teachers -------------------------------------------------------------------------------------

@login_required
@require_GET
def teacher_list(request):
    """Staff in scope: search by name or exact ID, filters, 50 per page."""
    context = _list_context(request, TeacherFilterForm, selectors.teacher_list)
    return render(request, "registry/teacher_list.html", context)


@login_required
@require_GET
def teacher_export(request):
    return _export(request, TeacherFilterForm, selectors.teacher_list, exports.teacher_export, "教职工名册")


@login_required
@require_http_methods(["GET", "POST"])
def teacher_detail(request, pk: int):
    """A member of staff, ID masked; POST reveals the identity number (audited)."""
    teacher = selectors.teacher_get(fetched_by=request.user, pk=pk)
    revealed = None
    if request.method == "POST":
        revealed = {REVEAL_ID_NUMBER: reveal_id_number(obj=teacher, user=request.user)}
    return _detail(request, "registry/teacher_detail.html", {"teacher": teacher}, revealed)


# ---- classes --------------------------------------------------------------------------------------

@login_required
@require_GET
def class_list(request):
    """Classes in scope with their size (students in school) and 大班额 band, 50 per page."""
    context = _list_context(request, ClassFilterForm, selectors.class_list)
    context["large_min"], context["oversized_min"] = selectors.LARGE_CLASS_MIN, selectors.OVERSIZED_CLASS_MIN
    return render(request, "registry/class_list.html", context)


@login_required
@require_GET
def class_export(request):
    return _export(request, ClassFilterForm, selectors.class_list, exports.class_export, "班级名册")


@login_required
@require_GET
def class_detail(request, pk: int):
    """A class, its size and every student on its roll."""
    group = selectors.class_get(fetched_by=request.user, pk=pk)
    context = {
        "group": group,
        "size_label": selectors.size_label(group.size),
        "students": selectors.class_students(fetched_by=request.user, class_group=group),
    }
    return render(request, "registry/class_detail.html", context)
