"""Load the demo city's registry files through the import pipeline, as a city would.

The files are written by registry_files.write_registry_files into the demo folder (kept, so a
user can open them, change them and upload them on the 数据导入 page) and imported in the order
a bureau would: yearly figures, classes, students, staff. Each import is recorded like any other
(导入人: 命令行). The indicators are then computed for both school years of the figures, so
the dashboard has values and a trend at once. A database that already holds students is left alone.
"""
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from edubureau.core.exceptions import ApplicationError
from edubureau.core.schoolyears import previous_school_year
from edubureau.demo.registry_files import RegistryFiles, write_registry_files
from edubureau.imports.models import ImportJob, ImportStatus
from edubureau.indicators.services import compute_indicators
from edubureau.imports.services import Upload, import_file
from edubureau.registry.models import Student

DEMO_SCHOOL_YEAR = "2024-2025"  # the school year of the seed plan (2024)
LOAD_ORDER = ("figures", "classes", "students", "teachers")
DEMO_IMPORT_FAILED = "示范数据“{name}”导入未通过:{reason}"


@dataclass
class RegistryLoad:
    files: RegistryFiles | None
    jobs: list[ImportJob]

    @property
    def skipped(self) -> bool:
        return self.files is None


def demo_files_dir() -> Path:
    return Path(settings.EDUBUREAU_DEMO_FILES_DIR)


def load_demo_registry(*, seed: int = 1, scale: str = "full", on_progress=None) -> RegistryLoad:
    """Write the demo files and import them; nothing happens when students are already on record.

    Raises ApplicationError when a file does not import cleanly (a bug in the generator: the
    demo's files must pass the same checks as anybody's).
    """
    if Student.objects.exists():
        return RegistryLoad(None, [])
    files = write_registry_files(demo_files_dir(), seed=seed, scale=scale, school_year=DEMO_SCHOOL_YEAR)
    jobs = []
    for key in LOAD_ORDER:
        path = files.paths[key]
        job = import_file(kind=key, upload=Upload(path.read_bytes(), path.name), school_year=DEMO_SCHOOL_YEAR,
                          on_progress=on_progress)
        if job.status != ImportStatus.DONE:
            reason = job.message or "；".join(f"第 {e[0]} 行 {e[1]}:{e[3]}" for e in job.errors[:3])
            raise ApplicationError(DEMO_IMPORT_FAILED.format(name=path.name, reason=reason))
        jobs.append(job)
    for period in (previous_school_year(DEMO_SCHOOL_YEAR), DEMO_SCHOOL_YEAR):  # the figures cover both years
        compute_indicators(period=period)
    return RegistryLoad(files, jobs)
