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
