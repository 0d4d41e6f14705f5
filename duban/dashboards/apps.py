from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "duban.dashboards"
    label = "dashboards"
    verbose_name = "领导驾驶舱"

    def ready(self) -> None:
        from duban.dashboards.tasks import count_after_round_closed
        from duban.reporting.signals import round_closed

        round_closed.connect(count_after_round_closed, dispatch_uid="duban.dashboards.after_round_closed")
