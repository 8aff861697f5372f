"""The programme's host: knowledge base, coordinators' pages, accounts."""

from django.urls import include, path

urlpatterns = [
    path("", include("portal.urls_common")),
    path("programme/", include("tenants.urls")),
    path("kb/", include("knowledge.urls")),
]
