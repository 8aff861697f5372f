"""Template filters over portal.formatting, in the page's language."""

from datetime import date, timedelta

from django import template

from portal import formatting

register = template.Library()


@register.filter
def sek(amount):
    """54600 → "54 600 kr" (sv) / "SEK54,600" (en), in the page's language."""
    if amount in (None, ""):
        return ""
    return formatting.sek(amount)


@register.filter
def number(value):
    if value in (None, ""):
        return ""
    return formatting.number(value)


@register.filter
def country(code):
    """"NG" → "Nigeria" in the page's language."""
    return formatting.country(code) if code else ""


@register.filter
def iso_day(value):
    """An ISO date string (as the rules engine writes them) in the page's language."""
    if not value:
        return ""
    try:
        return formatting.day(date.fromisoformat(str(value)), style="medium")
    except ValueError:
        return value


@register.filter
def period_end(period):
    """The inclusive last day of a date range (PostgreSQL keeps them as [first, day after))."""
    if period is None or period.upper is None:
        return None
    return period.upper if period.upper_inc else period.upper - timedelta(days=1)


@register.filter
def count(value):
    """A statistics cell: a number in the page's language, a hidden count ("<3") as it is,
    an amount hidden with its count as a dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return formatting.number(value)
    return value
