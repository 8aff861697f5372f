"""Demo cases for one actor: initials and birth years only, all invented."""

from django_tenants.utils import tenant_context

from intake.models import Case
from intake.services import case_open
from portal.models import User

DEMO_CASES = {
    "lindskyddet": [
        dict(initials="A.M.", birth_year=1994, nationality="NG", gender="woman",
             children=[dict(where="accompanying", birth_year=2023, gender="girl")]),
        dict(initials="L.R.", birth_year=2001, nationality="RO", gender="woman", children=[]),
    ],
    "norrbro": [
        dict(initials="D.P.", birth_year=1988, nationality="UA", gender="man", children=[]),
        dict(initials="T.N.", birth_year=1990, nationality="VN", gender="man",
             children=[dict(where="elsewhere", birth_year=2015, gender="boy")]),
    ],
    "ankarstod": [
        dict(initials="S.K.", birth_year=1997, nationality="TH", gender="trans_woman", children=[]),
    ],
}


def load(actor) -> None:
    staff = User.objects.get(username=f"{actor.slug}.staff")
    with tenant_context(actor):
        if Case.objects.exists():
            return  # idempotent: this actor already has its demo cases
        for spec in DEMO_CASES.get(actor.slug, []):
            case_open(user=staff, **spec)
