from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "edubureau.imports"
    verbose_name = "数据导入"
