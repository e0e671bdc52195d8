from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "edubureau.reports"
    verbose_name = "报表"
