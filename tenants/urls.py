from django.urls import include, path

from tenants import views
from tenants.referrals import views as referrals_views

app_name = "tenants"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # Find a place and refer a person (tenants/referrals).
    path("capacity/", referrals_views.search, name="capacity"),
    path("start/", include("tenants.start.urls")),
    path("applications/", views.inbox, name="inbox"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    # One subpackage per capability of the programme side, each with its own urls.
    path("years/", include("tenants.years.urls")),
    path("referrals/", include("tenants.referrals.urls")),
    path("statistics/", include("tenants.statistics.urls")),
    path("budget/", include("tenants.budget.urls")),
    path("actors/", include("tenants.certification.urls")),
]
