from django.apps import AppConfig


class BuildingsConfig(AppConfig):
    name = "duban.buildings"
    label = "buildings"
    verbose_name = "楼宇信息库"

    def ready(self) -> None:
        from duban.buildings.services.goals import goal_bindings_relink_on_import
        from duban.plans.signals import plan_indicators_replaced

        # Live measures follow a re-imported plan's indicators (plans may not call buildings).
        plan_indicators_replaced.connect(
            goal_bindings_relink_on_import, dispatch_uid="duban.buildings.relink"
        )
