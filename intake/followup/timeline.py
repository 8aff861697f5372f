"""The case's timeline as one server-rendered SVG: readable at a glance, printable.

Each period on a time axis, one row per kind (reflection, extended, integration), point
interventions as marks, the state of each (granted, granted in part, refused, pending)
as its colour and its words, today's line, and what is due at its day. No script, no
style attributes (the CSP): colours are presentation attributes, so print keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _

from intake.followup.models import ClockKind
from intake.followup.selectors import GRANTING, counters_of
from intake.models import Case, CaseApplication
from tenants.models import ApplicationStatus
from tenants.presenting import intervention_names
from tenants.years.rulesets import active_rulesets

WIDTH, LEFT, RIGHT, TOP, ROW, BAR = 780, 250, 16, 50, 34, 18
FILLS = {
    ApplicationStatus.GRANTED: "#2e7d4f", ApplicationStatus.PARTLY_GRANTED: "#8a6d00",
    ApplicationStatus.REFUSED: "#b3261e", "pending": "#5b6b7a",
}
PENDING = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO)


@dataclass
class Span:
    kind: str
    code: str
    first: date
    last: date
    state: str
    ended_on: date | None = None


def _spans(case: Case) -> tuple[list[Span], list[tuple[date, str, str]]]:
    rulesets = active_rulesets()
    spans, marks = [], []
    for application in CaseApplication.objects.filter(case=case).select_related("ended").order_by("created_at"):
        state = "pending" if application.status in PENDING else application.status
        items = application.granted_interventions if application.status in GRANTING else application.interventions
        ruleset = rulesets.get(application.year)
        counters = counters_of(ruleset) if ruleset else {}
        ended = getattr(application, "ended", None)
        for item in items or []:
            if item.get("parent"):
                continue
            if item.get("days") and item.get("start"):
                first = date.fromisoformat(item["start"])
                last = date.fromisoformat(item["end"]) if item.get("end") else first + timedelta(days=item["days"] - 1)
                spans.append(Span(counters.get(item["code"], "reflection"), item["code"], first, last, state,
                                  ended.ended_on if ended else None))
            else:
                day = application.period.lower if application.period else application.created_at.date()
                marks.append((day, item["code"], state))
    return spans, marks


def _state_word(state: str) -> str:
    return {
        ApplicationStatus.GRANTED: _("granted"), ApplicationStatus.PARTLY_GRANTED: _("granted in part"),
        ApplicationStatus.REFUSED: _("refused"), "pending": _("pending"),
    }.get(state, state)


def timeline_svg(case: Case, *, today: date, lang: str, due: date | None = None) -> str:
    """The SVG markup in `lang` (safe to mark safe: every text is escaped here)."""
    with translation.override(lang):
        return _timeline_svg(case, today=today, lang=lang, due=due)


def _timeline_svg(case: Case, *, today: date, lang: str, due: date | None) -> str:
    spans, marks = _spans(case)
    names = intervention_names(lang)
    days = [s.first for s in spans] + [s.last for s in spans] + [m[0] for m in marks] + [today]
    start = min(days) - timedelta(days=3)
    end = max(days + ([due] if due else [])) + timedelta(days=10)
    total = max(1, (end - start).days)
    span_px = WIDTH - LEFT - RIGHT

    def x(day: date) -> float:
        return round(LEFT + span_px * (day - start).days / total, 1)

    rows = [(kind, label) for kind, label in ClockKind.choices] + [("point", _("Point interventions"))]
    height = TOP + ROW * len(rows) + 44
    title = _("Timeline of case %(code)s") % {"code": case.code}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline__svg" viewBox="0 0 {WIDTH} {height}" '
           f'role="img" aria-labelledby="tl-title-{escape(case.code)}">',
           f'<title id="tl-title-{escape(case.code)}">{escape(title)}</title>']
    # Month ticks.
    month = date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            out.append(f'<line x1="{x(month)}" y1="{TOP - 8}" x2="{x(month)}" y2="{height - 34}" '
                       f'stroke="#d5dbe1" stroke-width="1"/>')
            out.append(f'<text x="{x(month) + 3}" y="{TOP - 12}" font-size="11" fill="#4a5560">'
                       f'{month.isoformat()[:7]}</text>')
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for index, (kind, label) in enumerate(rows):
        y = TOP + ROW * index
        out.append(f'<text x="8" y="{y + BAR - 4}" font-size="11" fill="#1f2a33">{escape(str(label))}</text>')
        for span in (s for s in spans if s.kind == kind):
            last = min(span.last, span.ended_on) if span.ended_on else span.last
            width = max(2.0, round(x(last + timedelta(days=1)) - x(span.first), 1))
            words = f"{names.get(span.code, span.code)}, {span.first.isoformat()} – {last.isoformat()}: " \
                    f"{_state_word(span.state)}"
            if span.ended_on:
                words += " · " + _("ended early")
            dash = ' stroke-dasharray="4 3" fill-opacity="0.35"' if span.state in ("pending", "refused") else ""
            out.append(f'<g class="timeline__period timeline__period--{escape(span.state)}" '
                       f'data-state="{escape(span.state)}"><title>{escape(words)}</title>'
                       f'<rect x="{x(span.first)}" y="{y}" width="{width}" height="{BAR}" rx="3" '
                       f'fill="{FILLS.get(span.state, "#5b6b7a")}" stroke="#1f2a33" stroke-width="0.5"{dash}/>'
                       f'</g>')
        if kind == "point":
            for day, code, state in marks:
                out.append(f'<g class="timeline__mark" data-state="{escape(state)}"><title>'
                           f'{escape(names.get(code, code))}, {day.isoformat()}: {escape(_state_word(state))}'
                           f'</title><circle cx="{x(day)}" cy="{y + BAR / 2}" r="6" '
                           f'fill="{FILLS.get(state, "#5b6b7a")}"/></g>')
    today_word = escape(_("Today"))
    out.append(f'<g class="timeline__today"><title>{today_word} {today.isoformat()}</title>'
               f'<line x1="{x(today)}" y1="{TOP - 6}" x2="{x(today)}" y2="{height - 34}" stroke="#0b57d0" '
               f'stroke-width="2"/><text x="{x(today) + 3}" y="{height - 22}" font-size="11" fill="#0b57d0">'
               f'{today_word}</text></g>')
    if due:
        due_title = escape(_("Due: apply for an extension before %(day)s") % {"day": due.isoformat()})
        due_word = escape(_("Extension due"))
        out.append(f'<g class="timeline__due"><title>{due_title}</title>'
                   f'<path d="M{x(due)} {TOP - 6} l6 -10 h-12 z" fill="#b3261e"/>'
                   f'<text x="{x(due) - 8}" y="14" font-size="11" fill="#b3261e" text-anchor="end">'
                   f'{due_word}</text></g>')
    # A legend in words, so colour is never the only carrier.
    legend = escape(_("Solid: granted; pale, dashed: pending or refused (hover for details)."))
    out.append(f'<text x="8" y="{height - 4}" font-size="11" fill="#4a5560">{legend}</text>')
    out.append("</svg>")
    return "".join(out)
