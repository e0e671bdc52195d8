from django.db.models import QuerySet
from django.http import Http404

from edubureau.accounts.scoping import can_capture_for, scoped
from edubureau.imports.models import ImportJob


def import_job_list(*, fetched_by) -> QuerySet[ImportJob]:
    """Import records of the units the user sees (the command line's, with no unit, only superusers)."""
    jobs = ImportJob.objects.select_related("unit", "school", "created_by")
    if fetched_by.is_superuser:
        return jobs.all()
    return scoped(jobs, fetched_by, path_field="unit__path")


def import_job_get(*, fetched_by, pk: int) -> ImportJob:
    """One import record in the user's scope; missing and out of scope both answer 404."""
    try:
        return import_job_list(fetched_by=fetched_by).get(pk=pk)
    except ImportJob.DoesNotExist as exc:
        raise Http404("未找到该导入记录") from exc


def may_see_values(user, job: ImportJob) -> bool:
    """The cell values of a job's errors (identity numbers among them) and its error workbook are for
    those who enter data for its unit; the others see rows, columns and reasons only."""
    if user.is_superuser:
        return True
    return job.unit is not None and can_capture_for(user, job.unit)
