from django.urls import path

from duban.units import views

app_name = "units"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("merge/", views.merge, name="merge"),
    path("<int:pk>/aliases/", views.alias_add, name="alias_add"),
    path("parent/", views.parent_set, name="parent_set"),
]
