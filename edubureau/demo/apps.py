from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "edubureau.demo"
    verbose_name = "示范城市"
