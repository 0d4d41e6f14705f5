from django.urls import include, path

urlpatterns = [
    path("", include("duban.web.urls")),
    path("accounts/", include("duban.accounts.urls")),
    path("plans/", include("duban.plans.urls")),
    path("units/", include("duban.units.urls")),
    path("reporting/", include("duban.reporting.urls")),
    path("verification/", include("duban.verification.urls")),
    path("buildings/", include("duban.buildings.urls")),
    path("audit-log/", include("duban.auditlog.urls")),
]

handler403 = "duban.web.errors.forbidden"
handler404 = "duban.web.errors.not_found"
