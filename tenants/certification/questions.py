"""The certification's questions as data: the actor profile's rows (NSP/VP/Dok.09) and the
25 minimum requirements (NSP/MC/Dok.10), in seed 001's order, Swedish and English.

Ids are stable: answers are stored by id, so rewording a row never loses an answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _pick(texts: dict, lang: str) -> str:
    return texts.get(lang) or texts.get("en") or texts.get("sv") or ""


@dataclass(frozen=True)
class Option:
    value: str
    sv: str
    en: str

    def text(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.en


@dataclass(frozen=True)
class ProfileRow:
    """One row of the profile: a service the actor offers or not (kind "service"), or a
    fact about its accommodation (kind "housing", answered with `value`)."""

    id: str
    area: str
    group: str
    kind: str
    sv: str
    en: str
    seed: str
    value: str = ""  # housing rows: number, yes_no or an option list's name
    no_target: bool = False

    def text(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.en


@dataclass(frozen=True)
class ProfileGroup:
    id: str
    kind: str
    sv: str
    en: str
    rows: tuple[ProfileRow, ...]

    def text(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.en


@dataclass(frozen=True)
class ProfileArea:
    id: str
    sv: str
    en: str
    groups: tuple[ProfileGroup, ...]

    def text(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.en


@dataclass(frozen=True)
class Requirement:
    id: str
    number: int
    section: str
    requirement: dict = field(hash=False)
    question: dict = field(hash=False)

    def requirement_text(self, lang: str) -> str:
        return _pick(self.requirement, lang if lang == "sv" else "en")

    def question_text(self, lang: str) -> str:
        return _pick(self.question, lang if lang == "sv" else "en")


@lru_cache(maxsize=1)
def _profile_data() -> dict:
    return json.loads((HERE / "profile.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _requirements_data() -> dict:
    return json.loads((HERE / "requirements.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def profile_areas() -> tuple[ProfileArea, ...]:
    areas = []
    for area in _profile_data()["areas"]:
        groups = []
        for group in area["groups"]:
            rows = tuple(
                ProfileRow(id=row["id"], area=area["id"], group=group["id"], kind=group["kind"], sv=row["sv"],
                           en=row["en"], seed=row.get("seed", row["sv"]), value=row.get("value", ""),
                           no_target=row.get("no_target", False))
                for row in group["rows"])
            groups.append(ProfileGroup(id=group["id"], kind=group["kind"], sv=group["sv"], en=group["en"], rows=rows))
        areas.append(ProfileArea(id=area["id"], sv=area["sv"], en=area["en"], groups=tuple(groups)))
    return tuple(areas)


@lru_cache(maxsize=1)
def profile_rows() -> tuple[ProfileRow, ...]:
    """Every row of the profile's five areas, in the seed's order."""
    return tuple(row for area in profile_areas() for group in area.groups for row in group.rows)


@lru_cache(maxsize=1)
def supplement_rows() -> tuple[ProfileRow, ...]:
    """Referral facts the seed's form has no row for (pets, men's exploitation forms)."""
    data = _profile_data()["supplement"]
    return tuple(ProfileRow(id=row["id"], area="referral", group="referral", kind="housing", sv=row["sv"],
                            en=row["en"], seed="", value=row["value"], no_target=True) for row in data["rows"])


def supplement_title(lang: str) -> str:
    data = _profile_data()["supplement"]
    return data["sv"] if lang == "sv" else data["en"]


@lru_cache(maxsize=None)
def options(name: str) -> tuple[Option, ...]:
    data = _profile_data()
    found = data["options"].get(name) or data["supplement"]["options"].get(name)
    if found is None:
        raise KeyError(name)
    return tuple(Option(*item) for item in found)


def column_titles(kind: str, lang: str) -> list[tuple[str, str]]:
    return [(key, sv if lang == "sv" else en) for key, sv, en in _profile_data()["columns"][kind]]


@lru_cache(maxsize=1)
def requirements() -> tuple[Requirement, ...]:
    """The 25 minimum requirements, numbered as in the seed."""
    return tuple(Requirement(id=item["id"], number=item["number"], section=item["section"],
                             requirement=item["requirement"], question=item["question"])
                 for item in _requirements_data()["requirements"])


def requirement(requirement_id: str) -> Requirement | None:
    return next((item for item in requirements() if item.id == requirement_id), None)


@lru_cache(maxsize=1)
def requirement_sections() -> dict[str, dict]:
    return {item["id"]: item for item in _requirements_data()["sections"]}


def section_text(section_id: str, lang: str) -> str:
    return _pick(requirement_sections()[section_id], lang if lang == "sv" else "en")
