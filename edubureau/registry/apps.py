from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "edubureau.registry"
    verbose_name = "名册"
