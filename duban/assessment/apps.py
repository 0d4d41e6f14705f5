from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "duban.assessment"
    label = "assessment"
    verbose_name = "单位考核"

    def ready(self) -> None:
        from duban.assessment.services import leader_points_unit_merge
        from duban.units.signals import unit_merging

        unit_merging.connect(leader_points_unit_merge, dispatch_uid="duban.assessment.unit_merge")
