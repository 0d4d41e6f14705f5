from django.urls import path

from duban.verification import views

app_name = "verification"
urlpatterns = [
    path("plans/<int:plan_pk>/", views.plan_findings_view, name="plan"),
    path("plans/<int:plan_pk>/run/", views.plan_audit_view, name="run"),
    path("findings/<int:pk>/review/", views.finding_review_view, name="review"),
    path("findings/<int:pk>/ask/", views.finding_ask_view, name="ask"),
    path("findings/<int:pk>/not-done/", views.finding_not_done_view, name="not_done"),
    path("mine/", views.unit_findings_view, name="mine"),
    path("findings/<int:pk>/reply/", views.finding_reply_view, name="reply"),
    path("replies/", views.replies_view, name="replies"),
    path("replies/<int:pk>/decide/", views.reply_decide_view, name="decide"),
    path("replies/<int:pk>/file/", views.reply_file_view, name="reply_file"),
]
