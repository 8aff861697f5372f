"""The referral facts on the actor's row, derived from its profile (never typed twice).

Pure: a profile's answers in, the Actor fields out. What the seed's form does not say
directly is read as follows (and shown to the actor's admin under the profile):
- whom it accepts: the target groups of the accommodation's places (a shelter) or of
  every service it offers (a low-threshold service);
- young women 18–29 only: young women is the only group of women named;
- accompanying children: the row "Barn tillåts i verksamheten" is answered yes;
- active substance use: neither "Nolltolerans" nor "Förbud av bruk" is answered yes;
- places: "Antal platser" (none without housing);
- pets and the exploitation forms for which men are accepted: the supplement's rows.
"""

from __future__ import annotations


def _yes(profile: dict, row_id: str, key: str = "offers") -> bool:
    return (profile.get(row_id) or {}).get(key) == "yes"


def referral_facts(profile: dict, *, kind: str) -> dict:
    housing = kind == "shelter"
    if housing:
        targets = set((profile.get("housing.places") or {}).get("target") or [])
    else:
        targets = set()
        for row_id, answer in profile.items():
            if answer.get("offers") == "yes":
                targets.update(answer.get("target") or [])
    women = bool(targets & {"women", "young_women"})
    men = "men" in targets
    places = (profile.get("housing.places") or {}).get("value") if housing else 0
    return {
        "places": places if isinstance(places, int) and places >= 0 else 0,
        "accepts_women": women,
        "accepts_men": men,
        "young_women_only": "young_women" in targets and "women" not in targets,
        "accepts_children": _yes(profile, "children.allowed"),
        "accepts_pets": _yes(profile, "referral.pets", "value"),
        "accepts_active_substance_use": not (_yes(profile, "substance.zero_tolerance")
                                             or _yes(profile, "substance.use_banned")),
        "men_exploitation_forms": sorted((profile.get("referral.men_forms") or {}).get("value") or []) if men else [],
    }
