from django.apps import AppConfig


class BuildingsConfig(AppConfig):
    name = "duban.buildings"
    label = "buildings"
    verbose_name = "楼宇信息库"
