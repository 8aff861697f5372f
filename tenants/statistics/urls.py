"""Statistics, included under the `tenants` namespace (tenants:statistics)."""

from django.urls import path

from tenants.statistics import views

urlpatterns = [
    path("", views.statistics_page, name="statistics"),
]
