from django.urls import include, path

from duban.plans import urls as plans_urls
from duban.plans.views import public_plan
from duban.units import urls as units_urls
from duban.web import urls as web_urls

urlpatterns = [
    path("", include("duban.web.urls")),
    path("public/<uuid:token>/", public_plan, name="public_plan"),
    path("accounts/", include("duban.accounts.urls")),
    path("plans/", include((plans_urls.urlpatterns + web_urls.plan_pages_urls, "plans"))),
    path("units/", include((units_urls.urlpatterns + web_urls.unit_pages_urls, "units"))),
    path("reporting/", include("duban.reporting.urls")),
    path("supervision/", include("duban.supervision.urls")),
    path("verification/", include("duban.verification.urls")),
    path("assessment/", include("duban.assessment.urls")),
    path("dashboard/", include("duban.dashboards.urls")),
    path("buildings/", include("duban.buildings.urls")),
    path("audit-log/", include("duban.auditlog.urls")),
    path("workdays/", include("duban.workdays.urls")),
    path("imports/layouts/", include("duban.intake.urls")),
]

handler403 = "duban.web.errors.forbidden"
handler404 = "duban.web.errors.not_found"
