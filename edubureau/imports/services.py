"""Running an import: record the upload, check it whole, and write it in one transaction or not at all.

import_job_create   store the file and its SHA-256, check who may import what, queue the job
import_job_run      read → validate every row → check against the registry → write set-wise
                    (or, with errors, nothing), updating the live progress as it goes
import_file         both at once, synchronously (the import_table command, the demo city)
"""
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from edubureau.accounts.audit import audit
from edubureau.accounts.models import AuditAction
from edubureau.accounts.scoping import capture_prefixes
from edubureau.core.exceptions import ApplicationError
from edubureau.core.schoolyears import school_year_of
from edubureau.imports.kinds import KINDS
from edubureau.imports.models import ImportJob, ImportStatus
from edubureau.imports.reading import RawTable, read_table
from edubureau.imports.signals import import_done
from edubureau.imports.upsert import upsert_analyze
from edubureau.imports.validation import RowError, validate_rows
from edubureau.imports.writers import ImportContext, prepare
from edubureau.orgs.models import OrgKind, OrgUnit

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
ERRORS_KEPT = 20_000  # errors stored with the job (and put into the error workbook)
FILE_TOO_LARGE = "文件超过 50 MB:请按学校或年级拆分后分批导入"
FILE_EMPTY = "文件为空,请选择填写好的表格"
KIND_UNKNOWN = "不支持的数据类型“{kind}”"
KIND_CITY_ONLY = "{label}只能由市局系统管理员导入"
NO_CAPTURE_SCOPE = "您没有录入数据的权限,无法导入"
SCHOOL_NOT_CAPTURABLE = "无权为“{name}”导入数据"
NOT_A_SCHOOL = "“{name}”不是学校"
SCHOOL_FOR_SCHOOL_LIST = "导入学校名单时不能选择学校"
JOB_FAILED = "导入时发生系统错误,没有写入任何数据。请稍后重试;如仍失败,请联系系统管理员(导入记录编号 {id})"
PHASES = {"queued": "排队中", "read": "正在读取并校验", "check": "正在核对系统中已有数据", "write": "正在写入",
          "done": "已完成"}
AUDITED_KINDS = frozenset({"students", "teachers", "population"})
# The progress bar's share of each phase: reading and checking rows is most of the work.
_READ_SHARE, _CHECK_SHARE = 40, 15


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str


def import_job_create(*, actor, kind: str, upload: Upload, school_year: str | None = None,
                      school: OrgUnit | None = None, dry_run: bool = False, enqueue: bool = True) -> ImportJob:
    """Record the upload and queue it. `actor` None is the system (command line, demo): no scope limit.

    Raises ApplicationError (nothing recorded) when the file or the request can't be taken.
    """
    spec = KINDS.get(kind)
    if spec is None:
        raise ApplicationError(KIND_UNKNOWN.format(kind=kind))
    if not upload.data:
        raise ApplicationError(FILE_EMPTY)
    if len(upload.data) > MAX_UPLOAD_BYTES:
        raise ApplicationError(FILE_TOO_LARGE)
    unit = _check_may_import(actor, spec, school)
    digest = hashlib.sha256(upload.data).hexdigest()
    job = ImportJob(
        kind=kind, created_by=actor, unit=unit, school=school, dry_run=dry_run,
        school_year=school_year or school_year_of(timezone.localdate()),
        file_name=upload.filename[:255], file_sha256=digest, file_size=len(upload.data),
    )
    job.file.save(f"{digest[:16]}{_suffix(upload.filename)}", ContentFile(upload.data), save=False)
    job.save()
    if enqueue:
        from edubureau.imports.tasks import run_import

        run_import.enqueue(job.pk)
    return job


def _suffix(filename: str) -> str:
    dot = filename.rfind(".")
    suffix = filename[dot:].lower() if dot >= 0 else ""
    return suffix if suffix.isascii() and len(suffix) <= 6 else ""


def _check_may_import(actor, spec, school: OrgUnit | None) -> OrgUnit | None:
    """The unit the job is recorded under; raises ApplicationError when `actor` may not import this."""
    if school is not None and spec.key == "schools":
        raise ApplicationError(SCHOOL_FOR_SCHOOL_LIST)
    if school is not None and school.kind != OrgKind.SCHOOL:
        raise ApplicationError(NOT_A_SCHOOL.format(name=school.name))
    if actor is None:
        return school or _single_root()
    prefixes = capture_prefixes(actor)
    if not prefixes:
        raise ApplicationError(NO_CAPTURE_SCOPE)
    roots = [prefix for prefix in prefixes if prefix.count("/") == 2]
    if spec.city_only and not roots:
        raise ApplicationError(KIND_CITY_ONLY.format(label=spec.label))
    if school is not None:
        if not any(school.path.startswith(prefix) for prefix in prefixes):
            raise ApplicationError(SCHOOL_NOT_CAPTURABLE.format(name=school.name))
        return school
    return OrgUnit.objects.filter(path=prefixes[0]).first()


def _single_root() -> OrgUnit | None:
    roots = list(OrgUnit.objects.filter(parent__isnull=True)[:2])
    return roots[0] if len(roots) == 1 else None


# ---- running ----------------------------------------------------------------------------------------------

