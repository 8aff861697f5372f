"""Referral guidance for social services: a few questions, answered by the rules engine.

The questions fill an answers document (RULES.md) and `intake.rules.recommend` judges
it with the current programme year's rules, the same code and data the intake uses.
This module only words the result for a social worker: who is responsible, what to
apply for, whether a certified actor and the programme can help, what to read. It holds
no rule of its own: responsibility comes from the year's complementarity data, referrals
and outcomes from the engine's answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from intake.rules import predicates, read_answers, recommend
from intake.rules.vocabulary import ASKED_FOR_LABELS, AUTHORITY_LABELS, label
from knowledge import interventions, languages

RESIDENCE_CHOICES = [
    ("undocumented", _("No residence permit and no asylum case (undocumented)")),
    ("asylum_seeker", _("Asylum seeker")),
    ("temporary_protection", _("Temporary protection (the EU Temporary Protection Directive)")),
    ("reflection_permit", _("Reflection-period permit (Aliens Act ch. 5 § 15)")),
    ("witness_permit", _("Six-month permit as a witness")),
    ("eu_citizen", _("Citizen of another EU country")),
    ("other_permit", _("Another residence permit")),
    ("resident", _("Resident in Sweden (permanent residence)")),
    ("swedish_citizen", _("Swedish citizen")),
]
POLICE_CHOICES = [
    ("none", _("No police report has been made")),
    ("investigation_ongoing", _("Reported: the preliminary investigation is ongoing")),
    ("investigation_closed", _("Reported: the investigation is closed")),
    ("unknown", _("Not known")),
]
PERSON_CHOICES = [
    ("adult", _("An adult")),
    ("child_with_guardian", _("A child with a parent or guardian here")),
    ("child_alone", _("A child without a guardian here")),
]
NEED_CHOICES = [
    ("shelter", _("Protected housing with support")),
    ("integration", _("Support to move on and build a life here, outside a shelter")),
    ("return", _("Support before and after a safe return")),
    ("specific", _("A single cost, such as an interpreter or legal advice")),
]
OUTCOME_CHOICES = [
    ("not_asked", _("Not asked yet")),
    ("pending", _("Asked; no answer yet")),
    ("refused", _("Refused")),
    ("no_decision", _("Would not make a decision")),
    ("referred_elsewhere", _("Referred elsewhere")),
    ("insufficient", _("Granted, but not enough")),
    ("granted", _("Granted")),
]


def _item_choices() -> list[tuple[str, str]]:
    ruleset = interventions.current_ruleset()
    if ruleset is None:
        return []
    lang = ui_lang()
    return [(key, item.name(lang)) for key, item in ruleset.point_items.items()]


def ui_lang() -> str:
    """The engine's language for the active screen language (Swedish or English)."""
    return "sv" if (get_language() or "sv").startswith("sv") else "en"


# Sent with the form, so that a submit with nothing chosen is still a submit (and shows
# what is missing) rather than the empty form again.
SUBMITTED = "check"


def submitted(query) -> bool:
    """Whether a GET query is an answer to the check (even an empty one)."""
    return SUBMITTED in query or any(name in query for name in ReferralForm.base_fields)


def _required(message):
    return {"required": message}


