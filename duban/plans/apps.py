from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "duban.plans"
    label = "plans"
    verbose_name = "计划与任务"

    def ready(self) -> None:
        from duban.plans.services.tasks import task_units_merge
        from duban.units.signals import unit_merging

        unit_merging.connect(task_units_merge, dispatch_uid="duban.plans.unit_merge")
