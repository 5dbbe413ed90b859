"""An expert's opinion on a clinical need: shown on the need only with consent."""

import pytest

from qiao.experts.models import Opinion
from qiao.experts.tests.factories import make_expert
from qiao.market.models import Kind, Listing
from qiao.market.tests.factories import make_listing

pytestmark = pytest.mark.django_db


def test_an_opinion_is_shown_on_the_need_only_with_consent(client, member):
    need = make_listing(kind=Kind.CLINICAL, title_zh="脓毒症早期预警")
    expert = make_expert(fields="重症医学")
    client.force_login(expert.person.user)
    form = client.get(f"/experts/opinion/{need.pk}/")
    assert form.status_code == 200
    client.post(f"/experts/opinion/{need.pk}/", {"verdict": "confirmed",
                "clinical_value": "临床价值很高，急诊缺乏快速工具。", "shown": ""})  # fmt: skip
    assert Opinion.objects.get().shown is False
    client.force_login(member)
    assert "急诊缺乏快速工具" not in client.get(f"/market/{need.pk}/").content.decode()
    client.force_login(expert.person.user)
    client.post(f"/experts/opinion/{need.pk}/", {"verdict": "confirmed",
                "clinical_value": "临床价值很高，急诊缺乏快速工具。", "shown": "on"})  # fmt: skip
    assert Opinion.objects.count() == 1
    client.force_login(member)
    page = client.get(f"/market/{need.pk}/").content.decode()
    assert "急诊缺乏快速工具" in page and expert.person.name_zh in page


def test_non_experts_and_non_clinical_listings_get_404(client, member):
    need = make_listing(kind=Kind.CLINICAL)
    offer = make_listing(kind=Kind.TECHNOLOGY)
    client.force_login(member)
    assert client.get(f"/experts/opinion/{need.pk}/").status_code == 404
    expert = make_expert()
    client.force_login(expert.person.user)
    assert client.get(f"/experts/opinion/{offer.pk}/").status_code == 404


def test_a_confidential_need_hides_its_opinions_from_those_without_access(client, member):
    need = make_listing(kind=Kind.CLINICAL, visibility=Listing.Visibility.CONFIDENTIAL,
                        description="机密细节")  # fmt: skip
    expert = make_expert()
    Opinion.objects.create(expert=expert, need=need, verdict="confirmed",
                           clinical_value="专家意见正文", shown=True)  # fmt: skip
    client.force_login(member)
    response = client.get(f"/market/{need.pk}/")
    assert "专家意见正文" not in response.content.decode()
