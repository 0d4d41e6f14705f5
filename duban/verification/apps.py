from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "duban.verification"
    label = "verification"
    verbose_name = "真实性核查"

    def ready(self) -> None:
        from duban.plans.signals import plan_imported
        from duban.reporting.signals import report_filed
        from duban.verification.tasks import audit_after_import, audit_after_report

        plan_imported.connect(audit_after_import, dispatch_uid="duban.verification.after_import")
        report_filed.connect(audit_after_report, dispatch_uid="duban.verification.after_report")
