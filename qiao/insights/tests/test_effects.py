"""No model signals: the insights' cache and the agreement groups hear of changes through
``qiao.core.effects`` after commit, never after a rollback (issue 12, point 2)."""

import datetime
import weakref

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.models import signals

from qiao.core import effects
from qiao.directory.models import Organisation
from qiao.directory.tests.factories import OrganisationFactory
from qiao.pipeline import services as pipeline
from qiao.pipeline.models import AgreementGroup
from qiao.pipeline.services.agreements import refresh_groups_of_organisation
from qiao.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db

MODEL_SIGNALS = {
    "pre_save": signals.pre_save,
    "post_save": signals.post_save,
    "pre_delete": signals.pre_delete,
    "post_delete": signals.post_delete,
    "m2m_changed": signals.m2m_changed,
}


def _receivers(signal):
    for entry in signal.receivers:
        receiver = entry[1]
        if isinstance(receiver, weakref.ReferenceType):
            receiver = receiver()
        if receiver is not None:
            yield receiver


def test_no_qiao_module_listens_to_model_signals():
    listening = [
        f"{name}: {receiver.__module__}.{getattr(receiver, '__qualname__', receiver)}"
        for name, signal in MODEL_SIGNALS.items()
        for receiver in _receivers(signal)
        if getattr(receiver, "__module__", "").startswith("qiao.")
    ]
    assert listening == []


def _agreement(operator, title):
    return pipeline.create_agreement(
        created_by=operator,
        parties=[(OrganisationFactory(), "party"), (OrganisationFactory(), "party")],
        kind="joint_rd",
        title_zh=title,
        signed_on=datetime.date(2025, 1, 1),
    )


def test_a_change_through_a_service_bumps_the_insights_version_after_commit(
    operator, django_capture_on_commit_callbacks
):
    cache.set("insights:version", 5, timeout=None)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        _agreement(operator, "第一份")
        assert cache.get("insights:version") == 5  # not before the commit

    for callback in queued:
        callback()

    assert cache.get("insights:version") > 5


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_bumps_nothing(operator):
    cache.set("insights:version", 5, timeout=None)
    organisations = [OrganisationFactory(), OrganisationFactory()]
    cache.set("insights:version", 5, timeout=None)

    with pytest.raises(RuntimeError), transaction.atomic():
        pipeline.create_agreement(
            created_by=operator,
            parties=[(o, "party") for o in organisations],
            kind="joint_rd",
            title_zh="回滚的",
            signed_on=datetime.date(2025, 1, 1),
        )
        raise RuntimeError("the caller's transaction fails later")

    assert cache.get("insights:version") == 5


def test_every_pipeline_service_emits_its_topic(
    operator, organisation, other_organisation, django_capture_on_commit_callbacks
):
    heard = []

    def listen(topic, **payload):
        heard.append(topic)

    effects.subscribe_all(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            agreement = _agreement(operator, "协议")
            pipeline.update_agreement(agreement=agreement, updated_by=operator, title_zh="改过")
            project = pipeline.create_project(
                created_by=operator,
                organisation=organisation,
                stage=Term.objects.get(vocabulary=Vocabulary.LIFECYCLE_STAGE, code="prototype"),
                entered_on=datetime.date(2025, 1, 1),
                name_zh="项目",
            )
            pipeline.update_project(project=project, updated_by=operator, name_zh="项目二")
    finally:
        for handlers in effects._handlers.values():
            handlers[:] = [h for h in handlers if getattr(h, "args", (None,))[0] is not listen]

    assert heard.count("agreement_changed") == 2
    assert heard.count("project_changed") == 2


def test_an_organisation_change_rewrites_groups_only_when_its_region_or_kind_moved(
    operator, django_capture_on_commit_callbacks, django_assert_num_queries
):
    agreement = _agreement(operator, "协议")
    mover = agreement.parties.first().organisation
    before = sorted(AgreementGroup.objects.filter(agreement=agreement).values_list("pk", flat=True))

    assert refresh_groups_of_organisation in effects._handlers["organisation_changed"]
    with django_assert_num_queries(3):  # three reads, no write: nothing moved
        refresh_groups_of_organisation(organisation_id=mover.pk)
    assert (
        sorted(AgreementGroup.objects.filter(agreement=agreement).values_list("pk", flat=True))
        == before
    )

    Organisation.objects.filter(pk=mover.pk).update(district="奉贤区")
    with django_capture_on_commit_callbacks(execute=True):
        effects.emit("organisation_changed", organisation_id=mover.pk)

    keys = set(AgreementGroup.objects.filter(agreement=agreement).values_list("key", flat=True))
    assert "上海市 上海市 奉贤区" in keys
