from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "edubureau.api"
    verbose_name = "接口"
