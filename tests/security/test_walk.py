"""Every URL × identity × host, and every websocket route × identity × host: 0 leaks.

A leak is: a closed view answering 200 to someone without a role for it on that host;
a page answering 200 for another actor's case code; any page showing a marker case of
an actor other than the host's own (each actor gets one with an unmistakable code; the
demo's NSP001-style codes also appear in help texts and rule sources); a websocket
accepted for someone who is not a member of the host's actor. The walk fails as well
when a view declares no access policy. It prints what it tried.
"""

from __future__ import annotations

import re

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import tenant_context

from intake.models import Case, CaseApplication, Recommendation
from portal.access import policy_of, roles_here
from tests.helpers import PUBLIC_HOST, host_of_actor, login_verified

pytestmark = pytest.mark.django_db

URLCONFS = {"public": "portal.urls_public", "tenant": "portal.urls_tenants"}
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
# Posting to these changes who the client is (or what language it reads), not data.
NOT_POSTED = {"accounts/logout/", "i18n/setlang/", "accounts/login/", "accounts/login/verify/",
              "accounts/login/enrol/", "accounts/password/reset/"}

# The walk grows with hosts × identities × routes. Three actors in ordinary states and the
# ended one (its host is read-only) show every kind of crossing; the other demo actors
# differ from these only in their certification state, which tests/certification covers.
WALKED_ACTORS = {"lindskyddet", "norrbro", "ankarstod", "strandgarden"}


def walked(demo_actors: dict, demo_users: dict) -> tuple[dict, dict]:
    """The walked actors, and every user who is not a member of another actor only."""
    actors = {slug: actor for slug, actor in demo_actors.items() if slug in WALKED_ACTORS}
    users = {name: user for name, user in demo_users.items()
             if name.split(".")[0] in actors or name.split(".")[0] not in demo_actors}
    return actors, users


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _marker(actor, user) -> str:
    code = f"ZQX{actor.slug[:4].upper()}7K"
    with tenant_context(actor):
        Case.objects.get_or_create(code=code, defaults=dict(
            initials="Q.X.", birth_year=1990, nationality="SE", gender="woman", opened_by=user))
    return code


def _actor_data(actor) -> dict:
    with tenant_context(actor):
        return {
            "codes": set(Case.objects.values_list("code", flat=True)),
            "recommendation": Recommendation.objects.values_list("pk", flat=True).first() or 1,
            "application": CaseApplication.objects.values_list("pk", flat=True).first() or 1,
        }


def _paths(route: str, values: dict) -> list[str]:
    """The route with each parameter filled in, once per value the parameter can take."""
    paths = ["/" + route]
    for _converter, name in PARAM.findall(route):
        choices = values.get(name, ["1"])
        paths = [p.replace(re.search(rf"<(?:\w+:)?{name}>", p).group(0), str(choice), 1)
                 for p in paths for choice in choices]
    return paths


