"""The free-places box of an actor's start page and case pages (two clicks to update)."""

from django import template

from tenants.models import Actor
from tenants.referrals import selectors, services

register = template.Library()


@register.inclusion_tag("referrals/_places.html", takes_context=True)
def places_widget(context, offer: str = ""):
    """`offer` says why the box is shown (a case was opened or closed): it asks then."""
    request = context.get("request")
    actor = context.get("current_actor")
    if actor is None or request is None:
        return {"actor": None}
    # Afresh: the host's cached actor may hold free places from before another's change.
    actor = Actor.objects.only("pk", "places", "places_free").get(pk=actor.pk)
    return {
        "actor": actor, "offer": offer, "csrf_token": context.get("csrf_token"),
        "limit": services.places_limit(actor), "next": request.get_full_path(),
        "waiting": selectors.referrals_waiting(actor),
        "can_down": actor.places_free > 0, "can_up": actor.places_free < services.places_limit(actor),
    }




@register.inclusion_tag("referrals/_places.html", takes_context=True)
def places_offer(context):
    request = context.get("request")
    offer = request.session.pop(services.PLACES_OFFER_KEY, "") if request is not None and hasattr(request, "session") else ""
    if offer not in ("opened", "closed"):
        return {"actor": None}
    return places_widget(context, offer=offer)
