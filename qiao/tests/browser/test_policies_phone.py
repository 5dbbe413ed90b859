"""Support policies and service requests fit a 390 px phone, in Chinese and in English."""

import datetime

import pytest
from django.utils import timezone

from qiao.directory.models import Credential, Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.policies import services as policy_services
from qiao.servicedesk import services as desk_services
from qiao.servicedesk.models import Category
from qiao.tests.browser.test_phone import PHONE, measure, switch_to_english

pytestmark = pytest.mark.browser

LONG = "上海市奉贤区关于支持生物医药和高端医疗器械产业高质量发展的若干政策措施首张三类注册证奖励"


def test_policy_and_request_pages_fit_a_phone(page, sign_in):
    firm = OrganisationFactory(
        district="奉贤区", name_zh="上海博杰医疗器械科技股份有限公司奉贤分公司"
    )
    admin = make_member(firm, role=Membership.Role.ADMIN)
    operator = UserFactory(is_operator=True, is_staff=True)
    Credential.objects.create(organisation=firm, kind="registration", device_class="III",
                              number="国械注准20263010001", title="一次性使用血液透析器",
                              issued_on=datetime.date(2026, 3, 2))  # fmt: skip
    policy = policy_services.create_policy(
        by=operator, title_zh=LONG, title_en="A very long English title " * 4,
        issuer="奉贤区经济委员会", level="district", amount=500000,
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
        materials="申请表\n注册证复印件", source_url="https://example.org/" + "x" * 120,
        criteria=[{"type": "region", "district": ["奉贤区"]},
                  {"type": "credential", "classes": ["III"], "first": True},
                  {"type": "figure", "name": "headcount", "op": "<=", "value": 500}],
    )  # fmt: skip
    policy_services.set_policy_status(by=operator, policy_obj=policy, status="published")
    category = Category.objects.create(name_zh="注册申报", name_en="Registration")
    request = desk_services.file_request(
        by=admin, organisation=firm, category=category, title="需要环氧乙烷灭菌服务商" * 3,
        description="我们需要一家本地的EO灭菌服务商。" * 10,
    )  # fmt: skip
    paths = [
        "/policies/",
        f"/policies/{policy.pk}/",
        f"/policies/firm/{firm.pk}/",
        f"/policies/{policy.pk}/apply/{firm.pk}/",
        "/servicedesk/",
        f"/servicedesk/new/{firm.pk}/",
        f"/servicedesk/{request.pk}/",
    ]
    page.set_viewport_size(PHONE)
    sign_in(admin)
    wide = measure(page, paths)
    switch_to_english(page)
    wide += [f"[en] {line}" for line in measure(page, paths)]
    assert wide == [], "Pages wider than a 390 px phone:\n" + "\n".join(wide)
