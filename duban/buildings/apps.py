from django.apps import AppConfig


class BuildingsConfig(AppConfig):
    name = "duban.buildings"
    label = "buildings"
    verbose_name = "楼宇信息库"

    def ready(self) -> None:
        from duban.buildings.services.buildings import buildings_unit_merge
        from duban.buildings.services.goals import goal_bindings_relink_on_import
        from duban.plans.signals import plan_indicators_replaced
        from duban.units.signals import unit_merging

        # plans and units may not call buildings: it listens for what concerns it.
        plan_indicators_replaced.connect(
            goal_bindings_relink_on_import, dispatch_uid="duban.buildings.relink_goals"
        )
        unit_merging.connect(buildings_unit_merge, dispatch_uid="duban.buildings.unit_merge")
