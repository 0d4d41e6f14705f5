from django.urls import path

from duban.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/", views.task_list, name="tasks"),
    path("burden/", views.burden, name="burden"),
    path("burden/cap/", views.burden_cap, name="burden_cap"),
    path("pdf/", views.board_pdf, name="pdf"),
]
