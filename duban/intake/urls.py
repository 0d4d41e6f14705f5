from django.urls import path

from duban.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.layout_list, name="layouts"),
    path("import/", views.layout_import_view, name="layout_import"),
    path("<int:pk>/rename/", views.layout_rename_view, name="layout_rename"),
    path("<int:pk>/export.json", views.layout_export_view, name="layout_export"),
    path("<int:pk>/delete/", views.layout_delete_view, name="layout_delete"),
]
