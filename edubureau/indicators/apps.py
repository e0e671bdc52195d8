from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "edubureau.indicators"
    verbose_name = "指标"

    def ready(self) -> None:
        from edubureau.indicators import receivers  # noqa: F401  (recompute after imports)
