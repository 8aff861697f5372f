"""Notification texts, rendered in the reader's language when shown."""

from django.utils import translation
from django.utils.translation import gettext as _


def render(kind: str, data: dict, lang: str) -> str:
    with translation.override(lang):
        if kind == "decision":
            return _("The programme has decided on the application for case %(code)s: %(decision)s.") % {
                "code": data.get("code", "?"),
                "decision": data.get("decision_label", data.get("decision", "")),
            }
        if kind == "case_opened":
            return _("Case %(code)s was opened.") % {"code": data.get("code", "?")}
        return _("Something changed in case %(code)s.") % {"code": data.get("code", "?")}
