"""The coordinator's start page. The list refreshes itself every half minute (htmx), so a
new application shows without reloading; without JavaScript a reload does the same."""

from django.shortcuts import render
from django.utils import timezone

from portal.access import allow
from portal.roles import Role
from tenants.attention import attention_items


@allow(Role.COORDINATOR)
def start(request):
    items = attention_items(timezone.localdate())
    template = "tenants/start.html#attention" if request.htmx else "tenants/start.html"
    return render(request, template, {"items": items, "waiting": next(
        (item.count for item in items if item.key == "new_applications"), 0)})
