from django.urls import path

from duban.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/export.<str:fmt>", views.plan_export, name="export"),
    path("<int:pk>/assignment/<int:unit_pk>.docx", views.unit_assignment, name="assignment"),
    path("search/", views.search, name="search"),
    path("tasks/<int:pk>/split/", views.task_split, name="task_split"),
    path("leaders/", views.leader_links, name="leaders"),
    path("tasks/<int:pk>/leaders/", views.task_leaders, name="task_leaders"),
    path("<int:pk>/publish/", views.plan_publish_view, name="publish"),
    path("import/", views.import_new, name="import_new"),
    path("import/<uuid:pk>/", views.import_preview_view, name="import_preview"),
    path("import/<uuid:pk>/discard/", views.import_discard, name="import_discard"),
    path("import/<uuid:pk>/mapping/", views.import_mapping, name="import_mapping"),
]
