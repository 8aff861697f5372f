"""The actor's administrator exports everything about one case, or erases it."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from intake import presenting, selectors
from intake.privacy import services
from intake.privacy.selectors import case_export
from portal.access import allow
from portal.roles import Role


@allow(Role.ACTOR_ADMIN)
@never_cache
def export_json(request, code: str):
    case = selectors.case_get_audited(code=code, user=request.user, action="export_json")
    body = json.dumps(case_export(case), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.code}.json"'
    return response


@allow(Role.ACTOR_ADMIN)
@never_cache
def export_print(request, code: str):
    case = selectors.case_get_audited(code=code, user=request.user, action="export_print")
    lang = request.LANGUAGE_CODE
    conversation = selectors.conversation_of(case)
    state = presenting.intake_state(conversation.answers, selectors.case_facts(case))
    return render(request, "intake/privacy/export.html", {
        "case": case, "export": case_export(case), "transcript": presenting.transcript(state, lang),
    })


class EraseForm(forms.Form):
    confirm_code = forms.CharField(label=gettext_lazy("Type the case code to confirm"), max_length=32)
    reason = forms.CharField(label=gettext_lazy("Why (e.g. the person asked for erasure on 1 March)"),
                             max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.code = code

    def clean_confirm_code(self):
        typed = self.cleaned_data["confirm_code"].replace("\x00", "").strip()
        if typed.upper() != self.code.upper():
            raise forms.ValidationError(_("That is not this case's code."), code="mismatch")
        return typed

    def clean_reason(self):
        return self.cleaned_data["reason"].replace("\x00", "").strip()


@allow(Role.ACTOR_ADMIN)
@never_cache
def erase(request, code: str):
    case = selectors.case_get_audited(code=code, user=request.user, action="erase_view")
    form = EraseForm(request.POST or None, code=case.code)
    if request.method == "POST" and form.is_valid():
        services.case_erase(case=case, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Case %(code)s is erased. Its audit trail is kept.") % {"code": code})
        return redirect("intake:case_list")
    return render(request, "intake/privacy/erase.html", {"case": case, "form": form},
                  status=422 if form.errors else 200)
