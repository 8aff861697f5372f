"""Where the worked examples and test vectors live, and how a result is compared."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
VECTORS_DIR = HERE / "vectors"
VENDORED_EXAMPLES_DIR = VECTORS_DIR / "examples"


def shared_examples_dir() -> Path | None:
    """../shared/domain/examples beside the repo, or under $NSP_SHARED_DIR; None if absent."""
    candidates = []
    if os.environ.get("NSP_SHARED_DIR"):
        candidates.append(Path(os.environ["NSP_SHARED_DIR"]) / "domain" / "examples")
    candidates.append(Path(__file__).resolve().parents[3].parent / "shared/domain/examples")
    for candidate in candidates:
        if candidate.is_dir() and any(candidate.glob("*.json")):
            return candidate
    return None


def examples_dir() -> Path:
    """The shared examples when present, else the copies vendored beside the tests."""
    return shared_examples_dir() or VENDORED_EXAMPLES_DIR


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def load_vectors() -> list[dict]:
    """Every vector of vectors/<year>.json, in file order."""
    vectors = []
    for path in sorted(VECTORS_DIR.glob("[0-9][0-9][0-9][0-9].json")):
        vectors.extend(load_json(path))
    return vectors


def load_error_vectors() -> list[dict]:
    return load_json(VECTORS_DIR / "errors.json")


def _intervention_key(item: dict) -> tuple:
    return (item["code"], item.get("item") or "")


def _compared_keys(wanted: dict) -> set[str]:
    """Code, days and amount; for point items (no days) code and amount; plus any extra."""
    keys = set(wanted) | {"code", "amount"}
    return keys if "item" in wanted else keys | {"days"}


def _as_set(entries: list[dict]) -> set[tuple]:
    return {tuple(sorted(entry.items())) for entry in entries}


def assert_matches(result: dict, expected: dict, label: str) -> None:
    """Compare as RULES.md says, plus the optional extra keys a vector may give."""
    reasons = [reason["rule"] for reason in result["reasons"]]
    context = f"{label}: got {json.dumps(result, ensure_ascii=False, indent=1)}"
    assert result["outcome"] == expected["outcome"], context
    if "year" in expected:
        assert result["year"] == expected["year"], context
    got = sorted(result["interventions"], key=_intervention_key)
    want = sorted(expected["interventions"], key=_intervention_key)
    assert len(got) == len(want), context
    for item, wanted in zip(got, want, strict=True):
        keys = _compared_keys(wanted)
        assert {k: item.get(k) for k in keys} == {k: wanted.get(k) for k in keys}, context
    if "refer_to" in expected:
        assert _as_set(result["refer_to"]) == _as_set(expected["refer_to"]), context
    if expected.get("rule"):
        assert expected["rule"] in reasons, context
    for rule_id in expected.get("rules", []):
        assert rule_id in result["rules_fired"], context
    for rule_id in expected.get("rules_absent", []):
        assert rule_id not in result["rules_fired"], context
    if "total" in expected:
        assert result["total"] == expected["total"], context
    if "documents_required" in expected:
        assert set(result["documents_required"]) == set(expected["documents_required"]), context
