from django.apps import AppConfig


class AuditLogConfig(AppConfig):
    name = "duban.auditlog"
    label = "auditlog"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from duban.auditlog import checks  # noqa: F401  (registers the retention check)
