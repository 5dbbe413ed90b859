"""Review: propose reviewers (fit, load, conflicts excluded), declarations, scores."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.calls import notices as call_notices
from qiao.calls.models import Application, Assignment, Call, Criterion, Exclusion, Score
from qiao.core import effects, policy, writes
from qiao.experts import assignment as engine
from qiao.experts import conflicts as rules
from qiao.experts.graph import conflict_years, expert_facts, graph_for, org_names
from qiao.experts.models import Expert
from qiao.inbox import notices


def _pool(today) -> list[Expert]:
    return list(
        Expert.objects.filter(
            status=Expert.Status.ACTIVE, term_start__lte=today, term_end__gte=today
        )
        .select_related("person")
        .prefetch_related("person__affiliations", "declarations")
    )


def _application_facts(application: Application) -> rules.Applicant:
    orgs = {str(application.organisation_id)} | {str(p.pk) for p in application.partners.all()}
    people = set()
    creator = application.created_by
    person = getattr(creator, "person", None) if creator else None
    if person is not None:
        people.add(str(person.pk))
    return rules.Applicant(str(application.pk), frozenset(orgs), frozenset(people))


def explain(conflicts: list[rules.Conflict]) -> list[dict[str, str]]:
    """Return the reasons in both languages, for storage and display."""
    names = org_names({c.expert_org for c in conflicts} | {c.other_org for c in conflicts})
    return [
        {"code": c.code, "zh": c.text("zh", names), "en": c.text("en", names)} for c in conflicts
    ]


@transaction.atomic
def propose_reviewers(*, call: Call, by) -> int:
    """Assign reviewers to every submitted application still short of them; return how many.

    Conflicted experts are recorded as exclusions with their reasons; nobody sees an
    application's non-public content before declaring no conflict.
    """
    policy.authorize(by, "calls.manage_call", call)
    if call.phase != Call.Phase.REVIEW:
        raise ValidationError(_("Reviewers are assigned while the call is in review."))
    today = timezone.localdate()
    experts = _pool(today)
    applications = list(
        call.applications.filter(status=Application.Status.SUBMITTED)
        .annotate(n=Count("assignments"))
        .prefetch_related("partners")
        .select_related("created_by__person")
    )
    wanted = [a for a in applications if a.n < call.reviewers_per_application]
    if not wanted or not experts:
        return 0
    load = dict(
        Assignment.objects.filter(application__call=call)
        .values_list("expert_id")
        .annotate(n=Count("id"))
    )
    taken = set(
        Assignment.objects.filter(application__in=wanted).values_list("application_id", "expert_id")
    )
    excluded_before = set(
        Exclusion.objects.filter(application__in=wanted).values_list("application_id", "expert_id")
    )
    facts = {a.pk: _application_facts(a) for a in wanted}
    org_ids = {int(o) for f in facts.values() for o in f.org_ids}
    for expert in experts:
        org_ids |= {a.organisation_id for a in expert.person.affiliations.all()}
    reviewers = []
    for expert in experts:
        capacity = expert.capacity
        reviewers.append(
            engine.Reviewer(
                expert_facts(expert),
                f"{expert.fields_zh} {expert.fields_en}",
                capacity=capacity,
                load=load.get(expert.pk, 0),
            )  # fmt: skip
        )
    inputs = []
    for a in wanted:
        f = facts[a.pk]
        # experts already on it (or excluded before) count as chosen: declared conflicts stay out
        inputs.append(engine.Application(f, a.title, a.summary))
    proposal = engine.propose(
        inputs,
        reviewers,
        graph_for(org_ids, today=today),
        today=today,
        per_application=call.reviewers_per_application,
        years=conflict_years(),
    )
    by_id = {str(e.pk): e for e in experts}
    made = 0
    asked: dict[int, int] = {}
    for a in wanted:
        for expert_id, found in proposal.excluded.get(str(a.pk), {}).items():
            if (a.pk, int(expert_id)) not in excluded_before:
                Exclusion.objects.create(
                    application=a, expert_id=int(expert_id), reasons=explain(found)
                )
                excluded_before.add((a.pk, int(expert_id)))
        need = call.reviewers_per_application - a.n
        for pick in proposal.picks[str(a.pk)]:
            key = (a.pk, int(pick.expert_id))
            if need <= 0 or key in taken or key in excluded_before:
                continue
            writes.create(
                Assignment,
                actor=by,
                data={"fit": pick.fit},
                allowed={"fit"},
                fixed={"application": a, "expert": by_id[pick.expert_id]},
            )
            need -= 1
            made += 1
            asked[int(pick.expert_id)] = asked.get(int(pick.expert_id), 0) + 1
    for expert_id, count in asked.items():
        user = by_id[str(expert_id)].person.user
        if user is not None:
            notices.send(
                call_notices.REVIEW_ASKED,
                recipients=[user],
                params={"call": notices.name_of(call)},
                url=reverse("calls:my_reviews"),
                about=call,
                count=count,
                exclude=[by],
            )
    effects.emit("call_changed", call_id=call.pk)
    return made


@transaction.atomic
def declare_no_conflict(*, assignment: Assignment, by) -> Assignment:
    """The reviewer declares no conflict; only then do they see the application."""
    policy.authorize(by, "calls.review", assignment)
    if assignment.no_conflict_at is None:
        writes.update(assignment, actor=by, data={"no_conflict_at": timezone.now()},
                      allowed={"no_conflict_at"})  # fmt: skip
    return assignment


@transaction.atomic
def declare_conflict(*, assignment: Assignment, by, note: str) -> Exclusion:
    """The reviewer declares a conflict: they leave the application, which the operator
    fills again by proposing reviewers; the reason is kept with the other exclusions."""
    policy.authorize(by, "calls.review", assignment)
    note = (note or "").strip()[:300]
    if not note:
        raise ValidationError({"note": _("Say what the conflict is.")})
    reasons = [
        {"code": "declared", "zh": f"专家在评审前申报利益冲突：{note}",
         "en": f"The expert declared a conflict before reviewing: {note}"}
    ]  # fmt: skip
    application, expert = assignment.application, assignment.expert
    writes.delete(assignment, actor=by, note=note)
    exclusion, _created = Exclusion.objects.update_or_create(
        application=application, expert=expert, defaults={"reasons": reasons}
    )
    return exclusion


@transaction.atomic
def submit_scores(
    *, assignment: Assignment, by, scores: Mapping[int, tuple[int, str]]
) -> Assignment:
    """Score every criterion (0 … its highest score) with a comment; submitted once."""
    policy.authorize(by, "calls.review", assignment)
    if assignment.no_conflict_at is None:
        raise ValidationError(_("Declare that you have no conflict of interest first."))
    criteria = list(Criterion.objects.filter(call_id=assignment.application.call_id))
    errors = {}
    for criterion in criteria:
        given = scores.get(criterion.pk)
        if given is None or not 0 <= int(given[0]) <= criterion.max_score:
            errors[f"score_{criterion.pk}"] = _("Give a score from 0 to %(max)d.") % {
                "max": criterion.max_score
            }
    if errors:
        raise ValidationError(errors)
    for criterion in criteria:
        value, comment = scores[criterion.pk]
        writes.create(
            Score,
            actor=by,
            data={"score": int(value), "comment": (comment or "")[:5000]},
            allowed={"score", "comment"},
            fixed={"assignment": assignment, "criterion": criterion},
        )
    writes.update(assignment, actor=by, data={"submitted_at": timezone.now()},
                  allowed={"submitted_at"})  # fmt: skip
    return assignment