class ProgressReporter:
    """Live progress of one job in the "progress" cache (shared by the worker and the web processes),
    written at most every `interval` seconds; `on_change` also receives every update (terminal bar)."""

    def __init__(self, job_id: int, on_change: Callable[[dict], None] | None = None, interval: float = 0.25):
        self.key = progress_key(job_id)
        self.on_change = on_change
        self.interval = interval
        self.last = 0.0

    def __call__(self, phase: str, percent: float, done: int = 0, total: int = 0, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < self.interval:
            return
        self.last = now
        state = {"phase": phase, "label": PHASES[phase], "percent": round(min(max(percent, 0), 100), 1),
                 "done": done, "total": total}
        caches["progress"].set(self.key, state)
        if self.on_change is not None:
            self.on_change(state)


def progress_key(job_id: int) -> str:
    return f"import-job:{job_id}"


def job_progress(job: ImportJob) -> dict:
    """What the progress bar shows: the live state while running, the outcome when finished."""
    if job.finished:
        return {"phase": "done", "label": job.get_status_display(), "percent": 100, "done": job.rows,
                "total": job.rows, "finished": True, "status": job.status}
    state = caches["progress"].get(progress_key(job.pk)) or {
        "phase": "queued", "label": PHASES["queued"], "percent": 0, "done": 0, "total": 0}
    return {**state, "finished": False, "status": job.status}


def import_job_run(job_id: int, *, on_progress: Callable[[dict], None] | None = None) -> ImportJob:
    """Run a queued job to its end. Any failure leaves the registry untouched and says why on the job."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now())
    job = ImportJob.objects.select_related("school", "created_by").get(pk=job_id)
    if not claimed:
        return job  # already run (a worker retried it)
    progress = ProgressReporter(job.pk, on_progress)
    progress("read", 0, force=True)
    try:
        _run(job, progress)
    except ApplicationError as error:
        _finish(job, ImportStatus.INVALID, message=error.message)
    except Exception:
        logger.exception("import job %s failed", job.pk)
        _finish(job, ImportStatus.FAILED, message=JOB_FAILED.format(id=job.pk))
    progress("done", 100, job.rows, job.rows, force=True)
    return job


def _run(job: ImportJob, progress: ProgressReporter) -> None:
    kind = KINDS[job.kind]
    with job.file.open("rb") as handle:
        data = handle.read()
    table = read_table(data, job.file_name)
    context = ImportContext(
        school_year=job.school_year, school=job.school,
        prefixes=capture_prefixes(job.created_by) if job.created_by else None,
        progress=lambda fraction: progress("check", _READ_SHARE + _CHECK_SHARE * fraction, 0, 0),
    )
    result = validate_rows(_counted(table, progress), kind.specs, row_validator=kind.validator(context.today),
                           unique_together=kind.unique_together)
    job.rows, job.header_row, job.warnings = len(result.rows), result.header.row, result.header.warnings
    progress("check", _READ_SHARE, job.rows, job.rows, force=True)
    plan = prepare(kind, result, context)
    errors = sorted([*result.errors, *plan.errors], key=lambda error: error.row)
    job.created, job.updated, job.unchanged, job.extra_created = (
        plan.created, plan.updated, plan.unchanged, plan.extra_created)
    if errors:
        job.created = job.updated = job.unchanged = 0
        job.extra_created = {}
        _finish(job, ImportStatus.INVALID, errors=errors)
        return
    if job.dry_run:
        _finish(job, ImportStatus.CHECKED)
        return
    start = _READ_SHARE + _CHECK_SHARE
    total = max(plan.written, 1)
    progress("write", start, 0, plan.written, force=True)
    with transaction.atomic():
        plan.apply(lambda done: progress("write", start + (100 - start) * done / total, done, plan.written))
        if job.kind in AUDITED_KINDS:  # identity numbers were written
            audit(job.created_by, AuditAction.WRITE, job, job.get_kind_display(),
                  detail=f"导入“{job.file_name}”:新增 {job.created},更新 {job.updated},未变化 {job.unchanged}")
        _finish(job, ImportStatus.DONE)
    if plan.written:
        upsert_analyze(*plan.models)
        import_done.send(sender=ImportJob, job=job)


def _counted(table: RawTable, progress: ProgressReporter) -> RawTable:
    """The same table, reporting every 1,000 rows read as the first share of the bar."""
    height = max(table.height, 1)

    def rows():
        for number, row in enumerate(table.rows(), 1):
            if number % 1000 == 0:  # no counts: the sheet's height includes its title and header rows
                progress("read", _READ_SHARE * number / height)
            yield row

    return RawTable(table.filename, table.format, table.sheet, table.height, rows)


def _finish(job: ImportJob, status: str, *, errors: list[RowError] = (), message: str = "") -> None:
    job.status = status
    job.error_count = len(errors)
    job.errors = [[e.row, e.column, e.value, e.reason] for e in errors[:ERRORS_KEPT]]
    job.message = message
    job.finished_at = timezone.now()
    job.save()


def import_file(*, kind: str, upload: Upload, actor=None, school: OrgUnit | None = None,
                school_year: str | None = None, dry_run: bool = False,
                on_progress: Callable[[dict], None] | None = None) -> ImportJob:
    """Record and run an import now, in this process (command line, demo city)."""
    job = import_job_create(actor=actor, kind=kind, upload=upload, school=school, school_year=school_year,
                            dry_run=dry_run, enqueue=False)
    return import_job_run(job.pk, on_progress=on_progress)


def job_row_errors(job: ImportJob) -> list[RowError]:
    return [RowError(*error) for error in job.errors]
