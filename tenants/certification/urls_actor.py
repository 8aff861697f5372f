"""The actor's administrator's certification pages and the invitation, on the actor's host."""

from django.urls import path

from tenants.certification import views

app_name = "certification_actor"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("places/", views.places, name="places"),
    path("profile/", views.profile, name="profile"),
    path("requirements/", views.requirements, name="requirements"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/", views.action_progress, name="action_progress"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
