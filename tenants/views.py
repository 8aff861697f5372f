from django.conf import settings
from django.shortcuts import render

from portal.access import allow
from portal.roles import Region, Role
from tenants import selectors


@allow(Role.COORDINATOR)
def dashboard(request):
    """The coordinator's overview of all certified actors (never their case data)."""
    actors = list(selectors.actors())
    for actor in actors:
        actor.address = f"http://{selectors.primary_domain(actor)}:{settings.PORTAL_PORT}/"
    return render(request, "tenants/dashboard.html", {"actors": actors})


@allow(Role.COORDINATOR, Role.REGIONAL_COORDINATOR)
def capacity(request):
    """Where is a free place? Profile facts only, for referring a person."""
    region = request.GET.get("region") or None
    if region not in Region.values:
        region = None
    needs_children = request.GET.get("children") == "1"
    actors = selectors.capacity_directory(region=region, needs_children=needs_children)
    return render(request, "tenants/capacity.html", {
        "actors": actors, "regions": Region.choices, "region": region, "needs_children": needs_children,
    })
