"""Import pages: the upload form, the import records, a job's live progress and its errors."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render

from edubureau.accounts.scoping import capture_prefixes
from edubureau.core.exceptions import ApplicationError
from edubureau.imports import selectors
from edubureau.imports.error_workbook import error_workbook
from edubureau.imports.forms import ImportForm
from edubureau.imports.kinds import KINDS
from edubureau.imports.services import Upload, import_job_create, job_progress, job_row_errors
from edubureau.reports.files import file_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JOBS_PER_PAGE = 30
ERRORS_SHOWN = 200
NO_CAPTURE = "您没有录入数据的权限,无法导入"


@login_required
def job_list(request):
    jobs = selectors.import_job_list(fetched_by=request.user)
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "can_import": bool(capture_prefixes(request.user)), "kinds": KINDS.values()}
    return render(request, "imports/job_list.html", context)


@login_required
def job_new(request):
    """Upload a file; the job runs in the background and its page shows the progress."""
    if not capture_prefixes(request.user):
        raise PermissionDenied(NO_CAPTURE)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user,
                      initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            job = import_job_create(actor=request.user, kind=data["kind"], upload=Upload(upload.read(), upload.name),
                                    school=data["school"], school_year=data["school_year"], dry_run=data["dry_run"])
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return redirect("imports:detail", pk=job.pk)
    return render(request, "imports/job_new.html", {"form": form, "kinds": KINDS.values()})


@login_required
def job_detail(request, pk: int):
    job = selectors.import_job_get(fetched_by=request.user, pk=pk)
    show_values = selectors.may_see_values(request.user, job)
    context = {
        "job": job,
        "progress": job_progress(job),
        "errors": job.errors[:ERRORS_SHOWN],
        "errors_hidden": max(job.error_count - ERRORS_SHOWN, 0),
        "errors_not_kept": job.error_count - len(job.errors),
        "show_values": show_values,
        "extra_created": job.extra_created.items(),
    }
    return render(request, "imports/job_detail.html", context)


@login_required
def job_progress_json(request, pk: int):
    job = selectors.import_job_get(fetched_by=request.user, pk=pk)
    return JsonResponse(job_progress(job))


@login_required
def job_error_workbook(request, pk: int):
    """The uploaded workbook with a 错误说明 column, for those who fix the file."""
    job = selectors.import_job_get(fetched_by=request.user, pk=pk)
    if not selectors.may_see_values(request.user, job):
        raise PermissionDenied("只有负责该单位数据录入的人员可以下载错误报告")
    if not job.errors or job.header_row is None:
        raise Http404("这次导入没有错误报告")
    with job.file.open("rb") as handle:
        content = error_workbook(handle.read(), job.file_name, job_row_errors(job), job.header_row)
    stem = job.file_name.rsplit(".", 1)[0]
    return file_response(content, f"{stem}_错误报告.xlsx", XLSX)


@login_required
def template_download(request, kind: str):
    from edubureau.imports.template_workbook import template_filename, template_workbook

    spec = KINDS.get(kind)
    if spec is None:
        raise Http404("没有这种导入模板")
    return file_response(template_workbook(spec), template_filename(spec), XLSX)
