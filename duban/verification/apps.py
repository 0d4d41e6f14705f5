from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "duban.verification"
    label = "verification"
    verbose_name = "真实性核查"
