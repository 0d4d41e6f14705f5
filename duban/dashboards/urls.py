from django.urls import path

from duban.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/", views.task_list, name="tasks"),
    path("pdf/", views.board_pdf, name="pdf"),
]
