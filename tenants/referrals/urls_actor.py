"""An actor's host: /referrals/… (free places, the requests to this actor)."""

from django.urls import path

from tenants.referrals import views

app_name = "referrals_actor"

urlpatterns = [
    path("", views.actor_referrals, name="list"),
    path("places/", views.places, name="places"),
    path("<int:pk>/", views.actor_referral, name="detail"),
]
