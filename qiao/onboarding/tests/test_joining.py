import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.onboarding import services
from qiao.onboarding.models import JoinRequest, Status

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "full_name": "刘洋",
    "email": "liu.yang@example.cn",
    "phone": "139 1234 5678",
    "password1": "Qiao-sign-up-2026",
    "password2": "Qiao-sign-up-2026",
}


def _link(body: str) -> str:
    return re.search(r"http://\S+/join/sign-up/\S+/", body).group(0).split("8000")[1]


def test_sign_up_waits_for_the_e_mailed_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/join/sign-up/", SIGN_UP).status_code == 302
    user = get_user_model().objects.get(email="liu.yang@example.cn")
    assert (user.is_active, str(user.phone)) == (False, "+8613912345678")
    login = {"username": "liu.yang@example.cn", "password": "Qiao-sign-up-2026"}
    assert client.post("/accounts/login/", login).status_code == 200  # refused
    link = _link(mail.outbox[0].body)
    assert client.get(link).status_code == 200  # shows a button, confirms nothing
    user.refresh_from_db()
    assert user.is_active is False
    assert client.post(link).status_code == 302
    user.refresh_from_db()
    assert user.is_active is True


def test_a_tampered_or_expired_link_confirms_nothing(client, settings):
    services.sign_up(
        email="a@example.cn", full_name="A", phone="", password="Qiao-x-2026", language="zh-hans"
    )
    assert services.verify_sign_up(token="nonsense") is None
    from django.core import signing

    user = get_user_model().objects.get(email="a@example.cn")
    old = signing.dumps({"u": user.pk, "e": user.email}, salt="qiao.onboarding.sign_up")
    settings.SECRET_KEY = settings.SECRET_KEY + "x"  # a signature that no longer matches
    assert services.verify_sign_up(token=old) is None


def test_signing_up_with_a_known_address_tells_its_owner_only(
    client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/join/sign-up/", {**SIGN_UP, "email": member.email, "phone": ""})
    assert response.status_code == 302  # the same answer as for a new address
    assert get_user_model().objects.filter(email=member.email).count() == 1
    assert "already has an account" in mail.outbox[0].body or "已有账号" in mail.outbox[0].body


def test_a_join_request_goes_to_the_admins_and_its_approval_to_the_person(
    organisation, org_admin, django_capture_on_commit_callbacks
):
    person = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        join_request = services.request_to_join(by=person, organisation=organisation, message="hi")
    notice = org_admin.notifications.get()
    assert notice.title_in("zh-hans") == f"{person.full_name} 申请加入{organisation.name_zh}"
    assert notice.title_in("en") == f"{person.full_name} asks to join {organisation.name_en}"
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_join_request(join_request=join_request, by=org_admin)
    assert Membership.objects.get(user=person, organisation=organisation).role == "member"
    assert person.notifications.get().title_in("en") == (
        f"You are now a member of {organisation.name_en}"
    )


def test_a_declined_join_request_tells_the_reason(
    organisation, org_admin, django_capture_on_commit_callbacks
):
    person = UserFactory()
    join_request = services.request_to_join(by=person, organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_join_request(join_request=join_request, by=org_admin, reason="不认识")
    assert Membership.objects.filter(user=person).exists() is False
    assert person.notifications.get().title_in("zh-hans") == (
        f"你加入{organisation.name_zh}的申请未获批准：不认识"
    )


def test_only_the_organisations_admins_decide(organisation, other_organisation, member):
    other_admin = make_member(other_organisation, role=Membership.Role.ADMIN)
    join_request = services.request_to_join(by=UserFactory(), organisation=organisation)
    for outsider in (member, other_admin):
        with pytest.raises(PermissionDenied):
            services.approve_join_request(join_request=join_request, by=outsider)
    assert JoinRequest.objects.get().status == Status.PENDING


def test_members_and_repeat_requests_are_refused(organisation, member):
    with pytest.raises(PermissionDenied):
        services.request_to_join(by=member, organisation=organisation)
    person = UserFactory()
    services.request_to_join(by=person, organisation=organisation)
    with pytest.raises(ValidationError):
        services.request_to_join(by=person, organisation=organisation)


def test_the_join_pages_work_for_the_person_and_the_admin(client, organisation, org_admin):
    person = UserFactory()
    client.force_login(person)
    assert client.post("/join/", {"organisation": organisation.pk}).status_code == 302
    client.force_login(org_admin)
    page = client.get("/join/requests/")
    [join_request] = page.context["page"]
    response = client.post(f"/join/requests/{join_request.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=person, organisation=organisation).exists() is True


def test_an_organisation_without_admins_is_decided_by_operators(
    operator, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_to_join(by=UserFactory(), organisation=organisation)
    assert operator.notifications.count() == 1
