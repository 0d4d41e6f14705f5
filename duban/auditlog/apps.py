from django.apps import AppConfig


class AuditLogConfig(AppConfig):
    name = "duban.auditlog"
    label = "auditlog"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from duban.auditlog import checks  # noqa: F401  (registers the retention check)
        from duban.auditlog.services import audit_denial
        from duban.common.access import access_denied

        access_denied.connect(audit_denial, dispatch_uid="duban.auditlog.denial")
