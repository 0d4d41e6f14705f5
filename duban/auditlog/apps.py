from django.apps import AppConfig


class AuditLogConfig(AppConfig):
    name = "duban.auditlog"
    label = "auditlog"
    verbose_name = "审计日志"
