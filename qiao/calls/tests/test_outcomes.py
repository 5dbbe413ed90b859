"""What a funded application becomes besides a project: an introduction to the call's
partner (through pipeline's service) or a lab voucher (through lab's service), each audited
and told to the applicant after commit; a refused outcome leaves the decision unsaved."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qiao.calls import services
from qiao.calls.models import Application, Call
from qiao.core.audit import AuditEntry
from qiao.directory.tests.factories import OrganisationFactory
from qiao.pipeline.models import Introduction

pytestmark = pytest.mark.django_db


def _deciding(operator, organisation, member, **call_fields):
    today = timezone.localdate()
    call = services.create_call(by=operator, title_zh="揭榜挂帅 2026", opens_on=today,
                                closes_on=today.replace(year=today.year + 1), **call_fields)  # fmt: skip
    services.add_criterion(call=call, by=operator, name_zh="创新性", weight=1)
    services.move_phase(call=call, phase=Call.Phase.OPEN, by=operator)
    application = services.save_application(
        call=call, organisation=organisation, by=member, title="床旁凝血检测", summary="小型化"
    )
    services.submit_application(application=application, by=member)
    for phase in (Call.Phase.REVIEW, Call.Phase.DECISION):
        services.move_phase(call=call, phase=phase, by=operator)
    application.refresh_from_db()
    return application


def test_an_introduction_outcome_introduces_the_applicant_to_the_partner(
    operator, organisation, member, client, django_capture_on_commit_callbacks
):
    hospital = OrganisationFactory(name_zh="瑞金医院", name_en="Ruijin Hospital")
    with pytest.raises(ValidationError):  # an introduction call names its partner
        services.create_call(by=operator, kind=Call.Kind.CHALLENGE, title_zh="x",
                             opens_on=timezone.localdate(), closes_on=timezone.localdate(),
                             outcome=Call.Outcome.INTRODUCTION)  # fmt: skip
    application = _deciding(operator, organisation, member, kind=Call.Kind.CHALLENGE,
                            outcome=Call.Outcome.INTRODUCTION, partner=hospital)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(application=application, by=operator, funded=True, letter="同意揭榜。")
    application.refresh_from_db()
    introduction = application.introduction
    assert (introduction.requesting_organisation, introduction.receiving_organisation) == (
        organisation,
        hospital,
    )
    assert introduction.broker == operator and "揭榜挂帅 2026" in introduction.note
    assert AuditEntry.objects.filter(object_id=introduction.pk,
                                     action=AuditEntry.Action.CREATED).exists()  # fmt: skip
    titles = [n.title_in("zh-hans") for n in member.notifications.all()]
    assert any("瑞金医院" in t for t in titles)
    assert any("Ruijin Hospital" in n.title_in("en") for n in member.notifications.all())
    client.force_login(member)
    page = client.get(f"/calls/applications/{application.pk}/").content.decode()
    assert f"/pipeline/introductions/{introduction.pk}/" in page


def test_a_voucher_outcome_records_a_lab_voucher_for_the_applicant(
    operator, organisation, member, django_capture_on_commit_callbacks
):
    application = _deciding(operator, organisation, member, kind=Call.Kind.VOUCHER,
                            outcome=Call.Outcome.VOUCHER, voucher_issuer="嘉定区科委",
                            voucher_share_percent=40)  # fmt: skip
    with pytest.raises(ValidationError):  # a voucher needs its amount; nothing is saved
        services.decide(application=application, by=operator, funded=True, letter="同意")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(application=application, by=operator, funded=True, letter="同意",
                        amount=Decimal("80000"))  # fmt: skip
    application.refresh_from_db()
    voucher = application.voucher
    assert voucher.organisation == organisation and voucher.balance == Decimal("80000")
    assert (voucher.issuer, voucher.share_percent) == ("嘉定区科委", 40)
    assert voucher.number == f"CALL-{application.call_id}-{application.pk}"
    assert AuditEntry.objects.filter(object_id=voucher.pk).exists()
    english = [n.title_in("en") for n in member.notifications.all()]
    assert any("lab voucher of ¥80,000" in t for t in english)
    assert not Introduction.objects.exists() and application.project is None
