from django.urls import include, path

from duban.plans.views import public_plan

urlpatterns = [
    path("", include("duban.web.urls")),
    path("public/<uuid:token>/", public_plan, name="public_plan"),
    path("accounts/", include("duban.accounts.urls")),
    path("plans/", include("duban.plans.urls")),
    path("units/", include("duban.units.urls")),
    path("reporting/", include("duban.reporting.urls")),
    path("verification/", include("duban.verification.urls")),
    path("assessment/", include("duban.assessment.urls")),
    path("dashboard/", include("duban.dashboards.urls")),
    path("buildings/", include("duban.buildings.urls")),
    path("audit-log/", include("duban.auditlog.urls")),
]

handler403 = "duban.web.errors.forbidden"
handler404 = "duban.web.errors.not_found"
