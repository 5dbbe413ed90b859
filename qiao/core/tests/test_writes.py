"""The one write path: named fields only, changed fields saved, audited, versions checked."""

import threading

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.utils import translation

from qiao.core import audit, effects, policy, writes
from qiao.core.api_errors import expected_version
from qiao.core.errors import Conflict
from qiao.directory.models import Organisation
from qiao.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_update_refuses_a_field_the_caller_did_not_name(operator):
    organisation = OrganisationFactory()

    with pytest.raises(TypeError, match="visibility"):
        writes.update(
            organisation, actor=operator, data={"visibility": "members"}, allowed={"name_zh"}
        )

    organisation.refresh_from_db()
    assert organisation.visibility == Organisation.Visibility.PUBLIC


def test_update_saves_only_the_changed_fields_and_audits_them(operator):
    organisation = OrganisationFactory(name_zh="旧名医疗")
    Organisation.objects.filter(pk=organisation.pk).update(website="https://kept.example")

    changed = writes.update(
        organisation,
        actor=operator,
        data={"name_zh": "新名医疗", "province": organisation.province},
        allowed={"name_zh", "province"},
    )

    organisation.refresh_from_db()
    # The stale in-memory website was not written back over the stored one.
    assert organisation.website == "https://kept.example"
    assert organisation.name_zh == "新名医疗"
    assert set(changed) == {"name_zh"}
    assert organisation.version == 2
    entry = audit.list_audit_entries(organisation).last()
    assert entry.changes == {"name_zh": ["旧名医疗", "新名医疗"]}
    assert entry.actor == operator and entry.version == 2


def test_an_update_that_changes_nothing_saves_and_audits_nothing(operator):
    organisation = OrganisationFactory()

    assert (
        writes.update(
            organisation,
            actor=operator,
            data={"name_zh": organisation.name_zh},
            allowed={"name_zh"},
        )
        == {}
    )

    organisation.refresh_from_db()
    assert organisation.version == 1
    # The factory's create is audited by the directory's service; the update adds nothing.
    assert not audit.list_audit_entries(organisation).exclude(action="created").exists()


def test_a_stale_version_is_a_conflict_naming_the_other_change(operator, org_admin):
    organisation = OrganisationFactory(name_zh="甲医疗")
    mine = Organisation.objects.get(pk=organisation.pk)
    writes.update(organisation, actor=operator, data={"name_zh": "乙医疗"}, allowed={"name_zh"})

    with pytest.raises(Conflict) as caught, translation.override("zh-hans"):
        writes.update(
            mine, actor=org_admin, data={"name_zh": "丙医疗"}, allowed={"name_zh"}, version=1
        )

    with translation.override("zh-hans"):
        sentences = caught.value.changes_in_words()
    assert caught.value.current_version == 2
    assert any("“甲医疗”" in s and "“乙医疗”" in s for s in sentences)
    organisation.refresh_from_db()
    assert organisation.name_zh == "乙医疗"


def test_an_instance_loaded_before_another_save_conflicts_without_a_version(operator):
    organisation = OrganisationFactory()
    stale = Organisation.objects.get(pk=organisation.pk)
    writes.update(
        organisation, actor=operator, data={"website": "https://a.example"}, allowed={"website"}
    )

    with pytest.raises(Conflict):
        writes.update(
            stale, actor=operator, data={"website": "https://b.example"}, allowed={"website"}
        )


def test_audit_sentences_use_labels_not_codes_in_both_languages(operator):
    organisation = OrganisationFactory()
    writes.update(
        organisation, actor=operator, data={"visibility": "members"}, allowed={"visibility"}
    )
    entry = audit.list_audit_entries(organisation).last()

    with translation.override("zh-hans"):
        chinese = audit.describe_entry(entry)
    with translation.override("en"):
        english = audit.describe_entry(entry)

    assert "members" not in chinese[0] and "visibility" not in chinese[0]
    assert "“公开”" in chinese[0] and "“仅成员可见”" in chinese[0]
    assert "“Members only”" in english[0] and "“Public”" in english[0]


def test_an_import_is_one_entry_with_its_counts(operator):
    entry = audit.record_import(
        model=Organisation, actor=operator, counts={"created": 12, "updated": 3}
    )

    with translation.override("en"):
        (sentence,) = audit.describe_entry(entry)
    assert "12 created" in sentence and "3 updated" in sentence


def test_delete_records_what_was_deleted(operator):
    organisation = OrganisationFactory(name_zh="将删除医疗")
    pk = organisation.pk

    writes.delete(organisation, actor=operator)

    entry = audit.AuditEntry.objects.get(object_id=pk, action="deleted")
    with translation.override("zh-hans"):
        assert "将删除医疗" in audit.describe_entry(entry)[0]


def test_policy_refuses_what_its_rule_refuses(operator, member):
    policy.rule("tests.do_thing")(lambda user, obj: user.is_operator)

    policy.authorize(operator, "tests.do_thing")
    with pytest.raises(Exception, match="tests.do_thing"):
        policy.authorize(member, "tests.do_thing")
    with pytest.raises(LookupError):
        policy.allows(member, "tests.no_such_rule")


def test_effects_run_after_commit_and_not_after_a_rollback(django_capture_on_commit_callbacks):
    seen = []
    handler = effects.subscribe("article_changed", lambda **p: seen.append(p))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            effects.emit("article_changed", article_id=7)
        assert seen == [{"article_id": 7}]
        seen.clear()
        with pytest.raises(RuntimeError), transaction.atomic():
            effects.emit("article_changed", article_id=8)
            raise RuntimeError
        assert seen == []
        with pytest.raises(ValueError):
            effects.emit("no_such_topic")
    finally:
        effects._handlers["article_changed"].remove(handler)


@pytest.mark.parametrize(("header", "version"), [("", None), ('"3"', 3), ('W/"4"', 4), ("*", None)])
def test_if_match_names_the_version(header, version):
    request = RequestFactory().patch("/", headers={"If-Match": header} if header else {})
    assert expected_version(request) == version


def test_a_malformed_if_match_is_refused():
    from django.core.exceptions import ValidationError

    request = RequestFactory().patch("/", headers={"If-Match": '"three"'})
    with pytest.raises(ValidationError):
        expected_version(request)


@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_saves_exactly_one_wins(operator):
    """Two users who loaded the same version both save: one succeeds, one gets a conflict."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("in-memory SQLite is one connection; PostgreSQL runs this")
    organisation = OrganisationFactory()
    results = []
    barrier = threading.Barrier(2)

    def save(name):
        from django.db import connections

        try:
            mine = Organisation.objects.get(pk=organisation.pk)
            barrier.wait()
            writes.update(mine, actor=operator, data={"name_zh": name}, allowed={"name_zh"})
            results.append("saved")
        except Conflict:
            results.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in ("并发甲", "并发乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["conflict", "saved"]
    organisation.refresh_from_db()
    assert organisation.version == 2


def test_null_clears_an_optional_text_and_is_refused_in_words_elsewhere(operator):
    from django.core.exceptions import ValidationError

    organisation = OrganisationFactory()
    Organisation.objects.filter(pk=organisation.pk).update(website="https://x.example")
    organisation.refresh_from_db()

    writes.update(organisation, actor=operator, data={"website": None}, allowed={"website"})
    organisation.refresh_from_db()
    assert organisation.website == ""

    with pytest.raises(ValidationError) as caught:
        writes.update(
            organisation, actor=operator, data={"visibility": None}, allowed={"visibility"}
        )
    assert "visibility" in caught.value.message_dict
