from django.urls import path

from duban.reporting import returns_views, subtask_views, views

app_name = "reporting"
urlpatterns = [
    path("mine/", views.my_reports, name="mine"),
    path("plans/<int:plan_pk>/rounds/", views.round_new, name="round_new"),
    path("plans/<int:plan_pk>/rule/", views.round_rule_new, name="rule_new"),
    path("plans/<int:plan_pk>/carry-over/", views.carry_over, name="carry_over"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/close/", views.round_end, name="round_close"),
    path("rounds/<int:pk>/bulletin.docx", views.round_bulletin, name="bulletin"),
    path("rounds/<int:pk>/units/<int:unit_pk>/form.<str:fmt>", returns_views.unit_form, name="unit_form"),
    path("rounds/<int:pk>/returns/", returns_views.returns_new, name="returns_new"),
    path("returns/<uuid:upload>/", returns_views.returns_preview, name="returns_preview"),
    path("returns/<uuid:upload>/confirm/", returns_views.returns_confirm, name="returns_confirm"),
    path("returns/<uuid:upload>/discard/", returns_views.returns_discard, name="returns_discard"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/contribute/", views.report_contribute, name="contribute"),
    path("reports/<int:pk>/attachments/", views.report_attach, name="attach"),
    path("reports/<int:pk>/<str:action>/", views.report_act, name="act"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("subtasks/<int:pk>/", subtask_views.subtask_detail, name="subtask"),
    path("subtasks/<int:pk>/report/", subtask_views.subtask_report, name="subtask_report"),
    path("tasks/<int:task_pk>/remind/", views.task_remind_view, name="remind"),
    path("tasks/<int:task_pk>/extension/", views.extension_new, name="extension_new"),
    path("extensions/<int:pk>/decide/", views.extension_decide_view, name="extension_decide"),
    path("adhoc/", views.adhoc_new, name="adhoc_new"),
    path("coordinations/", views.coordination_queue, name="coordinations"),
    path("instructions/", views.instruction_list, name="instructions"),
    path("tasks/<int:task_pk>/instructions/", views.instruction_new, name="instruction_new"),
    path("coordinations/<int:pk>/decide/", views.coordination_decide_view, name="coordination_decide"),
]
