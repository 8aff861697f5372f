"""The worked examples of ../shared/domain/examples, compared as RULES.md says."""

from __future__ import annotations

import pytest

from intake.rules import recommend

from .support import (
    VENDORED_EXAMPLES_DIR,
    assert_matches,
    examples_dir,
    load_json,
    shared_examples_dir,
)

EXAMPLE_FILES = sorted(examples_dir().glob("*.json"))


def test_examples_are_found():
    assert len(EXAMPLE_FILES) >= 10, f"no worked examples in {examples_dir()}"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[path.stem for path in EXAMPLE_FILES])
def test_example(path):
    example = load_json(path)
    result = recommend(example["answers"])
    assert_matches(result, example["expected"], f"{path.name} ({example['name']})")


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[path.stem for path in EXAMPLE_FILES])
def test_example_outcome_is_the_same_in_both_languages(path, lang):
    example = load_json(path)
    result = recommend(example["answers"], lang=lang)
    assert result["outcome"] == example["expected"]["outcome"]
    assert all(reason["text"] and "{" not in reason["text"] for reason in result["reasons"])


def test_vendored_copies_match_the_shared_examples():
    shared = shared_examples_dir()
    if shared is None:
        pytest.skip("../shared is absent; the vendored copies are used")
    shared_names = sorted(path.name for path in shared.glob("*.json"))
    vendored_names = sorted(path.name for path in VENDORED_EXAMPLES_DIR.glob("*.json"))
    assert vendored_names == shared_names, "re-copy shared/domain/examples into vectors/examples"
    for name in shared_names:
        assert load_json(shared / name) == load_json(VENDORED_EXAMPLES_DIR / name), name
