"""A tiny condition language for year data, so conditions are data, not code.

A predicate is one of:
  "name"                               a named predicate of the year: its "test"
  {"field": F, "equals": V}            the answer F equals V
  {"field": F, "in": [V, ...]}         the answer F is one of the values
  {"any": [P, ...]} / {"all": [P, ...]} / {"not": P}
F is one of vocabulary.PREDICATE_FIELDS; the loader checks fields, values and names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .vocabulary import PREDICATE_FIELDS

_MAX_DEPTH = 20


def evaluate(predicate: Any, value_of: Callable[[str], Any],
             named: Mapping[str, Any], _depth: int = 0) -> bool:
    """Whether predicate holds; value_of(field) gives an answer's value."""
    if _depth > _MAX_DEPTH:  # the loader rejects cycles; this is a last guard
        return False
    if isinstance(predicate, str):
        return evaluate(named[predicate]["test"], value_of, named, _depth + 1)
    if "any" in predicate:
        return any(evaluate(p, value_of, named, _depth + 1) for p in predicate["any"])
    if "all" in predicate:
        return all(evaluate(p, value_of, named, _depth + 1) for p in predicate["all"])
    if "not" in predicate:
        return not evaluate(predicate["not"], value_of, named, _depth + 1)
    value = value_of(predicate["field"])
    if "equals" in predicate:
        return value == predicate["equals"] and type(value) is type(predicate["equals"])
    return any(value == item and type(value) is type(item) for item in predicate["in"])


def problems(predicate: Any, path: str, named: Mapping[str, Any],
             _seen: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Every (path, problem) in predicate; empty when it is well formed."""
    if isinstance(predicate, str):
        if predicate not in named:
            known = ", ".join(sorted(named)) or "none"
            return [(path, f"unknown predicate name {predicate!r}; known: {known}")]
        if predicate in _seen:
            return [(path, f"predicate {predicate!r} refers to itself")]
        return problems(named[predicate]["test"], f"predicates.{predicate}.test", named,
                        _seen + (predicate,))
    if not isinstance(predicate, dict):
        return [(path, "a predicate must be a name or an object")]
    keys = set(predicate)
    if keys in ({"any"}, {"all"}):
        (key,) = keys
        parts = predicate[key]
        if not isinstance(parts, list) or not parts:
            return [(f"{path}.{key}", "must be a non-empty list of predicates")]
        found: list[tuple[str, str]] = []
        for index, part in enumerate(parts):
            found += problems(part, f"{path}.{key}[{index}]", named, _seen)
        return found
    if keys == {"not"}:
        return problems(predicate["not"], f"{path}.not", named, _seen)
    if keys in ({"field", "equals"}, {"field", "in"}):
        return _field_problems(predicate, path)
    found_keys = ", ".join(sorted(map(str, keys)))
    return [(path, ("must have exactly one of: any, all, not, or field with equals/in "
                    f"(found keys: {found_keys})"))]


def _field_problems(predicate: dict, path: str) -> list[tuple[str, str]]:
    field = predicate["field"]
    if field not in PREDICATE_FIELDS:
        known = ", ".join(PREDICATE_FIELDS)
        return [(f"{path}.field", f"unknown answer field {field!r}; known: {known}")]
    allowed = PREDICATE_FIELDS[field]
    if "equals" in predicate:
        values, value_path = [predicate["equals"]], f"{path}.equals"
    else:
        values, value_path = predicate["in"], f"{path}.in"
        if not isinstance(values, list) or not values:
            return [(value_path, "must be a non-empty list")]
    found = []
    for value in values:
        if not any(value == item and type(value) is type(item) for item in allowed):
            names = ", ".join(map(str, allowed))
            found.append((value_path, f"{value!r} is not a value of {field} (allowed: {names})"))
    return found


def describe(predicate: Any, named: Mapping[str, Any], lang: str) -> str:
    """A readable rendering for coordinators: named predicates by their description."""
    if isinstance(predicate, str):
        return named[predicate].get(f"description_{lang}", predicate)
    words = {"sv": ("eller", "och", "inte"), "en": ("or", "and", "not")}[lang]
    if "any" in predicate:
        return "(" + f" {words[0]} ".join(describe(p, named, lang) for p in predicate["any"]) + ")"
    if "all" in predicate:
        return "(" + f" {words[1]} ".join(describe(p, named, lang) for p in predicate["all"]) + ")"
    if "not" in predicate:
        return f"{words[2]} {describe(predicate['not'], named, lang)}"
    if "equals" in predicate:
        return f"{predicate['field']} = {predicate['equals']}"
    return f"{predicate['field']} ∈ {{{', '.join(map(str, predicate['in']))}}}"
