from __future__ import annotations

from channels.layers import get_channel_layer
from asgiref.sync import async_to_sync
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import set_language as django_set_language

from portal.access import any_member, current_actor, public, roles_here
from portal.roles import ACTOR_ROLES, Role


@public
def home(request):
    """The programme's front page, or an actor's: each sends a member to their work."""
    held = roles_here(request.user)
    if current_actor() is not None:
        if held & ACTOR_ROLES:
            return redirect("intake:case_list")
        return redirect("portal:login")
    if Role.COORDINATOR in held:
        return redirect("tenants:start")
    if Role.REGIONAL_COORDINATOR in held:
        return redirect("tenants:capacity")
    return render(request, "portal/home.html")


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as error:  # the point of a health check is to report, not to raise
        return False, type(error).__name__


def _channel_layer_ok() -> tuple[bool, str]:
    layer = get_channel_layer()
    if layer is None:
        return False, "not configured"
    try:
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.send)(channel, {"type": "health.ping"})
        message = async_to_sync(layer.receive)(channel)
        return message.get("type") == "health.ping", type(layer).__name__
    except Exception as error:
        return False, type(error).__name__


@public
@never_cache
@require_GET
def health(request):
    database_ok, database_detail = _database_ok()
    layer_ok, layer_detail = _channel_layer_ok()
    healthy = database_ok and layer_ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "database": {"ok": database_ok, "detail": database_detail},
            "channel_layer": {"ok": layer_ok, "detail": layer_detail},
        },
        status=200 if healthy else 503,
    )


set_language = public(django_set_language)

logout = public(auth_views.LogoutView.as_view())
password_change = any_member(auth_views.PasswordChangeView.as_view(
    success_url=reverse_lazy("portal:password_change_done")
))
password_change_done = any_member(auth_views.PasswordChangeDoneView.as_view())
password_reset = public(auth_views.PasswordResetView.as_view(
    success_url=reverse_lazy("portal:password_reset_done")
))
password_reset_done = public(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = public(auth_views.PasswordResetConfirmView.as_view(
    success_url=reverse_lazy("portal:password_reset_complete")
))
password_reset_complete = public(auth_views.PasswordResetCompleteView.as_view())
