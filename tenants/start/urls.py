from django.urls import path

from tenants.start import views

urlpatterns = [
    path("", views.start, name="start"),
]
