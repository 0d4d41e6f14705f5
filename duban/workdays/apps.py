from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "duban.workdays"
    label = "workdays"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from duban.workdays import checks  # noqa: F401  (registers the unknown-year check)
