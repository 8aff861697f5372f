"""Property-based: whatever a reader or the coordinator sends to the knowledge base's
forms and search, the answer is a page or a redirect, never a server error.

Inputs include NUL characters (PostgreSQL refuses them), very long and very large
values, other scripts and control characters. Each test prints how many inputs it
tried; the Django test client re-raises any exception a view lets out, so a server
error fails the test with its traceback.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge import languages
from knowledge.referral import (NEED_CHOICES, OUTCOME_CHOICES, PERSON_CHOICES, POLICE_CHOICES,
                                RESIDENCE_CHOICES)
from tests.helpers import PUBLIC_HOST

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Any text a browser could send: every plane but lone surrogates (not valid UTF-8), with
# NUL and friends made likely.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
ODD = st.sampled_from(["\x00", "a\x00b", "%00", "\u202e", "'); DROP TABLE x; --",
                       "<script>alert(1)</script>", "9" * 4400, "ü" * 3000, " ", ""])
TEXT = st.one_of(ANY_TEXT, ODD, st.text(string.printable, max_size=50))


def choice_or_junk(choices):
    return st.one_of(st.sampled_from([value for value, _label in choices]), TEXT)


class Counter:
    def __init__(self, name):
        self.name, self.tried, self.statuses = name, 0, {}

    def saw(self, response):
        self.tried += 1
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, (self.name, response.status_code)

    def report(self):
        errors = sum(n for code, n in self.statuses.items() if code >= 500)
        print(f"\n{self.name}: {self.tried} inputs tried, {errors} server errors, "
              f"statuses {dict(sorted(self.statuses.items()))}")
        assert self.tried >= 100 and errors == 0


def test_search_never_fails(client_at):
    client, counter = client_at(PUBLIC_HOST), Counter("knowledge search")

    @FUZZ
    @given(lang=st.sampled_from(languages.CODES), query=TEXT)
    def run(lang, query):
        response = client.get(f"/kb/{lang}/search/", {"q": query})
        counter.saw(response)
        # A NUL in the address is refused before the view with a clear page (400).
        assert response.status_code == (400 if "\x00" in query else 200)

    run()
    counter.report()


def test_referral_check_never_fails(client_at):
    client, counter = client_at(PUBLIC_HOST), Counter("referral check")
    fields = {
        "residence_status": choice_or_junk(RESIDENCE_CHOICES),
        "police_report": choice_or_junk(POLICE_CHOICES),
        "person": choice_or_junk(PERSON_CHOICES),
        "need": choice_or_junk(NEED_CHOICES),
        "social_services": choice_or_junk(OUTCOME_CHOICES),
        "migration_agency": choice_or_junk(OUTCOME_CHOICES),
        "items": st.lists(st.one_of(st.sampled_from(["interpreter", "legal_advice", "transport"]),
                                    TEXT), max_size=4),
        "with_children": TEXT, "acute": TEXT, "fear_of_authorities": TEXT,
        "detained_or_facing_removal": TEXT, "check": TEXT,
    }

    @FUZZ
    @given(data=st.fixed_dictionaries({}, optional=fields), htmx=st.booleans())
    def run(data, htmx):
        extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.get("/kb/referral/", data, **extra)
        counter.saw(response)
        if any("\x00" in (value if isinstance(value, str) else "".join(value))
               for value in data.values()):
            assert response.status_code == 400
            return
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("<main") == (0 if htmx else 1)

    run()
    counter.report()


def test_language_switch_never_fails(client_at):
    client, counter = client_at(PUBLIC_HOST), Counter("language switch")

    @FUZZ
    @given(lang=st.one_of(st.sampled_from(languages.CODES), TEXT),
           next_url=st.one_of(st.sampled_from(["/kb/sv/children/", "/kb/ar/search/?q=x"]),
                              st.builds(lambda t: "/kb/sv/" + t, TEXT), TEXT))
    def run(lang, next_url):
        response = client.get("/kb/language/", {"lang": lang, "next": next_url})
        counter.saw(response)
        if "\x00" in lang + next_url:
            assert response.status_code == 400
            return
        assert response.status_code == 302
        assert response["Location"].startswith("/kb/")

    run()
    counter.report()


def test_editor_forms_never_fail(client_at, demo_users):
    client, counter = client_at(PUBLIC_HOST, demo_users["samordnare"]), Counter("article editor")
    edit = "/kb/edit/return/en/"

    @settings(FUZZ, max_examples=120)
    @given(title=TEXT, summary=TEXT, body=st.one_of(TEXT, st.just("x" * 100_001)),
           base=st.one_of(TEXT, st.integers(min_value=-10**30, max_value=10**30).map(str)),
           action=TEXT, number=st.integers(min_value=0, max_value=10**30))
    def run(title, summary, body, base, action, number):
        response = client.post(edit, {"title": title, "summary": summary, "body": body,
                                      "base_version": base})
        counter.saw(response)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            # A refused save keeps what was typed.
            assert 'class="error-summary"' in response.content.decode()
        counter.saw(client.post(edit + "action/", {"action": action}))
        counter.saw(client.get(f"{edit}versions/{number}/"))

    run()
    counter.report()
