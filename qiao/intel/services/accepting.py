"""What accepting each kind of proposal writes, through the owning app's services.

Each ``accept_<kind>(proposal, reviewer, data, …)`` receives the payload as
``review.clean_payload`` checked it, writes, links the article to the organisations the
fact names, and returns the record written (or found). Callers hold the transaction and
have asked ``intel.accept_proposal`` of the policy.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from qiao.core import writes
from qiao.directory.models import KeyFigure, Organisation, OrganisationRelation, Person
from qiao.directory.services import (
    add_part,
    create_organisation,
    create_person,
    update_organisation,
    update_person,
)
from qiao.inbox import notices
from qiao.intel import notices as intel_notices
from qiao.intel import resolve
from qiao.intel.gazetteer import KIND_OF_TYPE
from qiao.intel.models import Article, KeyFigureSource, NewsEvent, Proposal
from qiao.pipeline.models import Agreement
from qiao.pipeline.services.agreements import create_agreement
from qiao.taxonomy.models import Term, Vocabulary

# An agreement with the same parties and kind signed this many days before or after is
# taken for the same one: reports date a signing by the ceremony, the press day or the
# publication.
DUPLICATE_WINDOW_DAYS = 7


class DuplicateAgreement(ValidationError):
    """The agreement is already in the directory; the reviewer merges or keeps both."""

    def __init__(self, agreement: Agreement):
        self.agreement = agreement
        super().__init__(
            {
                "duplicate": _(
                    "This agreement is already in the directory (%(title)s, %(date)s, "
                    "no. %(id)s): merge or keep both?"
                )
                % {"title": agreement.title_zh, "date": agreement.signed_on, "id": agreement.pk}
            }
        )


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {names.get(field, field): messages for field, messages in error.message_dict.items()}
    )


def _link(article: Article, organisations) -> None:
    article.organisations.add(*organisations)


def _date_or_published(data: dict, article: Article, message: str) -> datetime.date:
    when = data.get("date")
    if when:
        return datetime.date.fromisoformat(when)
    if article.published_on is None:
        raise ValidationError({"date": message})
    return article.published_on


def _organisation_kind(type_code: str) -> Term:
    code = KIND_OF_TYPE.get(type_code, type_code)
    kind = Term.objects.filter(vocabulary=Vocabulary.ORGANISATION_KIND, code=code).first()
    return kind or Term.objects.get(vocabulary=Vocabulary.ORGANISATION_KIND, code="company")


def accept_organisation(proposal: Proposal, reviewer, data: dict) -> Organisation:
    """Link the organisation the name means, adding new short forms as aliases, or create it."""
    name, aliases = data["name"], [a for a in data["aliases"] if a != data["name"]]
    organisation = proposal.organisation or resolve.organisation_named(proposal.article, name)
    if organisation is None:
        short = min(aliases, key=len) if aliases else ""
        short = short if len(short) <= 60 else ""
        try:
            organisation = create_organisation(
                by=reviewer,
                data={
                    "kind": _organisation_kind(data["type"]),
                    "name_zh": name,
                    "short_name_zh": short,
                    "aliases": "\n".join(a for a in aliases if a != short),
                },
            )
        except ValidationError as exc:
            raise _renamed(exc, {"name_zh": "name", "short_name_zh": "aliases"}) from exc
    else:
        known = {organisation.name_zh, organisation.short_name_zh, *organisation.alias_list}
        new = [a for a in aliases if a not in known]
        if new:
            update_organisation(
                organisation=organisation,
                by=reviewer,
                data={"aliases": "\n".join([*organisation.alias_list, *new])},
            )
    proposal.organisation = organisation
    _link(proposal.article, [organisation])
    return organisation


def find_duplicate_agreement(
    parties: list[Organisation], kind: str, signed_on: datetime.date
) -> Agreement | None:
    """Return an agreement of this kind between exactly these parties, signed within
    ``DUPLICATE_WINDOW_DAYS`` of ``signed_on``; the nearest in time if there are several."""
    window = datetime.timedelta(days=DUPLICATE_WINDOW_DAYS)
    wanted = {o.pk for o in parties}
    candidates = (
        Agreement.objects.filter(
            kind=kind,
            signed_on__range=(signed_on - window, signed_on + window),
            parties__organisation_id__in=wanted,
        )
        .distinct()
        .prefetch_related("parties")
    )
    same = [a for a in candidates if {p.organisation_id for p in a.parties.all()} == wanted]
    same.sort(key=lambda a: (abs((a.signed_on - signed_on).days), a.pk))
    return same[0] if same else None


def _tell_parties(agreement: Agreement, parties, reviewer) -> None:
    url = reverse("pipeline:agreement_detail", args=[agreement.pk])
    for organisation in parties:
        notices.send(
            intel_notices.AGREEMENT_FROM_NEWS,
            recipients=notices.admins_of(organisation.pk),
            params={
                "organisation": notices.name_of(organisation),
                "title": notices.name_of(agreement),
            },
            url=url,
            about=organisation,
            exclude=[reviewer],
        )


def accept_agreement(
    proposal: Proposal, reviewer, data: dict, *, on_duplicate: str = "ask"
) -> Agreement:
    """Record the agreement between the organisations it names, or, when the same one is
    already recorded, merge (the article becomes one of its sources) or keep both as the
    reviewer says; ``on_duplicate="ask"`` raises ``DuplicateAgreement``."""
    article = proposal.article
    parties = resolve.require_organisations(article, data["parties"], field="parties")
    if len(parties) < 2:
        raise ValidationError({"parties": _("Name at least two different organisations.")})
    signed_on = _date_or_published(
        data, article, _("The agreement needs a date: the article has none.")
    )
    kind = data["kind"]
    existing = find_duplicate_agreement(parties, kind, signed_on)
    if existing is not None and on_duplicate != "keep":
        if on_duplicate != "merge":
            raise DuplicateAgreement(existing)
        agreement = existing
    else:
        names = "、".join(o.short_name_zh or o.name_zh for o in parties)
        amount = data.get("amount_cny")
        agreement = create_agreement(
            created_by=reviewer,
            announce=False,  # the parties' admins hear of it below, folded per organisation
            parties=[(o, "party") for o in parties],
            kind=kind,
            title_zh=f"{names} {Agreement.Kind(kind).label}"[:200],
            signed_on=signed_on,
            amount=None if amount is None else Decimal(str(amount)),
            project_count=data.get("count"),
            description=_("From the news: %(title)s") % {"title": article.title},
        )
    article.agreements.add(agreement)
    _link(article, parties)
    _tell_parties(agreement, parties, reviewer)
    return agreement


def accept_relation(proposal: Proposal, reviewer, data: dict) -> OrganisationRelation:
    article = proposal.article
    source = resolve.require_organisation(article, data["source"], field="source")
    target = resolve.require_organisation(article, data["target"], field="target")
    if source == target:
        raise ValidationError({"target": _("A relation joins two different organisations.")})
    _link(article, [source, target])
    kind = data["kind"]
    existing = OrganisationRelation.objects.filter(source=source, target=target, kind=kind).first()
    if existing is not None:
        return existing
    note = (_("From the news: %(title)s") % {"title": article.title})[:200]
    return add_part(
        organisation=source,
        by=reviewer,
        model=OrganisationRelation,
        data={"target": target, "kind": kind, "note": note},
    )


def accept_person(proposal: Proposal, reviewer, data: dict) -> Person:
    """Record the person with their title at their organisation; the same name already at
    that organisation is updated. Without an organisation (the reviewer said so) the person
    is recorded alone."""
    organisation = None
    if data["organisation"]:
        organisation = resolve.require_organisation(
            proposal.article, data["organisation"], field="organisation"
        )
        _link(proposal.article, [organisation])
    if organisation is None:
        return create_person(by=reviewer, data={"name_zh": data["name"]})
    person = Person.objects.filter(
        name_zh=data["name"], affiliations__organisation=organisation
    ).first()
    wanted = {"organisation": organisation, "title_zh": data["title"]}
    if person is None:
        return create_person(by=reviewer, data={"name_zh": data["name"]}, affiliations=[wanted])
    others = [
        {"organisation": a.organisation, "title_zh": a.title_zh, "title_en": a.title_en}
        for a in person.affiliations.select_related("organisation")
        if a.organisation != organisation
    ]
    return update_person(person=person, by=reviewer, data={}, affiliations=[wanted, *others])


def accept_event(proposal: Proposal, reviewer, data: dict) -> NewsEvent:
    """Record the event as the article reports it, with the organisations that took part."""
    article = proposal.article
    participants = resolve.require_organisations(
        article, data["participants"], field="participants"
    )
    held_on = _date_or_published(data, article, _("The event needs a date: the article has none."))
    event = writes.create(
        NewsEvent,
        actor=reviewer,
        data={"kind": data["kind"], "held_on": held_on, "place": data["place"]},
        allowed={"kind", "held_on", "place"},
        fixed={"article": article},
    )
    event.organisations.set(participants)
    for organisation in participants:
        writes.record_added(event, actor=reviewer, part=organisation, field="organisations")
    _link(article, participants)
    return event


def accept_figure(proposal: Proposal, reviewer, data: dict) -> KeyFigure:
    """Add the figure to its organisation's key figures, dated and sourced to the article;
    the same label, value and date already there is kept, not repeated."""
    article = proposal.article
    organisation = resolve.require_organisation(article, data["organisation"], field="organisation")
    as_of = _date_or_published(data, article, _("The figure needs a date: the article has none."))
    value = Decimal(str(data["value"]))
    existing = organisation.key_figures.filter(
        label_zh=data["about"], value=value, as_of=as_of
    ).first()
    _link(article, [organisation])
    if existing is not None:
        return existing
    figure = add_part(
        organisation=organisation,
        by=reviewer,
        model=KeyFigure,
        data={
            "label_zh": data["about"],
            "value": value,
            "unit_zh": data["unit"],
            "as_of": as_of,
            "position": organisation.key_figures.count(),
        },
    )
    writes.create(
        KeyFigureSource,
        actor=reviewer,
        data={},
        allowed=set(),
        fixed={"key_figure": figure, "article": article},
    )
    notices.send(
        intel_notices.FIGURE_FROM_NEWS,
        recipients=notices.admins_of(organisation.pk),
        params={
            "organisation": notices.name_of(organisation),
            "figure": f"{data['about']} {figure.display_value}{data['unit']}",
        },
        url=reverse("directory:organisation_detail", args=[organisation.pk]),
        about=organisation,
        exclude=[reviewer],
    )
    return figure
