from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "duban.reporting"
    label = "reporting"
    verbose_name = "填报与督办"

    def ready(self) -> None:
        from duban.reporting.services.merges import reporting_unit_merge
        from duban.units.signals import unit_merging

        unit_merging.connect(reporting_unit_merge, dispatch_uid="duban.reporting.unit_merge")
