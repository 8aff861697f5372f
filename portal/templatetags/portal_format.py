from django import template

from portal import formatting

register = template.Library()


@register.filter
def sek(amount):
    """54600 → "54 600,00 kr" (sv) / "SEK 54,600.00" (en), in the page's language."""
    if amount in (None, ""):
        return ""
    return formatting.sek(amount)


@register.filter
def number(value):
    if value in (None, ""):
        return ""
    return formatting.number(value)
