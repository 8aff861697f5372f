"""The programme's host: knowledge base, coordinators' pages, accounts."""

from django.urls import include, path

urlpatterns = [
    path("", include("portal.urls_common")),
    # Passkeys: the library's ceremonies under its own namespace (its scripts use the names).
    path("accounts/passkeys/", include("portal.accounts.passkeys")),
    path("programme/", include("tenants.urls")),
    path("kb/", include("knowledge.urls")),
]

# The portal's own error pages, in the reader's language, leading back home.
handler404 = "portal.errors.page_not_found"
handler403 = "portal.errors.permission_denied"
