"""The operator's edit page of an expert: saved unchanged in Chinese and in English it
changes nothing (no audit entry, dates kept); a change goes through the service, audited;
others get 404."""

from datetime import date

import pytest

from qiao.core.audit import AuditEntry
from qiao.experts.models import Expert
from qiao.experts.tests.factories import make_expert
from qiao.taxonomy.models import Term, Vocabulary
from qiao.tests.test_edit_pages_roundtrip import assert_saved, client_for, resubmit, snapshot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_expert_saved_unchanged_changes_nothing_then_a_change_is_audited(
    operator, member, language
):
    tags = list(Term.objects.filter(vocabulary=Vocabulary.THERAPEUTIC_AREA)[:2])
    expert = make_expert(fields="心血管介入\n支架", fields_en="Cardiology", title="主任医师",
                         letter_no="智库〔2025〕3号", capacity=4, status=Expert.Status.PAUSED)  # fmt: skip
    expert.terms.set(tags)
    before = snapshot([expert])
    entries = AuditEntry.objects.count()
    client = client_for(operator, language)
    url = f"/experts/{expert.pk}/edit/"

    data, response = resubmit(client, url, having="fields_zh")

    assert_saved(response, data)
    assert data["term_start"] == ["2025-01-01"] and data["term_end"] == ["2028-12-31"]
    assert snapshot([expert]) == before
    assert set(Expert.objects.get(pk=expert.pk).terms.all()) == set(tags)
    assert AuditEntry.objects.count() == entries

    data["capacity"] = ["6"]
    data["term_end"] = ["2029-06-30"]
    assert_saved(client.post(url, data), data)
    expert.refresh_from_db()
    assert (expert.capacity, expert.term_end) == (6, date(2029, 6, 30))
    assert AuditEntry.objects.count() == entries + 1

    data["term_end"] = ["2020-01-01"]  # before the term starts: refused, nothing saved
    refused = client.post(url, data)
    assert refused.status_code == 200
    expert.refresh_from_db()
    assert expert.term_end == date(2029, 6, 30)

    assert client_for(member, language).get(url).status_code == 404
