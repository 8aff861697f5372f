"""A document as the page shows it: sections and fields with their values, revisions,
choices and errors, in the reader's language (sv or en)."""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field

from django.utils.translation import gettext as _

from intake.documents import engine


def slug(key: str) -> str:
    """An input key as an HTML id (dots would need escaping in CSS selectors)."""
    return key.replace(".", "-")


def problem_text(problem: engine.ValueProblem) -> str:
    code, params = problem.code, problem.params
    if code == "choice":
        return _("Choose one of the answers shown.")
    if code == "date":
        return _("Write the date as year-month-day, e.g. 2026-03-16.")
    if code == "date_range":
        return _("The date must be between %(low)s and %(high)s.") % params
    if code == "year":
        return _("The year must be between %(low)s and %(high)s.") % params
    if code == "number":
        return _("Write a whole number with digits only (at most %(max_digits)s).") % params
    if code == "time":
        return _("Write the time as hours:minutes, e.g. 11:00.")
    if code == "too_long":
        return _("This is too long: at most %(limit)s characters.") % params
    if code == "nul":
        return _("The text holds a character that cannot be stored (NUL). Remove it and save again.")
    return _("This answer cannot be saved here.")


@dataclass
class FieldView:
    field: engine.Field
    key: str
    slug: str
    label: str
    help: str
    value: str
    revision: int
    shown: str  # the value as a reader sees it (a choice's label)
    choices: list[tuple[str, str]]
    editable: bool
    error: str = ""
    note: FieldView | None = None
    conflict: str = ""  # someone else's value, when a save was refused as stale

    @property
    def input_type(self) -> str:
        return {"date": "date", "time": "time", "integer": "text", "money": "text", "year": "text"}.get(
            self.field.type, "text")

    @property
    def limit(self) -> int:
        return engine.TEXTAREA_MAX_CHARS if self.key.endswith(engine.NOTE_SUFFIX) else self.field.limit()

    @property
    def is_note(self) -> bool:
        return self.key.endswith(engine.NOTE_SUFFIX)

    @property
    def numeric(self) -> bool:
        return self.field.type in ("integer", "money", "year")

    @property
    def required(self) -> bool:
        return self.field.required


@dataclass
class SectionView:
    section: engine.Section
    title: str
    intro: str
    why: str
    fields: list[FieldView] = dc_field(default_factory=list)


def field_view(spec: engine.DocumentSpec, key: str, values: dict[str, tuple[str, int]], lang: str, *,
               signed: bool, posted: dict[str, str] | None = None, errors: dict[str, str] | None = None,
               conflicts: dict[str, str] | None = None) -> FieldView:
    f = spec.field(key)
    is_note = key.endswith(engine.NOTE_SUFFIX)
    value, revision = values.get(key, ("", 0))
    if posted is not None and key in posted and (errors or {}).get(key):
        value = posted[key]  # what was typed comes back with its error
    label = _("Further information") if is_note else f.text(lang)
    view = FieldView(
        field=f, key=key, slug=slug(key), label=label, help="" if is_note else f.help(lang), value=value,
        revision=revision, shown=engine.display(spec, key, value, lang),
        choices=[] if is_note else [(c.value, c.label(lang)) for c in f.choices()],
        editable=not signed and f.role == "actor" and (is_note or f.editable),
        error=(errors or {}).get(key, ""), conflict=(conflicts or {}).get(key, ""),
    )
    if not is_note and f.note:
        view.note = field_view(spec, f.note_key, values, lang, signed=signed, posted=posted, errors=errors,
                               conflicts=conflicts)
    return view


def sections(spec: engine.DocumentSpec, values: dict[str, tuple[str, int]], lang: str, *, signed: bool,
             posted: dict[str, str] | None = None, errors: dict[str, str] | None = None,
             conflicts: dict[str, str] | None = None) -> list[SectionView]:
    out = []
    for section in spec.sections:
        view = SectionView(section=section, title=section.title(lang), intro=section.intro(lang),
                           why=section.why(lang))
        for f in section.fields:
            view.fields.append(field_view(spec, f.id, values, lang, signed=signed, posted=posted, errors=errors,
                                          conflicts=conflicts))
        out.append(view)
    return out


def error_items(spec: engine.DocumentSpec, errors: dict[str, str], lang: str) -> list[dict]:
    """The error summary's items, in the document's order, each linking to its input."""
    items = []
    for key in spec.keys() + [f.id for f in spec.fields if f.id not in spec.keys()]:
        if key in errors:
            f = spec.field(key)
            label = f.text(lang) + (" – " + _("Further information") if key.endswith(engine.NOTE_SUFFIX) else "")
            target = slug(key) + ("-0" if f.is_choice and not key.endswith(engine.NOTE_SUFFIX) else "")
            items.append({"text": f"{label}: {errors[key]}", "href": f"#i-{target}"})
    return items
