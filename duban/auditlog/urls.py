from django.urls import path

from duban.auditlog import views

app_name = "auditlog"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("export.csv", views.entry_export, name="export"),
    path("verify", views.chain_verify, name="verify"),
]
