from django.urls import include, path

from tenants import views

app_name = "tenants"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("capacity/", views.capacity, name="capacity"),
    path("applications/", views.inbox, name="inbox"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    # One subpackage per capability of the programme side, each with its own urls.
    path("years/", include("tenants.years.urls")),
    path("actors/", include("tenants.certification.urls")),
]
