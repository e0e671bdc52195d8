from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "edubureau.plans"
    verbose_name = "工作要点"
