"""Recompute the indicators after an import changed the registries (DESIGN.md: values are
materialised, recomputed after each import and on demand)."""
from django.dispatch import receiver

from edubureau.imports.signals import import_done


@receiver(import_done)
def recompute_after_import(sender, *, job, **kwargs) -> None:
    from edubureau.indicators.tasks import compute_task

    compute_task.enqueue(job.school_year)
