"""The coordinator's actor pages. Included under the `tenants` namespace at /programme/actors/."""

from django.urls import path

from tenants.certification import views

urlpatterns = [
    path("new/", views.actor_register, name="actor_register"),
    path("<slug:slug>/", views.actor_page, name="actor"),
    path("<slug:slug>/status/", views.actor_status, name="actor_status"),
    path("<slug:slug>/actions/", views.actor_action_add, name="actor_action_add"),
    path("<slug:slug>/invitation/", views.actor_invitation, name="actor_invitation"),
    path("<slug:slug>/visit/", views.actor_visit, name="actor_visit"),
    path("<slug:slug>/documents/<int:pk>/", views.actor_document, name="actor_document"),
]
