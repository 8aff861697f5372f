from django.urls import path

from tenants import views, views_years

app_name = "tenants"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("capacity/", views.capacity, name="capacity"),
    path("applications/", views.inbox, name="inbox"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
]
urlpatterns += [
    # Programme years: the rules engine's data, readable and editable by the coordinator.
    path("years/", views_years.year_list, name="years"),
    path("years/<int:year>/", views_years.year_detail, name="year"),
    path("years/<int:year>/derive/", views_years.year_derive, name="year_derive"),
    path("years/<int:year>/edit/", views_years.year_edit, name="year_edit"),
    path("years/<int:year>/activate/", views_years.year_activate, name="year_activate"),
]
