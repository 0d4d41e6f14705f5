from django.urls import path

from duban.verification import views

app_name = "verification"
urlpatterns = [
    path("plans/<int:plan_pk>/", views.plan_findings_view, name="plan"),
    path("plans/<int:plan_pk>/run/", views.plan_audit_view, name="run"),
    path("findings/<int:pk>/review/", views.finding_review_view, name="review"),
    path("findings/<int:pk>/ask/", views.finding_ask_view, name="ask"),
    path("findings/<int:pk>/not-done/", views.finding_not_done_view, name="not_done"),
]
