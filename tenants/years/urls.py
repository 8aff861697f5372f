"""Programme years: the rules engine's data, readable and editable by the coordinator.

Included under the `tenants` namespace (names: tenants:years, tenants:year, …)."""

from django.urls import path

from tenants.years import views

urlpatterns = [
    path("", views.year_list, name="years"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/derive/", views.year_derive, name="year_derive"),
    path("<int:year>/edit/", views.year_edit, name="year_edit"),
    path("<int:year>/activate/", views.year_activate, name="year_activate"),
]
