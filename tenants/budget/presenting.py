"""The budget as the page, the chart and the exports show it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from portal.exports import Sheet
from portal.formatting import number

MONTHS = range(1, 13)


def line_chart(figures, *, width: int = 560, height: int = 220, left: int = 70, bottom: int = 24,
               top: int = 12, right: int = 12) -> dict:
    """Committed per month (cumulative) against the post's budget line, as SVG coordinates."""
    running, cumulative = 0, []
    for month in MONTHS:
        running += figures.by_month.get(month, 0)
        cumulative.append(running)
    scale_top = max([figures.budgeted, running, 1])
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(month: int) -> float:
        return round(left + plot_w * (month - 1) / 11, 1)

    def y(value: int) -> float:
        return round(top + plot_h * (1 - value / scale_top), 1)

    return {
        "title": figures.name or _("Interventions without a post"),
        "width": width, "height": height, "left": left, "right_x": width - right, "bottom_y": height - bottom,
        "top": top, "points": " ".join(f"{x(m)},{y(v)}" for m, v in zip(MONTHS, cumulative)),
        "budget_y": y(figures.budgeted), "budget_label": number(figures.budgeted),
        "top_label": number(scale_top), "label_y": height - 6,
        "months": [{"x": x(m), "label": str(m)} for m in MONTHS],
        "over": running > figures.budgeted,
    }


def budget_sheets(figures, transfers, lang: str) -> list[Sheet]:
    posts = Sheet(title=_("Budget posts"), header=[
        _("Post"), _("Original"), _("Budgeted"), _("Committed"), _("Remaining")],
        rows=[[p.name, p.original, p.budgeted, p.committed, p.remaining] for p in figures.posts])
    if figures.unassigned.committed:
        posts.rows.append([_("Interventions without a post"), 0, 0, figures.unassigned.committed,
                           -figures.unassigned.committed])
    posts.rows.append([_("Total"), figures.original, figures.budgeted, figures.committed, figures.remaining])
    months = Sheet(title=_("Committed per month"), header=[_("Post")] + [str(m) for m in MONTHS],
                   rows=[[p.name] + [p.by_month.get(m, 0) for m in MONTHS] for p in figures.posts])
    moves = Sheet(title=_("Transfers"), header=[_("Date"), _("From post"), _("To post"), _("Amount"), _("Reason")],
                  rows=[[t.made_at.date().isoformat(), t.from_post.name(lang), t.to_post.name(lang), t.amount,
                         t.reason] for t in transfers])
    return [posts, months, moves]
