from django.conf import settings

from portal.access import current_actor, roles_here


def portal(request):
    """What every page's frame needs: the actor (if any) and the user's roles here."""
    user = getattr(request, "user", None)
    held = roles_here(user) if user is not None else set()
    return {
        "current_actor": current_actor(),
        "user_roles": held,
        "ui_languages": settings.LANGUAGES,
    }
