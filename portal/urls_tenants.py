"""An actor's host: its cases and intake, accounts. Nothing of the programme's pages."""

from django.urls import include, path

urlpatterns = [
    path("", include("portal.urls_common")),
    # Passkeys: the library's ceremonies under its own namespace (its scripts use the names).
    path("accounts/passkeys/", include("portal.accounts.passkeys")),
    path("cases/", include("intake.urls")),
    path("certification/", include("tenants.certification.urls_actor")),
    path("documents/", include("intake.documents.urls")),
    path("kb/", include("knowledge.urls_reader")),
    # Free places and the referral requests to this actor (tenants/referrals).
    path("referrals/", include("tenants.referrals.urls_actor")),
]

# The portal's own error pages, in the reader's language, leading back home.
handler404 = "portal.errors.page_not_found"
handler403 = "portal.errors.permission_denied"
