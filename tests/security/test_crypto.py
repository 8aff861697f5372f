"""Sealing free text at rest: Fernet with rotation; values written before sealing still read."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given, settings as hsettings, strategies as st

from portal import crypto


def test_sealed_text_reads_back_and_shows_nothing():
    sealed = crypto.seal("Hon har ärr efter våldet")
    assert sealed.startswith(crypto.PREFIX) and "ärr" not in sealed
    assert crypto.open_sealed(sealed) == "Hon har ärr efter våldet"
    assert crypto.seal("same") != crypto.seal("same")  # no equal ciphertexts to compare


@hsettings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_any_text_round_trips(text):
    assert crypto.open_sealed(crypto.seal(text)) == text


def test_rotation_reseals_with_the_first_key(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    sealed = crypto.seal("note")
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    resealed = crypto.reseal(sealed)
    assert crypto.open_sealed(sealed) == crypto.open_sealed(resealed) == "note"
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert crypto.open_sealed(resealed) == "note"
    with pytest.raises(ImproperlyConfigured, match="key that sealed it"):
        crypto.open_sealed(sealed)


def test_json_field_reads_clear_values_written_before_sealing():
    field = crypto.EncryptedJSONField()
    assert field.from_db_value('{"a": 1}', None, None) == {"a": 1}
    sealed = field.get_prep_value({"note": "ont i magen", "n": 3})
    assert "ont" not in sealed
    assert field.from_db_value(sealed, None, None) == {"note": "ont i magen", "n": 3}
    text = crypto.EncryptedTextField()
    assert text.from_db_value("skrivet förut", None, None) == "skrivet förut"
    assert text.get_prep_value("") == "" and text.get_prep_value(None) is None


NOTE = "Hemlig anteckning 4711: ärr efter misshandel, panikångest"


def _tables_holding(text: str, schema: str) -> list[str]:
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                       "AND table_type = 'BASE TABLE'", [schema])
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}" t WHERE row_to_json(t)::text LIKE %s',
                           [f"%{text[:24]}%"])
            if cursor.fetchone()[0]:
                found.append(table)
    return found


@pytest.mark.django_db
def test_raw_rows_hold_no_plain_text_of_a_note(demo_actors, demo_users):
    from django_tenants.utils import tenant_context

    from intake.models import AnswerEvent, Conversation
    from intake.services import case_open

    actor, staff = demo_actors["lindskyddet"], demo_users["lindskyddet.staff"]
    with tenant_context(actor):
        case = case_open(user=staff, initials="R.S.", birth_year=1993, nationality="NG", gender="woman")
        Conversation.objects.filter(case=case).update(answers={"summary.exposure": NOTE, "need": "shelter"})
        AnswerEvent.objects.create(conversation=case.conversation, question_id="summary.exposure",
                                   kind="answered", value=NOTE, by=staff)
        assert _tables_holding(NOTE, actor.schema_name) == []
        assert _tables_holding(NOTE, "public") == []
        # The portal itself reads it back.
        assert Conversation.objects.get(case=case).answers == {"summary.exposure": NOTE, "need": "shelter"}
        assert AnswerEvent.objects.filter(conversation__case=case).latest("at").value == NOTE


@pytest.mark.django_db
def test_the_coordinators_motivation_is_sealed_in_the_public_schema():
    from django.db import connection

    from tenants.models import Decision

    decision = Decision.objects.first()
    if decision is None:
        pytest.fail("the demo has decisions; without one this test proves nothing")
    with connection.cursor() as cursor:
        cursor.execute("SELECT motivation FROM tenants_decision WHERE id = %s", [decision.pk])
        (raw,) = cursor.fetchone()
    assert raw.startswith(crypto.PREFIX) and decision.motivation and decision.motivation not in raw


@pytest.mark.django_db
def test_rotation_command_reseals_every_schema(demo_actors, settings, capsys):
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import tenant_context

    old = settings.FIELD_ENCRYPTION_KEYS
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, *old]
    call_command("rotate_field_keys")
    assert "re-sealed with the first key" in capsys.readouterr().out
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone: everything still opens
    with tenant_context(demo_actors["norrbro"]):
        from intake.models import Conversation

        assert all(isinstance(c.answers, dict) for c in Conversation.objects.all())
        with connection.cursor() as cursor:
            cursor.execute("SELECT answers FROM intake_conversation")
            assert all(raw.startswith(crypto.PREFIX) for (raw,) in cursor.fetchall())
