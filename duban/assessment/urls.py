from django.urls import path

from duban.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.scheme_list, name="schemes"),
    path("new/", views.scheme_new, name="scheme_new"),
    path("<int:pk>/", views.ranking, name="ranking"),
    path("<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("<int:pk>/export.xlsx", views.ranking_export, name="export"),
    path("<int:pk>/units/<int:unit_pk>/", views.unit_detail, name="unit"),
    path("<int:pk>/units/<int:unit_pk>/points/", views.points_add, name="points_add"),
    path("points/<int:pk>/delete/", views.points_delete, name="points_delete"),
]
