from django_tasks import task

from edubureau.indicators.services import compute_indicators


@task()
def compute_task(period: str) -> int:
    """Recompute every indicator for one period; returns how many values were stored."""
    return compute_indicators(period=period).values
