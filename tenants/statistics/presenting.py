"""The statistics as labelled tables in the reader's language: one list of tables that the
page, the printable page and the CSV/XLSX exports all show (so they never disagree)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from intake.flow import load_questions
from intake.rules import vocabulary
from portal.exports import Sheet
from portal.formatting import country
from portal.roles import Region
from tenants.statistics.suppression import is_hidden


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)  # first cell the label
    total: list | None = None
    chart: bool = False

    def sheet(self) -> Sheet:
        return Sheet(title=self.title, header=self.header, rows=self.rows + ([self.total] if self.total else []))


def _choice_label(question_id: str, value: str, lang: str) -> str:
    choice = load_questions().get(question_id).choice(value)
    if choice is None:
        return _("Not answered") if value in ("unknown", "", None) else value
    return choice.label_sv if lang == "sv" else choice.label_en


def primary_labels() -> dict[str, str]:
    return {
        "man": _("Men"), "woman": _("Women"), "trans_woman": _("Trans women"), "trans_man": _("Trans men"),
        "non_binary": _("Non-binary"), "unknown": _("Gender unknown"), "girl": _("Girls"), "boy": _("Boys"),
    }


def child_labels() -> dict[str, str]:
    return {"boy": _("Boy"), "girl": _("Girl"), "unknown": _("Unknown")}


def _dimension(key: str, title: str, values: dict, label) -> Table:
    return Table(key=key, title=title, header=[title, _("Persons")],
                 rows=[[label(value), count] for value, count in values.items()])


def statistics_tables(stats: dict, lang: str) -> list[Table]:
    """Every table of the statistics, in the order of the annual report."""
    lang = lang if lang in ("sv", "en") else "en"
    tables = [Table(
        key="interventions", title=_("Interventions"), header=[_("Intervention"), _("Number"), _("Amount (SEK)")],
        rows=[[row["label"], row["count"], row["amount"]] for row in stats["interventions"]],
        total=[_("Total"), stats["total"]["count"], stats["total"]["amount"]], chart=True,
    )]
    persons = stats["persons"]
    tables.append(Table(key="persons", title=_("Persons"), header=[_("Persons"), _("Number")],
                        rows=[[_("Adults"), persons["adults"]], [_("Children"), persons["children"]]],
                        total=[_("Total"), persons["total"]]))
    primary = stats["primary_recipients"]
    labels = primary_labels()
    tables.append(Table(
        key="primary_recipients", title=_("Primary recipients"), header=[_("Primary recipients"), _("Number")],
        rows=[[labels[key], value] for key, value in primary.items() if key != "total"
              and (value != 0 or key in ("man", "woman", "girl", "boy"))],
        total=[_("Total"), primary["total"]], chart=True,
    ))
    children = child_labels()
    for key, title in (("secondary_children", _("Children as secondary recipients")),
                       ("children_elsewhere", _("Children in the home country or with someone else"))):
        table = stats[key]
        tables.append(Table(key=key, title=title, header=[title, _("Number")],
                            rows=[[children[k], v] for k, v in table.items() if k != "total"],
                            total=[_("Total"), table["total"]]))
    referred = stats.get("referred_by") or {}
    names = {row["code"]: row["label"] for row in stats["interventions"]}
    columns = [key for key in referred if key != "all"]
    referrers = list(referred.get("all", {}))
    tables.append(Table(
        key="referred_by", title=_("Who referred the person"),
        header=[_("Referred by"), _("All persons")] + [names.get(code, code) for code in columns],
        rows=[[_choice_label("referred_by", value, lang), referred["all"].get(value, 0)]
              + [referred[code].get(value, 0) for code in columns] for value in referrers],
    ))
    tables.append(_dimension("exploitation_forms", _("Forms of exploitation"), stats["exploitation_forms"],
                             lambda v: _choice_label("exploitation.forms", v, lang)))
    tables.append(_dimension("nationalities", _("Nationality"), stats["nationalities"],
                             lambda v: _("Not answered") if v == "unknown" else country(v, lang)))
    regions = dict(Region.choices)
    tables.append(_dimension("regions", _("Region"), stats["regions"],
                             lambda v: regions.get(v, _("No region"))))
    tables.append(_dimension("residence_statuses", _("Residence status"), stats.get("residence_statuses", {}),
                             lambda v: _choice_label("residence_status", v, lang)))
    tables.append(_dimension("not_obtained_reasons", _("Why public support was not obtained"),
                             stats["not_obtained_reasons"],
                             lambda v: vocabulary.label(vocabulary.REASON_CATEGORY_LABELS, v, lang)))
    return tables


def statistics_sheets(stats: dict, lang: str) -> list[Sheet]:
    return [table.sheet() for table in statistics_tables(stats, lang)]


def bars(table: Table, *, width: int = 560, bar: int = 22, gap: int = 8, label_width: int = 240) -> dict:
    """A horizontal bar chart of a table's first number column, laid out for an SVG
    drawn by the template (no script, no style attribute: CSP). Hidden cells draw no bar."""
    values = [row[1] if isinstance(row[1], int) else 0 for row in table.rows]
    top = max(values, default=0) or 1
    span = width - label_width - 60
    items = []
    for index, row in enumerate(table.rows):
        value = row[1]
        length = 0 if is_hidden(value) or not isinstance(value, int) else round(span * value / top)
        y = index * (bar + gap)
        items.append({"label": row[0], "value": value, "y": y, "text_y": y + bar * 0.7, "length": length,
                      "value_x": label_width + length + 6})
    return {"items": items, "width": width, "height": max(1, len(items)) * (bar + gap), "bar": bar,
            "label_width": label_width, "label_x": label_width - 8, "title": table.title}
