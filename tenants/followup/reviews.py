"""Review requests (omprövning): received from the actor, decided once by the coordinator."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from portal.audit import audit_event
from portal.broadcast import send_on_commit
from tenants import services as programme
from tenants.followup.models import Review, ReviewStatus
from tenants.models import Actor, Application, ApplicationStatus, Decision

REVIEWABLE = (ApplicationStatus.REFUSED, ApplicationStatus.PARTLY_GRANTED)


class ReviewNotAllowed(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def decision_in_force(application: Application) -> Decision | None:
    return application.decisions.filter(superseded_by__isnull=True).order_by("-decided_at", "-pk").first()


def review_allowed(application: Application) -> str | None:
    """None when the actor may ask for review now, else why not."""
    if application.status not in REVIEWABLE:
        return "not_reviewable"
    in_force = decision_in_force(application)
    if in_force is None:
        return "not_reviewable"
    if Review.objects.filter(decision=in_force).exists() or Review.objects.filter(result=in_force).exists():
        return "already_reviewed"  # once per decision, and a review's decision is final
    return None


@transaction.atomic
def review_receive(*, actor: Actor, local_id: int, motivation: str, new_facts: str = "") -> Review:
    application = Application.objects.select_for_update().get(actor=actor, local_id=local_id)
    motivation = (motivation or "").strip()
    if not motivation:
        raise ReviewNotAllowed("motivation_required")
    why_not = review_allowed(application)
    if why_not:
        raise ReviewNotAllowed(why_not)
    review = Review.objects.create(application=application, decision=decision_in_force(application),
                                   motivation=motivation, new_facts=(new_facts or "").strip())
    send_on_commit("programme.applications", "application.event", {"kind": "review", "id": application.pk})
    return review


def review_pending(application: Application) -> Review | None:
    return Review.objects.filter(application=application, status=ReviewStatus.PENDING).first()


@transaction.atomic
def review_decide(*, review: Review, coordinator, kind: str, motivation: str,
                  days: dict[int, int] | None = None, amounts: dict[int, int] | None = None) -> Decision:
    """The review decision: a new decision superseding the one reviewed; final and audited."""
    review = Review.objects.select_for_update().select_related("application", "decision").get(pk=review.pk)
    if review.status != ReviewStatus.PENDING:
        raise programme.DecisionInvalid("kind", "review_decided")
    if kind == ApplicationStatus.MORE_INFO:
        raise programme.DecisionInvalid("kind", "correction_cannot_ask")
    decision = programme.application_decide(
        application=review.application, coordinator=coordinator, kind=kind, motivation=motivation,
        days=days, amounts=amounts, supersedes=review.decision)
    review.status = ReviewStatus.DECIDED
    review.result = decision
    review.decided_at = timezone.now()
    review.save(update_fields=["status", "result", "decided_at"])
    audit_event(user=coordinator, action="review_decision", application=review.application_id, review=review.pk,
                decision=kind, actor=review.application.actor.slug)
    return decision


def reviews_pending() -> list[Review]:
    """The coordinator's inbox of reviews: one query over public rows."""
    return list(Review.objects.filter(status=ReviewStatus.PENDING).select_related("application__actor")
                .order_by("requested_at"))
