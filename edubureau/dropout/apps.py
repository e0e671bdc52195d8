from django.apps import AppConfig


class DropoutConfig(AppConfig):
    name = "edubureau.dropout"
    verbose_name = "控辍保学"