def test_every_url_identity_and_host_leaks_nothing(demo_actors, demo_users, capsys):
    from tenants.models import Application

    demo_actors, demo_users = walked(demo_actors, demo_users)
    markers = {_marker(actor, demo_users[f"{slug}.staff"]): slug for slug, actor in demo_actors.items()}
    data = {slug: _actor_data(actor) for slug, actor in demo_actors.items()}
    all_codes = {code: slug for slug, found in data.items() for code in found["codes"] - set(markers)}
    marker_pattern = re.compile("|".join(markers))
    hosts = {PUBLIC_HOST: None, **{host_of_actor(slug): actor for slug, actor in demo_actors.items()}}
    identities = [None, *sorted(demo_users)]
    programme_application = Application.objects.values_list("pk", flat=True).first() or 1

    tried, leaks, no_policy = 0, [], []
    for host, actor in hosts.items():
        urlconf = URLCONFS["tenant" if actor is not None else "public"]
        own = data[actor.slug] if actor is not None else None
        foreign_code = next(code for code, slug in sorted(all_codes.items()) if actor is None or slug != actor.slug)
        own_marker = next((code for code, slug in markers.items() if actor is not None and slug == actor.slug), None)
        values = {
            "code": ([own_marker] if own_marker else []) + [foreign_code, "NSP999999"],
            "pk": [own["recommendation"], own["application"]] if own else [programme_application, 999999],
            "year": ["2025"], "slug": ["children"], "lang": ["sv"], "number": ["1"],
            "uidb64": ["MQ"], "token": ["set-password"],
        }
        routes = list(walk(get_resolver(urlconf).url_patterns))
        for route, callback in routes:
            if policy_of(callback) is None:
                no_policy.append(f"{urlconf}: {route}")
        for username in identities:
            client = Client(HTTP_HOST=host)
            user = demo_users[username] if username else None
            if user is not None:
                login_verified(client, user)
                with (tenant_context(actor) if actor is not None else _nothing()):
                    held = roles_here(user, actor)
            else:
                held = set()
            for route, callback in routes:
                policy = policy_of(callback)
                allowed = policy is not None and (policy.public or (held and (policy.any_member or held & policy.roles)))
                for path in _paths(route, values):
                    methods = ["get"] if allowed or route in NOT_POSTED else ["get", "post"]
                    for method in methods:
                        response = getattr(client, method)(path)
                        tried += 1
                        body = response.content.decode("utf-8", "replace") if not response.streaming else ""
                        if not allowed and response.status_code == 200:
                            leaks.append(f"{method.upper()} {host}{path} as {username}: 200 without a role")
                        if foreign_code in path.split("/") and response.status_code == 200:
                            leaks.append(f"{method.upper()} {host}{path} as {username}: another actor's case")
                        for found in set(marker_pattern.findall(body)):
                            if actor is None or markers[found] != actor.slug:
                                leaks.append(f"{method.upper()} {host}{path} as {username}: shows {found}")
    with capsys.disabled():
        print(f"\nURL walk: {tried} requests (URL × identity × host × method), {len(leaks)} leaks, "
              f"{len(no_policy)} views without an access policy")
    assert not no_policy, no_policy
    assert not leaks, "\n".join(leaks)
    assert tried > 1000


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


# Websocket routes of the programme's host (free places, tenants/referrals) and who may
# listen there; every other route is an actor's.
PROGRAMME_ROUTES = {"ws/places/"}
PROGRAMME_USERS = {"samordnare", "region.syd"}


def _websocket_routes() -> list[str]:
    from portal.routing import websocket_urlpatterns

    return [str(pattern.pattern) for pattern in websocket_urlpatterns]


async def test_every_websocket_route_identity_and_host_leaks_nothing(demo_actors, demo_users, session_cookies,
                                                                     capsys):
    demo_actors, demo_users = walked(demo_actors, demo_users)
    data = {slug: await sync_to_async(_actor_data)(actor) for slug, actor in demo_actors.items()}
    hosts = [PUBLIC_HOST, *[host_of_actor(slug) for slug in demo_actors]]
    identities = [None, *sorted(demo_users)]
    tried, leaks = 0, []
    for route in _websocket_routes():
        for host in hosts:
            slug = host.split(".")[0] if host != PUBLIC_HOST else None
            codes = [code for found in data.values() for code in sorted(found["codes"])[:1]] + ["NSP999999"]
            for username in identities:
                member = bool(slug and username and username.startswith(f"{slug}."))
                for code in codes if "<" in route else [None]:
                    path = "/" + PARAM.sub(code or "", route)
                    own_case = code is not None and slug is not None and code in data[slug]["codes"]
                    headers = [(b"host", host.encode()), (b"origin", f"http://{host}".encode())]
                    if username:
                        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_cookies[username]}".encode()))
                    socket = WebsocketCommunicator(__import__("portal.asgi", fromlist=["application"]).application,
                                                   path, headers=headers)
                    connected, _ = await socket.connect(timeout=5)
                    tried += 1
                    should = member and (code is None or own_case)
                    if route in PROGRAMME_ROUTES:  # the programme's own sockets: its roles, its host
                        should = host == PUBLIC_HOST and username in PROGRAMME_USERS
                    if connected and not should:
                        leaks.append(f"{host}{path} as {username}: accepted")
                    if connected:
                        first = await socket.receive_json_from(timeout=5)
                        shown = {c for found in data.values() for c in found["codes"]} & set(str(first).split("'"))
                        if any(c not in data[slug]["codes"] for c in shown):
                            leaks.append(f"{host}{path} as {username}: showed another actor's code")
                        await socket.disconnect()
    with capsys.disabled():
        print(f"\nWebsocket walk: {tried} handshakes (route × identity × host × case), {len(leaks)} leaks")
    assert not leaks, leaks
    assert tried >= 2 * len(hosts) * len(identities)
