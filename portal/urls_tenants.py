"""An actor's host: its cases and intake, accounts. Nothing of the programme's pages."""

from django.urls import include, path

urlpatterns = [
    path("", include("portal.urls_common")),
    path("cases/", include("intake.urls")),
    path("kb/", include("knowledge.urls_reader")),
]
