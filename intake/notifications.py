"""Notification texts, rendered in the reader's language when shown."""

from django.utils import translation
from django.utils.translation import gettext as _


def render(kind: str, data: dict, lang: str) -> str:
    from tenants.models import ApplicationStatus

    with translation.override(lang):
        code = data.get("code", "?")
        if kind == "decision":
            decision = data.get("decision", "")
            label = ApplicationStatus(decision).label if decision in ApplicationStatus.values else decision
            return _("The programme has decided on the application for case %(code)s: %(decision)s.") % {
                "code": code, "decision": str(label).lower(),
            }
        if kind == "decision_corrected":
            decision = data.get("decision", "")
            label = ApplicationStatus(decision).label if decision in ApplicationStatus.values else decision
            return _("The programme has corrected its decision for case %(code)s: %(decision)s.") % {
                "code": code, "decision": str(label).lower(),
            }
        if kind == "referral_new":
            return _("A regional coordinator asks you to take a person in: answer under Referral requests.")
        if kind == "referral_reminder":
            return _("A referral request has waited for an answer for hours: please accept or decline it.")
        if kind == "period_ending":
            return _("The period of case %(code)s ends %(last_day)s and no extension has been applied for yet.") % {
                "code": code, "last_day": data.get("last_day", "?")}
        if kind == "case_opened":
            return _("Case %(code)s was opened.") % {"code": code}
        return _("Something changed in case %(code)s.") % {"code": code}
