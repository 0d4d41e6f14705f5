from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "duban.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from duban.accounts import checks, signals  # noqa: F401  (registers the checks and audit receivers)
        from duban.accounts.services import users_unit_merge
        from duban.units.signals import unit_merging

        unit_merging.connect(users_unit_merge, dispatch_uid="duban.accounts.unit_merge")
