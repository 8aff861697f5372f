"""Property-based: the document engine and its pages turn no input into a server error
(issue 10, like tests/fuzz/test_every_form.py for the other forms).

Every input of every document is fed NUL bytes, numbers of thousands of digits, dates in
1900 and 2099 and beyond, scripts and lists: the engine stores a clean value or names
what is wrong; the pages answer 200, 302, 400 or 409, never 500.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django_tenants.utils import tenant_context
from hypothesis import given
from hypothesis import strategies as st

from intake.documents import engine, services
from intake.services import case_open
from tests.fuzz.support import count, examples, fields_from, texts, values
from tests.helpers import host_of_actor

ACTOR = "lindskyddet"
ALL_KEYS = sorted({key for spec in engine.all_specs() for key in spec.keys()})
ALL_FIELDS = sorted({f.id for spec in engine.all_specs() for f in spec.fields})


@examples(3000)
@given(kind=st.sampled_from(engine.KINDS), key=st.one_of(st.sampled_from(ALL_KEYS + ALL_FIELDS), texts), raw=values)
def test_the_engine_cleans_or_names_the_problem(kind, key, raw):
    count("documents: engine.clean")
    spec = engine.spec_of(kind)
    try:
        value = engine.clean(spec, key, raw)
    except engine.ValueProblem as problem:
        assert problem.code in {"unknown_field", "invalid", "nul", "choice", "number", "year", "date",
                                "date_range", "time", "too_long"}
        return
    f = spec.field(key)
    assert f is not None and isinstance(value, str) and "\x00" not in value
    if key.endswith(engine.NOTE_SUFFIX):
        assert len(value) <= engine.TEXTAREA_MAX_CHARS
        return
    assert len(value) <= f.limit() or not f.is_free_text
    if value and f.is_choice:
        assert value in {c.value for c in f.choices()}
    if value and f.type == "date":
        assert engine.YEAR_MIN <= date.fromisoformat(value).year <= engine.YEAR_MAX
    if value and f.type in ("integer", "money", "year"):
        assert value.isdigit() and len(value) <= engine.NUMBER_MAX_DIGITS


@examples(2000)
@given(kind=st.sampled_from(engine.KINDS), data=st.dictionaries(st.sampled_from(ALL_KEYS), texts, max_size=8))
def test_required_fields_are_never_satisfied_by_blank(kind, data):
    count("documents: missing_required")
    spec = engine.spec_of(kind)
    missing = {f.id for f in engine.missing_required(spec, data)}
    for f in spec.fields:
        if f.required and f.role == "actor" and f.editable:
            assert (f.id in missing) == (not data.get(f.id))
        else:
            assert f.id not in missing




@pytest.fixture
def staff(client_at, demo_users):
    return client_at(host_of_actor(ACTOR), demo_users[f"{ACTOR}.staff"])


@pytest.fixture
def document(demo_actors, demo_users):
    staff_user = demo_users[f"{ACTOR}.staff"]
    with tenant_context(demo_actors[ACTOR]):
        case = case_open(user=staff_user, initials="F.D.", birth_year=1991, nationality="NG", gender="woman",
                         children=[])
        return services.document_create(case=case, kind="in_depth_assessment", user=staff_user)


FB_KEYS = engine.spec_of("in_depth_assessment").keys()


@pytest.mark.django_db
@examples(400)
@given(key=st.one_of(st.sampled_from(FB_KEYS), texts), raw=values, revision=st.one_of(st.none(), texts),
       htmx=st.booleans())
def test_the_autosave_endpoint(staff, document, key, raw, revision, htmx):
    count("endpoint: save a document field")
    data = {"key": key, key if isinstance(key, str) else "x": raw}
    if revision is not None:
        data[f"rev:{key}"] = revision
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    with transaction.atomic():
        response = staff.post(f"/documents/{document.case.code}/{document.pk}/field/", data, **headers)
    assert response.status_code in (200, 400, 409)


@pytest.mark.django_db
@examples(200)
@given(data=fields_from(FB_KEYS[:40] + ["action", "rev:fb.header.date", "rev:fb.case.description"]))
def test_the_whole_form_without_javascript(staff, document, data):
    count("endpoint: save a whole document")
    with transaction.atomic():
        response = staff.post(f"/documents/{document.case.code}/{document.pk}/", data)
    assert response.status_code in (302, 400)


@pytest.mark.django_db
@examples(150)
@given(kind=st.one_of(st.sampled_from(engine.KINDS), texts), data=fields_from(["application", "child", "item_key"]))
def test_creating_a_document(staff, document, kind, data):
    count("endpoint: create a document")
    with transaction.atomic():
        response = staff.post(f"/documents/{document.case.code}/new/", {**data, "kind": kind})
    assert response.status_code in (302, 404)
