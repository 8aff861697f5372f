from django.shortcuts import render

from intake import selectors
from portal.access import allow
from portal.roles import Role

ACTOR_MEMBERS = (Role.ACTOR_ADMIN, Role.ACTOR_STAFF)


@allow(*ACTOR_MEMBERS)
def case_list(request):
    return render(request, "intake/case_list.html", {"cases": selectors.case_list()})


@allow(*ACTOR_MEMBERS)
def case_detail(request, code: str):
    case = selectors.case_get_audited(code=code, user=request.user)
    return render(request, "intake/case_detail.html", {"case": case})
