"""The fixed vocabulary of the answers contract (RULES.md), with sv/en labels.

These values are the contract between the guided intake and the rules; they do not
change from one programme year to the next, so they live in code, not in year data.
"""

from __future__ import annotations

LANGUAGES = ("sv", "en")

AGE_GROUPS = ("adult", "child")
GENDERS = ("woman", "man", "trans_woman", "trans_man", "non_binary", "unknown")
ASSESSMENTS = ("none", "possible", "probable", "confirmed")
EXPLOITATION_FORMS = (
    "sexual", "prostitution", "labour", "begging", "crime", "organ", "forced_marriage", "other",
)
POLICE_REPORTS = ("none", "investigation_ongoing", "investigation_closed", "unknown")
RESIDENCE_STATUSES = (
    "swedish_citizen", "resident", "eu_citizen", "reflection_permit", "witness_permit",
    "asylum_seeker", "temporary_protection", "undocumented", "other_permit",
)
AUTHORITIES = ("social_services", "migration_agency", "police", "prosecutor", "healthcare", "other")
ASKED_FOR = (
    "shelter", "financial_support", "reflection_permit", "witness_permit", "relocation", "care",
    "other",
)
AUTHORITY_OUTCOMES = (
    "not_asked", "pending", "refused", "no_decision", "referred_elsewhere", "insufficient",
    "granted",
)
# Outcomes after which the intake asks why public support was not obtained: the refusal-like
# answers (RULES.md rule 4) whose reason the programme counts.
NOT_OBTAINED_OUTCOMES = ("refused", "no_decision", "referred_elsewhere", "insufficient")
# Why public support was not obtained, as the seeds name the reasons (002, section 3 and
# "Trender under 2025"; 000, LMA). A category the programme can count; the actor's own
# words (`reason`) stay with the actor.
REASON_CATEGORIES = (
    "no_personal_number", "referred_to_migration_agency", "referred_between_units",
    "crime_not_in_sweden", "covered_by_lma", "no_decision_at_all", "fear_of_authorities",
    "other",
)
NEEDS = ("shelter", "exit_from_shelter", "integration", "return", "specific")
DAYS_USED_COUNTERS = ("reflection", "extended", "integration")
OUTCOMES = ("recommend", "refer", "not_eligible")
# Answers that a year's deduction may name (per-day SEK amounts).
DEDUCTIBLE_ANSWERS = ("daily_allowance_from_migration_agency",)

BOOLEANS = (True, False)

# Answer fields a year's predicates may test, with the values they can take. The loader
# rejects a predicate that names another field or a value outside these.
PREDICATE_FIELDS: dict[str, tuple] = {
    "person.age_group": AGE_GROUPS,
    "person.gender": GENDERS,
    "person.with_guardian": BOOLEANS,
    "exploitation.assessment": ASSESSMENTS,
    "police_report": POLICE_REPORTS,
    "residence_status": RESIDENCE_STATUSES,
    "ongoing_process_in_sweden": BOOLEANS,
    "detained_or_facing_removal": BOOLEANS,
    "acute": BOOLEANS,
    "fear_of_authorities": BOOLEANS,
    "need": NEEDS,
    "in_nsp_shelter": BOOLEANS,
}

AUTHORITY_LABELS = {
    "social_services": {"sv": "Socialtjänsten", "en": "Social services"},
    "migration_agency": {"sv": "Migrationsverket", "en": "The Migration Agency"},
    "police": {
        "sv": "Polisen (förundersökningsledaren)",
        "en": "The police (head of the preliminary investigation)",
    },
    "prosecutor": {"sv": "Åklagaren", "en": "The prosecutor"},
    "healthcare": {"sv": "Vården", "en": "Healthcare"},
    "other": {"sv": "En annan myndighet", "en": "Another authority"},
}

ASKED_FOR_LABELS = {
    "shelter": {"sv": "skyddat boende", "en": "protected housing"},
    "financial_support": {"sv": "ekonomiskt bistånd", "en": "financial support"},
    "reflection_permit": {
        "sv": "uppehållstillstånd för betänketid", "en": "a reflection-period residence permit",
    },
    "witness_permit": {"sv": "uppehållstillstånd som bevisperson", "en": "a witness permit"},
    "relocation": {"sv": "omplacering", "en": "relocation"},
    "care": {"sv": "vård", "en": "care"},
    "other": {"sv": "annat stöd", "en": "other support"},
}

OUTCOME_LABELS = {
    "not_asked": {"sv": "inte tillfrågad", "en": "not asked"},
    "pending": {"sv": "ärendet pågår", "en": "pending"},
    "refused": {"sv": "avslag", "en": "refused"},
    "no_decision": {"sv": "inget beslut", "en": "no decision"},
    "referred_elsewhere": {"sv": "hänvisade vidare", "en": "referred elsewhere"},
    "insufficient": {"sv": "beviljat men otillräckligt", "en": "granted but insufficient"},
    "granted": {"sv": "beviljat", "en": "granted"},
}

REASON_CATEGORY_LABELS = {
    "no_personal_number": {
        "sv": "Saknar personnummer", "en": "No personal identity number",
    },
    "referred_to_migration_agency": {
        "sv": "Hänvisades till Migrationsverket", "en": "Referred to the Migration Agency",
    },
    "referred_between_units": {
        "sv": "Skickades mellan enheter utan beslut",
        "en": "Referred between units without a decision",
    },
    "crime_not_in_sweden": {
        "sv": "Brottet begicks inte i Sverige", "en": "The crime was not committed in Sweden",
    },
    "covered_by_lma": {
        "sv": "Anses omfattas av LMA (Migrationsverkets mottagande)",
        "en": "Considered covered by LMA (the Migration Agency's reception)",
    },
    "no_decision_at_all": {"sv": "Inget beslut alls", "en": "No decision at all"},
    "fear_of_authorities": {"sv": "Rädsla för myndigheter", "en": "Fear of authorities"},
    "other": {"sv": "Annat skäl", "en": "Another reason"},
}


def label(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    """The label of key in lang, or the key itself when the table has none."""
    return table.get(key, {}).get(lang, key)
