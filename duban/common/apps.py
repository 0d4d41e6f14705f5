from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "duban.common"
    label = "common"
    verbose_name = "公共"
