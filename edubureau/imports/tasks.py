"""Background work of the import pipeline (run by `python manage.py db_worker`)."""
from django_tasks import task

from edubureau.imports.services import import_job_run


@task()
def run_import(job_id: int) -> str:
    """Run one queued import job; returns its final status."""
    return import_job_run(job_id).status
