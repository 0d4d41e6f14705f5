from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "duban.supervision"
    label = "supervision"
    verbose_name = "督办件办理"

    def ready(self) -> None:
        from duban.plans.signals import plan_stored
        from duban.supervision.services.numbers import items_issue_for_plan

        # An imported plan's tasks are numbered and issued (签收 rows) once the import has committed.
        plan_stored.connect(items_issue_for_plan, dispatch_uid="duban.supervision.issue")