class ReferralForm(forms.Form):
    """The questions of the check. GET, so a result is a link a colleague can open.

    Nothing is chosen in advance: a pre-selected answer would be taken as the social
    worker's when it was only ours.
    """

    residence_status = forms.ChoiceField(
        label=_("What is the person's residence status?"), choices=RESIDENCE_CHOICES,
        widget=forms.RadioSelect,
        error_messages=_required(_("Choose the person's residence status.")))
    detained_or_facing_removal = forms.BooleanField(
        label=_("The person is held in immigration detention, or is to be refused entry or "
                "expelled"), required=False)
    police_report = forms.ChoiceField(
        label=_("Has a police report been made?"), choices=POLICE_CHOICES,
        widget=forms.RadioSelect,
        error_messages=_required(_("Choose whether a police report has been made.")))
    person = forms.ChoiceField(
        label=_("Who needs help?"), choices=PERSON_CHOICES, widget=forms.RadioSelect,
        error_messages=_required(_("Choose who needs help.")))
    with_children = forms.BooleanField(
        label=_("The person has children with them in Sweden"), required=False)
    need = forms.ChoiceField(
        label=_("What does the person need?"), choices=NEED_CHOICES, widget=forms.RadioSelect,
        error_messages=_required(_("Choose what the person needs.")))
    items = forms.MultipleChoiceField(
        label=_("Which single costs?"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when the need is a single cost."))
    social_services = forms.ChoiceField(
        label=_("Has social services been asked for protected housing, and what did it answer?"),
        choices=[("", _("Choose an answer"))] + OUTCOME_CHOICES,
        error_messages=_required(_("Choose what social services answered, or “Not asked "
                                   "yet”.")))
    migration_agency = forms.ChoiceField(
        label=_("Asylum seekers and temporary protection only: has Migrationsverket been asked "
                "to relocate the person within its own housing, and what did it answer?"),
        choices=[("", _("Does not apply"))] + OUTCOME_CHOICES,
        required=False,
        help_text=_("Migrationsverket's reception (LMA) does not include protected housing: "
                    "for that, ask social services."))
    acute = forms.BooleanField(
        label=_("Protection is needed now: the situation is acute"), required=False)
    fear_of_authorities = forms.BooleanField(
        label=_("The person is so afraid of authorities that contact with them is a barrier"),
        required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = _item_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("need") == "specific" and not cleaned.get("items"):
            self.add_error("items", _("Choose at least one single cost."))
        return cleaned


def answers_document(data: dict[str, Any]) -> dict[str, Any]:
    """The RULES.md answers document for the form's cleaned data.

    The check is about a person who may have been trafficked, so the assessment is
    "possible"; amounts of single costs are not asked, so they count as 0.
    """
    person: dict[str, Any] = {
        "age_group": "adult" if data["person"] == "adult" else "child",
        "children_accompanying": 1 if data.get("with_children") else 0,
    }
    if person["age_group"] == "child":
        person["with_guardian"] = data["person"] == "child_with_guardian"
    # Social services is asked for protected housing; Migrationsverket only ever for a
    # relocation within its own housing, since its reception has no protected housing.
    authorities = [
        {"authority": authority, "asked_for": asked_for, "outcome": data[field_name]}
        for authority, asked_for, field_name in (
            ("social_services", "shelter", "social_services"),
            ("migration_agency", "relocation", "migration_agency"))
        if data.get(field_name) and data[field_name] != "not_asked"
    ]
    document: dict[str, Any] = {
        "person": person,
        "exploitation": {"assessment": "possible"},
        "police_report": data["police_report"],
        "residence_status": data["residence_status"],
        "detained_or_facing_removal": bool(data.get("detained_or_facing_removal")),
        "authorities": authorities,
        "acute": bool(data.get("acute")),
        "fear_of_authorities": bool(data.get("fear_of_authorities")),
        "need": data["need"],
    }
    if data["need"] == "specific":
        document["specific_items"] = [{"item": key, "cost": 0} for key in data.get("items") or []]
    return document


# --- wording the engine's answer -----------------------------------------------------

_MIGRATION_AGENCY_STEP = _(
    "Migrationsverket can relocate an asylum seeker, or a person under temporary protection, "
    "within its own housing if that makes them safe: ask it, and ask for a written answer. "
    "Its reception (LMA) does not include protected housing; that is for social services to "
    "assess and decide.")

STEP_TEXTS = {
    ("social_services", "shelter"): _(
        "Social services is responsible for protected housing and support: assess the need "
        "and decide, preferably in writing. A written decision, a refusal too, shows a "
        "certified actor and the programme that the authority has been asked."),
    ("social_services", "reflection_permit"): _(
        "Social services may apply to Migrationsverket for a reflection-period residence "
        "permit (30 days, Aliens Act chapter 5 section 15) whenever no police investigation "
        "is ongoing: no police report is needed, and a closed investigation is no obstacle. "
        "Social services has had this right since 1 August 2022."),
    ("police", "reflection_permit"): _(
        "Ask the head of the preliminary investigation (police or prosecutor) to apply to "
        "Migrationsverket for a reflection-period residence permit (Aliens Act chapter 5 "
        "section 15)."),
    ("police", "witness_permit"): _(
        "If the person is needed as a witness, the head of the preliminary investigation may "
        "apply for a six-month residence permit."),
    ("prosecutor", "witness_permit"): _(
        "If the person is needed as a witness, the head of the preliminary investigation may "
        "apply for a six-month residence permit."),
    ("migration_agency", "shelter"): _MIGRATION_AGENCY_STEP,
    ("migration_agency", "relocation"): _MIGRATION_AGENCY_STEP,
}

# What social services must also know for this person: the law and the seeds, not rules
# of the programme (those are the engine's). Each note names the seed it rests on.
NOTE_TEXTS = {
    "eu_citizen_removal": _(
        "An EU citizen normally needs no residence permit. If the person is held in "
        "detention or is to be refused entry or expelled, answer that question above: a "
        "reflection-period permit can then be applied for. Victims, EU citizens included, "
        "have been released from detention after such an application (NSP annual report "
        "2025, section 5)."),
    "migration_agency_no_protected_housing": _(
        "Migrationsverket's reception (LMA) does not include protected housing. It can "
        "relocate the person within its own housing; protected housing is for social "
        "services to assess and decide, also for asylum seekers (NSP annual report 2022, "
        "closing section)."),
    "accompanying_child_permit": _(
        "The children with the person: social services cannot apply for a reflection-period "
        "permit for an accompanying child who is not itself presumed to be a victim. The head "
        "of a preliminary investigation can, if the child is needed as a witness. Talk to "
        "Migrationsverket early: a dialogue is usually needed (final report on the "
        "reflection period, 2023)."),
    "child_alone": _(
        "A child without a guardian here: the child's own protection is social services' "
        "duty, with a guardian (god man) appointed and, where needed, care under LVU. The "
        "programme does not pay for it. If the child may itself have been trafficked, social "
        "services can apply for a reflection-period permit for the child."),
    "child_with_guardian": _(
        "A child with a parent here is supported in the parent's case: a certified actor "
        "applies for the parent, with a child supplement. If the child has itself been "
        "exploited, its protection is social services' duty."),
}


def _notes(answers: dict[str, Any], recommendation: dict[str, Any]) -> list[tuple[str, str]]:
    status = answers["residence_status"]
    person = answers["person"]
    asked = {entry["ask_for"] for entry in recommendation["refer_to"]}
    keys = []
    if status == "eu_citizen" and not answers.get("detained_or_facing_removal"):
        keys.append("eu_citizen_removal")
    if status in ("asylum_seeker", "temporary_protection"):
        keys.append("migration_agency_no_protected_housing")
    if person["children_accompanying"] and "reflection_permit" in asked:
        keys.append("accompanying_child_permit")
    if person["age_group"] == "child":
        keys.append("child_with_guardian" if person.get("with_guardian") else "child_alone")
    return [(key, str(NOTE_TEXTS[key])) for key in keys]


HEADLINES = {
    "recommend": _("A certified actor can apply to the programme"),
    "refer": _("An authority should act first"),
    "not_eligible": _("The programme cannot pay for this"),
}


@dataclass(frozen=True)
class Step:
    authority: str
    ask_for: str
    text: str


@dataclass(frozen=True)
class Responsible:
    authority: str
    name: str
    asked_for: str
    when: str


@dataclass(frozen=True)
class Paid:
    code: str
    name: str
    days: int | None
    rate: str | None
    amount: str


@dataclass
class Guidance:
    recommendation: dict[str, Any]
    answers: dict[str, Any]
    year: int
    version: str
    headline: str
    responsible: list[Responsible]
    steps: list[Step]
    paid: list[Paid]
    articles: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    # This year, when its rules are not in effect yet and an earlier year's stand in: said
    # on the page, never silently.
    this_year_without_rules: int | None = None

    @property
    def outcome(self) -> str:
        return self.recommendation["outcome"]

    @property
    def reasons(self) -> list[dict[str, str]]:
        return self.recommendation["reasons"]


def _responsible(ruleset, answers: dict[str, Any], lang: str) -> list[Responsible]:
    """Who the year's data makes responsible for the need, for this person."""
    parsed = read_answers(answers)
    if parsed.age_group == "child" and not parsed.with_guardian:
        entries = [{"authority": e["authority"], "asked_for": [e["ask_for"]]}
                   for e in ruleset.section("children")["refer_to"]]
    elif parsed.need in ruleset.section("complementarity")["needs"]:
        entries = ruleset.section("complementarity")["responsible"]
    else:
        return []
    named = ruleset.named_predicates
    found = []
    for entry in entries:
        when = entry.get("when")
        if when is not None and not predicates.evaluate(when, parsed.value, named):
            continue
        when_text = (named[when][f"description_{lang}"]
                     if isinstance(when, str) and when in named else "")
        found.append(Responsible(
            authority=entry["authority"], name=label(AUTHORITY_LABELS, entry["authority"], lang),
            asked_for=", ".join(label(ASKED_FOR_LABELS, item, lang) for item in entry["asked_for"]),
            when=when_text,
        ))
    return found


def _step(entry: dict[str, str], lang: str) -> Step:
    key = (entry["authority"], entry["ask_for"])
    text = STEP_TEXTS.get(key)
    if text is None:
        text = _("%(authority)s: ask for %(ask_for)s.") % {
            "authority": label(AUTHORITY_LABELS, entry["authority"], lang),
            "ask_for": label(ASKED_FOR_LABELS, entry["ask_for"], lang)}
    return Step(authority=entry["authority"], ask_for=entry["ask_for"], text=str(text))


def _paid(ruleset, recommendation: dict[str, Any], lang: str) -> list[Paid]:
    paid = []
    for item in recommendation["interventions"]:
        intervention = ruleset.interventions.get(item["code"])
        name = intervention.name(lang) if intervention else item["code"]
        if item.get("item"):
            listed = ruleset.point_items.get(item["item"])
            name = f"{name}: {listed.name(lang) if listed else item['item']}"
        paid.append(Paid(
            code=item["code"], name=name, days=item.get("days"),
            rate=languages.money(item["rate"], lang) if item.get("rate") is not None else None,
            amount=languages.money(item["amount"], lang),
        ))
    return paid


def _articles(answers: dict[str, Any], recommendation: dict[str, Any]) -> list[str]:
    """Articles a social worker should read next, most specific first."""
    status = answers["residence_status"]
    asked = {entry["ask_for"] for entry in recommendation["refer_to"]}
    slugs = []
    if status in ("asylum_seeker", "temporary_protection"):
        slugs.append("asylum-seekers-and-lma")
    if status in ("reflection_permit", "witness_permit"):
        slugs.append("permit-holders-and-lma")
    if status == "eu_citizen" and answers.get("detained_or_facing_removal"):
        slugs.append("return")
    if status == "witness_permit" or "witness_permit" in asked:
        slugs.append("witness-permit")
    if status == "witness_permit" or answers.get("police_report") in (
            "investigation_ongoing", "investigation_closed"):
        slugs.append("rights-during-and-after-trial")
    if "reflection_permit" in asked or status == "reflection_permit":
        slugs.append("reflection-period")
    if answers["person"]["age_group"] == "child" or answers["person"]["children_accompanying"]:
        slugs.append("children")
    if answers["need"] == "return":
        slugs.append("return")
    slugs += ["social-services-checklist", "complementarity-and-referral",
              "rights-presumed-victim"]
    if recommendation["outcome"] == "recommend":
        slugs += ["what-the-programme-pays-for", "national-support-programme"]
    slugs.append("regional-coordinators")
    return list(dict.fromkeys(slugs))


def guidance(data: dict[str, Any], *, lang: str, today: date | None = None) -> Guidance:
    """Judge the form's answers with the current year's rules and word the result."""
    today = today or timezone.localdate()
    ruleset = interventions.current_ruleset(today)
    answers = answers_document(data)
    recommendation = recommend(answers, rulesets={ruleset.year: ruleset}, year=ruleset.year,
                               lang=lang, today=today)
    return Guidance(
        recommendation=recommendation, answers=answers, year=ruleset.year,
        version=ruleset.version, headline=str(HEADLINES[recommendation["outcome"]]),
        responsible=_responsible(ruleset, answers, lang),
        steps=[_step(entry, lang) for entry in recommendation["refer_to"]],
        paid=_paid(ruleset, recommendation, lang),
        articles=_articles(answers, recommendation),
        notes=_notes(answers, recommendation),
        this_year_without_rules=today.year if ruleset.year != today.year else None,
    )
