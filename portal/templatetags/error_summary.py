"""The error summary (GOV.UK pattern): every error of a failed action at the top, each a
link to its field, focused when the page or fragment arrives (portal.js).

    {% load error_summary %}
    {% error_summary form children %}          forms and formsets, in page order
    {% error_summary form id="decide-errors" %}  a second summary on one page needs its own id
    {% with errors=messages|message_errors %}  the messages framework's errors (base.html)
"""

from __future__ import annotations

from django import forms, template
from django.contrib.messages import constants

register = template.Library()


def _field_target(bound_field) -> str:
    """The element a link should focus: the input itself, or the first of a group."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id


def _form_items(form) -> list[dict]:
    items = [{"text": error, "href": ""} for error in form.non_field_errors()]
    for bound_field in form:
        for error in bound_field.errors:
            # "Birth year: …": Django's own "This field is required." says nothing on its own.
            text = f"{bound_field.label}: {error}" if bound_field.label else error
            items.append({"text": text, "href": f"#{_field_target(bound_field)}" if bound_field.auto_id else ""})
    return items


def summary_items_all(*forms_or_formsets) -> list[dict]:
    """[{text, href}] of every error, in the order the fields appear."""
    items: list[dict] = []
    for thing in forms_or_formsets:
        if thing is None or not getattr(thing, "is_bound", False):
            continue
        if hasattr(thing, "forms"):  # a formset
            items.extend({"text": error, "href": ""} for error in thing.non_form_errors())
            for form in thing.forms:
                items.extend(_form_items(form))
        else:
            items.extend(_form_items(thing))
    return items


@register.simple_tag
def summary_list(errors=None, form=None) -> list[dict]:
    """errors (texts or {text, href}) and a form's errors, as the summary's items."""
    if isinstance(errors, str):
        # A template that passes no errors gives "" (an unknown variable): that is none.
        errors = [errors] if errors else []
    items = [error if isinstance(error, dict) else {"text": error, "href": ""} for error in errors or () if error]
    if form:
        items.extend(summary_items_all(form))
    return items


@register.inclusion_tag("portal/_error_summary.html")
def error_summary(*forms_or_formsets, id: str = "error-summary", title: str = ""):
    return {"errors": summary_items_all(*forms_or_formsets), "summary_id": id, "title": title}


@register.filter
def message_errors(messages) -> list[dict]:
    """The error-level messages of the messages framework, as summary items."""
    return [{"text": str(message), "href": ""} for message in messages or () if message.level >= constants.ERROR]


@register.filter
def message_others(messages) -> list:
    """The messages that are not errors (shown as a polite status)."""
    return [message for message in messages or () if message.level < constants.ERROR]


@register.simple_tag
def error_items(text, href: str = "") -> list[dict]:
    """One error as a summary's items: {% error_items error "#q-value" as errors %}."""
    return [{"text": text, "href": href}] if text else []
