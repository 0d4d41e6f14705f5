from django.urls import path

from duban.supervision import escalation_views, views

app_name = "supervision"
urlpatterns = [
    path("", views.office, name="office"),
    path("patterns/", views.patterns, name="patterns"),
    path("assign/", views.assign, name="assign"),
    path("minutes/", views.minutes_upload, name="minutes"),
    path("minutes/<uuid:pk>/", views.minutes_batch, name="minutes_batch"),
    path("minutes/<uuid:pk>/discard/", views.minutes_discard, name="minutes_discard"),
    path("tasks/<int:task_pk>/source/", views.source_document, name="source_document"),
    path("to-sign/", views.to_sign, name="to_sign"),
    path("archive/", views.archive, name="archive"),
    path("tasks/<int:task_pk>/sign/", views.sign, name="sign"),
    path("tasks/<int:task_pk>/close-request/", views.close_request, name="close_request"),
    path("tasks/<int:task_pk>/recheck/", views.recheck, name="recheck"),
    path("tasks/<int:task_pk>/units/<int:unit_pk>/assignment.docx", views.assignment_docx, name="assignment"),
    path("acknowledgements/<int:pk>/remind/", views.remind, name="remind"),
    path("close-requests/<int:pk>/<str:step>/", views.decide, name="decide"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("ladder/", escalation_views.ladder, name="ladder"),
    path("notices/", escalation_views.notices, name="notices"),
    path("rounds/<int:round_pk>/notices/", escalation_views.round_notices, name="round_notices"),
    path("tasks/<int:task_pk>/notices/", escalation_views.notice_new, name="notice_new"),
    path("tasks/<int:task_pk>/interviews/", escalation_views.interview_new, name="interview_new"),
    path("notices/<int:pk>/notice.docx", escalation_views.notice_docx, name="notice_docx"),
    path("notices/<int:pk>/receive/", escalation_views.notice_receive_view, name="notice_receive"),
    path("notices/<int:pk>/reply/", escalation_views.notice_reply_view, name="notice_reply"),
]
