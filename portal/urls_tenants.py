"""An actor's host: its cases and intake, accounts. Nothing of the programme's pages."""

from django.urls import include, path

urlpatterns = [
    path("", include("portal.urls_common")),
    # Passkeys: the library's ceremonies under its own namespace (its scripts use the names).
    path("accounts/passkeys/", include("portal.accounts.passkeys")),
    path("cases/", include("intake.urls")),
    path("kb/", include("knowledge.urls_reader")),
]
