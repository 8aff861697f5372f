"""Budget, included under the `tenants` namespace (tenants:budget, tenants:budget_year, …)."""

from django.urls import path

from tenants.budget import views

urlpatterns = [
    path("", views.budget_list, name="budget"),
    path("<int:year>/", views.budget_year, name="budget_year"),
    path("<int:year>/transfer/", views.budget_transfer, name="budget_transfer"),
]
