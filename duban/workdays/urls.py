from django.urls import path

from duban.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("add/", views.add, name="add"),
    path("remove/", views.remove, name="remove"),
    path("notice/", views.notice, name="notice"),
]
