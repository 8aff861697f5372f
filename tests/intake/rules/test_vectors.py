"""Test vectors as data (vectors/<year>.json, vectors/errors.json), run by one test each."""

from __future__ import annotations

import pytest

from intake.rules import AnswersError, builtin_rulesets, recommend

from .support import assert_matches, load_error_vectors, load_vectors

VECTORS = load_vectors()
ERROR_VECTORS = load_error_vectors()


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["id"] for vector in VECTORS])
def test_vector(vector):
    result = recommend(vector["answers"], **vector.get("call", {}))
    expected = {"year": vector["year"], "rule": vector["rule"], **vector["expected"]}
    assert_matches(result, expected, f"{vector['id']}: {vector['description']}")


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["id"] for vector in VECTORS])
def test_vector_in_swedish_gives_the_same_decision(vector):
    english = recommend(vector["answers"], lang="en")
    swedish = recommend(vector["answers"], lang="sv")
    assert {**swedish, "reasons": None} == {**english, "reasons": None}
    assert [r["rule"] for r in swedish["reasons"]] == [r["rule"] for r in english["reasons"]]
    assert all(reason["text"] and "{" not in reason["text"] for reason in swedish["reasons"])


@pytest.mark.parametrize("vector", ERROR_VECTORS, ids=[vector["id"] for vector in ERROR_VECTORS])
def test_error_vector(vector):
    with pytest.raises(AnswersError) as caught:
        recommend(vector["answers"], **vector.get("call", {}))
    assert caught.value.field == vector["expected"]["error"]["field"]
    assert caught.value.code == vector["expected"]["error"]["code"]


def test_vector_ids_are_unique():
    ids = [vector["id"] for vector in VECTORS + ERROR_VECTORS]
    assert len(ids) == len(set(ids))


def test_every_vector_names_a_rule_of_its_year():
    rulesets = builtin_rulesets()
    for vector in VECTORS:
        known = set(rulesets[vector["year"]].rules)
        # rules_absent may name a rule the year lacks: that is what it asserts
        named = {vector["rule"], *vector["expected"].get("rules", [])}
        assert named <= known, f"{vector['id']} names unknown rules {named - known}"


@pytest.mark.parametrize("year", sorted(builtin_rulesets()))
def test_every_rule_of_every_year_has_a_vector(year):
    covered = set()
    for vector in VECTORS:
        if vector["year"] == year:
            covered |= {vector["rule"], *vector["expected"].get("rules", [])}
    missing = set(builtin_rulesets()[year].rules) - covered
    assert not missing, f"{year}: no vector fires {sorted(missing)}"


@pytest.mark.parametrize("year", sorted(builtin_rulesets()))
def test_every_residence_status_has_a_vector(year):
    from intake.rules.vocabulary import RESIDENCE_STATUSES

    statuses = {vector["answers"].get("residence_status") for vector in VECTORS
                if vector["year"] == year}
    assert set(RESIDENCE_STATUSES) <= statuses
