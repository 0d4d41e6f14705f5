from django.urls import path

from duban.buildings.views import buildings, evaluations, goals, imports

app_name = "buildings"
urlpatterns = [
    path("", buildings.building_list_view, name="list"),
    path("new/", buildings.building_new, name="new"),
    path("export/", buildings.building_export, name="export"),
    path("<int:pk>/", buildings.building_detail, name="detail"),
    path("<int:pk>/edit/", buildings.building_edit, name="edit"),
    path("<int:pk>/attachments/", buildings.attachment_upload, name="attachment_upload"),
    path("<int:pk>/renovations/new/", buildings.renovation_new, name="renovation_new"),
    path("attachments/<int:pk>/", buildings.attachment_download, name="attachment"),
    path("renovations/<int:pk>/edit/", buildings.renovation_edit, name="renovation_edit"),
    path("carriers/", buildings.carrier_list_view, name="carriers"),
    path("carriers/new/", buildings.carrier_new, name="carrier_new"),
    path("carriers/<int:pk>/edit/", buildings.carrier_edit, name="carrier_edit"),
    path("import/", imports.import_new, name="import_new"),
    path("import/<uuid:pk>/", imports.import_preview, name="import_preview"),
    path("import/<uuid:pk>/discard/", imports.import_discard_view, name="import_discard"),
    path("evaluations/", evaluations.scheme_list, name="schemes"),
    path("evaluations/new/", evaluations.scheme_new, name="scheme_new"),
    path("evaluations/<int:pk>/", evaluations.scheme_detail, name="scheme"),
    path("evaluations/<int:pk>/edit/", evaluations.scheme_edit, name="scheme_edit"),
    path("evaluations/<int:pk>/scores/", evaluations.scores_edit, name="scores"),
    path("evaluations/<int:pk>/scores/export/", evaluations.scores_export, name="scores_export"),
    path("evaluations/<int:pk>/scores/import/", evaluations.scores_import, name="scores_import"),
    path("evaluations/scores/<uuid:pk>/", evaluations.scores_preview, name="scores_preview"),
    path("evaluations/<int:pk>/compute/", evaluations.scheme_compute, name="scheme_compute"),
    path("results/<int:pk>/appeal/", evaluations.appeal_new, name="appeal_new"),
    path("appeals/<int:pk>/decide/", evaluations.appeal_decide_view, name="appeal_decide"),
    path("goals/", goals.goal_list, name="goals"),
    path("goals/<int:pk>/", goals.goal_bind_view, name="goal_bind"),
    path("goals/plans/<int:pk>/relink/", goals.goal_relink, name="goal_relink"),
]
