"""The pages that compose several apps. Their URLs keep the names of the app they show
(``plans:detail``, ``units:detail``): duban/urls.py adds them to those namespaces."""

from django.urls import path

from duban.web import ledger, plan_pages, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/badge/", views.inbox_badge, name="inbox_badge"),
    path("inbox/<slug:key>/", views.inbox_list, name="inbox_list"),
]

plan_pages_urls = [
    path("<int:pk>/", plan_pages.plan_detail, name="detail"),
    path("tasks/<int:pk>/", plan_pages.task_detail, name="task"),
]
unit_pages_urls = [path("<int:pk>/", ledger.unit_detail, name="detail")]
