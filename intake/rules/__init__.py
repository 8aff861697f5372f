"""The rules engine: programme-year rule data in, recommendations out. No Django here.

    recommend(answers, *, rulesets=None, year=None, lang="en", today=None) -> dict
    explain_ruleset(ruleset, lang="en") -> dict
    load_ruleset(data, *, source) -> RuleSet
    builtin_rulesets() -> dict[int, RuleSet]
    derive_ruleset(base, *, year, version) -> dict
    rule_template(rule_id) -> dict | None
    schema_problems(data, *, source) -> list[RuleSetError]
"""

from .answers import Answers, read_answers
from .engine import recommend
from .errors import AnswersError, RuleSetError
from .explain import explain_ruleset
from .ruleset import (
    Intervention,
    Rule,
    RuleSet,
    builtin_rulesets,
    derive_ruleset,
    load_ruleset,
    load_ruleset_file,
    rule_template,
    schema_problems,
)

__all__ = [
    "Answers", "AnswersError", "Intervention", "Rule", "RuleSet", "RuleSetError",
    "builtin_rulesets", "derive_ruleset", "explain_ruleset", "load_ruleset",
    "load_ruleset_file", "read_answers", "recommend", "rule_template",
    "schema_problems",
]
