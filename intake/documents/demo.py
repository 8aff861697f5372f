"""Demo documents: one case with every document in some state (issue 10), and the signed
plan an extension needs before the demo submits it (intake/demo.py). All invented."""

from __future__ import annotations

from django.utils import timezone

from intake.documents import engine, selectors, services
from intake.documents.models import Document
from intake.models import Case

# What the demo writes, by document (the rest of the required fields get a plain filler).
TEXTS = {
    "in_depth_assessment": {
        "fb.case.description": "Rekryterades via en bekant med löfte om arbete i byggbranschen. Arbetade utan lön, "
                               "passet togs ifrån honom. Kom till boendet via polisen.",
        "fb.summary.exposure": "Tvång till arbete, hot mot familjen i hemlandet, ekonomisk kontroll.",
        "fb.summary.vulnerability": "Saknar nätverk i Sverige och talar begränsad engelska.",
        "fb.summary.assessment": "Behöver skyddat boende, stöd i kontakten med polis och jurist samt vård.",
        "fb.summary.needs_plan": "Boende, läkarbesök, målsägandebiträde, tolk vid förhör.",
        "fb.physical.epilepsy": "no", "fb.physical.asthma": "not_assessed",
        "fb.mental.sleep_onset": "high", "fb.exposure.threats": "yes",
        "fb.exposure.threats.note": "Hot mot familjen i hemlandet.",
        "fb.applicant.language": "Ukrainska, ryska", "fb.applicant.interpreter": "yes",
        "fb.applicant.interpreter.note": "Ukrainska",
    },
    "implementation_plan": {
        "gp.header.for_whom": "person",
        "gp.plan.goals": "Trygg vardag under förundersökningen; kontakt med vården; beslut om framtiden.",
        "gp.plan.interventions": "Skyddat boende, stödsamtal varje vecka, tolk, följe till polis och vård.",
        "gp.plan.who_does_what": "Kontaktperson på boendet samordnar; jurist via målsägandebiträde.",
        "gp.public.takeover": "Socialtjänsten har kontaktats om bistånd; beslut väntas inom en månad.",
        "gp.public.sweden_responsible": "process",
        "gp.public.sweden_responsible.note": "Pågående förundersökning; tillstånd som bevisperson.",
    },
    "period_report": {
        "rs.header.support_type": "max_30",
        "rs.report.summary": "Perioden gav skydd och en första kontakt med vården.",
        "rs.rights.housing": "met", "rs.rights.medical": "partly",
    },
    "exit_plan": {
        "up.plan.free_life": "Eget boende via kommunen och arbete via Arbetsförmedlingen minskar beroendet.",
    },
    "purchase_request": {
        "ia.item.item": "Tolk", "ia.item.quantity": "2", "ia.item.cost_each": "1200",
        "ia.item.description": "Tolk vid två förhör hos polisen.",
    },
    "exit_report": {
        "ur.report.summary": "(utkast)",
    },
    "integration_application": {
        "ai.header.days": "45",
        "ai.application.needs": "Stöd i att söka arbete och bostad efter tiden på boendet.",
    },
}


def _filler(f: engine.Field, today: str) -> str:
    if f.is_choice:
        return f.choices()[0].value
    if f.type == "date":
        return today
    if f.type in ("integer", "money", "year"):
        return "1"
    return "Se ärendet (demo)."


def fill(document: Document, user, *, complete: bool) -> None:
    """Write the demo's texts; with `complete`, every required field too."""
    spec = document.spec
    values = {k: v for k, (v, _r) in selectors.document_values(document).items()}
    wanted = dict(TEXTS.get(document.kind, {}))
    if complete:
        today = timezone.localdate().isoformat()
        for f in engine.missing_required(spec, {**values, **wanted}):
            wanted[f.id] = _filler(f, today)
    for key, value in wanted.items():
        services.document_field_save(document=document, user=user, key=key, raw=value)


def required_plans_sign(*, case: Case, user, recommendation) -> None:
    """The signed plans the recommendation needs before its application is submitted."""
    for kind in selectors.plans_missing(case, (recommendation.result or {}).get("documents_required", [])):
        document = services.document_create(case=case, kind=kind, user=user)
        fill(document, user, complete=True)
        services.document_sign(document=document, user=user)


def load_case(case: Case, user) -> None:
    """Every document of the case in some state: signed, draft, or tied to a period."""
    existing = {d.kind for d in selectors.documents_of(case)}
    application = case.applications.filter(period__isnull=False).first()
    states = [("in_depth_assessment", True), ("implementation_plan", True), ("period_report", False),
              ("exit_plan", False), ("purchase_request", False), ("integration_application", False),
              ("exit_report", False)]
    for kind, signed in states:
        if kind in existing:
            continue
        document = services.document_create(
            case=case, kind=kind, user=user, application=application if kind == "period_report" else None)
        fill(document, user, complete=signed)
        if signed:
            services.document_sign(document=document, user=user)
