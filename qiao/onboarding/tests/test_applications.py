import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from qiao.core.audit import AuditEntry
from qiao.core.errors import Conflict
from qiao.directory.models import Membership, Organisation
from qiao.directory.tests.factories import OrganisationFactory
from qiao.onboarding import services
from qiao.onboarding.models import Application, Status
from qiao.onboarding.tests.factories import application_data, credit_code, submit

pytestmark = pytest.mark.django_db


def test_a_bad_check_digit_is_refused_in_words(client):
    code = credit_code(7)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.post(
        "/join/apply/",
        {**application_data(7, credit_code=wrong, kind=""), "kind": ""},
        headers={"Accept-Language": "zh-hans"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "credit_code" in errors
    assert Application.objects.count() == 0


def test_operators_are_told_of_an_application(operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(1)
    notification = operator.notifications.get()
    assert notification.title_in("zh-hans") == f"{application.name_zh} 申请入驻桥平台"
    assert notification.title_in("en") == f"{application.name_en} applies to join Qiao"


def test_a_credit_code_already_in_the_directory_is_a_duplicate():
    OrganisationFactory(name_zh="已入驻公司", credit_code=credit_code(3))
    with pytest.raises(ValidationError) as refused:
        submit(3)
    assert "已入驻公司" in str(refused.value.message_dict["credit_code"])


def test_a_look_alike_name_is_a_duplicate_of_an_organisation_or_a_waiting_application():
    OrganisationFactory(name_zh="苏州伯杰医疗科技有限公司")
    with pytest.raises(ValidationError) as refused:
        submit(4, name_zh="苏州伯傑醫療科技有限公司")  # traditional characters
    assert set(refused.value.message_dict) == {"name_zh"}
    submit(5, name_zh="新公司", name_en="")
    with pytest.raises(ValidationError) as again:
        submit(6, name_zh="新 公 司", name_en="")
    assert set(again.value.message_dict) == {"name_zh"}


def test_a_second_waiting_application_with_the_same_code_is_refused():
    submit(8)
    with pytest.raises(ValidationError) as refused:
        submit(8, name_zh="另一家公司", name_en="")
    assert set(refused.value.message_dict) == {"credit_code"}


def test_approval_creates_the_organisation_and_its_admin_with_the_chosen_password(
    operator, client, django_capture_on_commit_callbacks
):
    application = submit(9, password="Qiao-apply-2026", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        organisation = services.approve_application(application=application, by=operator)
    assert organisation.credit_code == credit_code(9)
    user = get_user_model().objects.get(email="chen9@applicant.example.cn")
    assert str(user.phone) == "+8613800138000"
    assert user.language == "en"
    assert Membership.objects.get(user=user).role == Membership.Role.ADMIN
    application.refresh_from_db()
    assert (application.status, application.organisation, application.password) == (
        Status.APPROVED,
        organisation,
        "",
    )
    assert user.notifications.get().title_in("en") == (
        f"{organisation.name_en} has joined Qiao: you are its admin"
    )
    assert [m.to for m in mail.outbox] == [["chen9@applicant.example.cn"]]
    assert mail.outbox[0].subject.startswith("Welcome to Qiao")
    # The new admin signs in by phone as well as by e-mail.
    response = client.post(
        "/accounts/login/", {"username": "138 0013 8000", "password": "Qiao-apply-2026"}
    )
    assert response.status_code == 302
    actions = set(
        AuditEntry.objects.filter(
            content_type__model="application", object_id=application.pk
        ).values_list("action", flat=True)
    )
    assert actions == {"created", "changed"}


def test_without_a_password_the_admin_gets_a_link_to_set_one(
    operator, django_capture_on_commit_callbacks
):
    application = submit(10)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_application(application=application, by=operator)
    user = get_user_model().objects.get(email="chen10@applicant.example.cn")
    assert user.has_usable_password() is False
    assert "/accounts/password/reset/" in mail.outbox[0].body
    assert "申请" in mail.outbox[0].body  # applied in Chinese, told in Chinese


def test_decline_needs_a_reason_and_e_mails_it_in_the_applicants_language(
    operator, django_capture_on_commit_callbacks
):
    application = submit(11, language="en")
    with pytest.raises(ValidationError):
        services.decline_application(application=application, by=operator, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_application(
            application=application, by=operator, reason="The licence scan is unreadable."
        )
    application.refresh_from_db()
    assert application.status == Status.DECLINED
    assert Organisation.objects.filter(credit_code=credit_code(11)).exists() is False
    assert "The licence scan is unreadable." in mail.outbox[0].body
    assert "declined" in mail.outbox[0].body


def test_a_decided_application_cannot_be_approved_again(operator):
    application = submit(12)
    services.approve_application(application=application, by=operator)
    with pytest.raises(Conflict):  # from the page loaded before the approval
        services.approve_application(application=application, by=operator)
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        services.approve_application(application=application, by=operator)
    assert Organisation.objects.filter(credit_code=credit_code(12)).count() == 1


def test_only_operators_see_and_decide_applications(client, org_admin, operator):
    application = submit(13)
    client.force_login(org_admin)
    assert client.get("/join/applications/").status_code == 404
    assert client.post(f"/join/applications/{application.pk}/approve/").status_code == 404
    client.force_login(operator)
    response = client.get("/join/applications/?status=pending")
    assert [a.pk for a in response.context["page"]] == [application.pk]
    assert list(client.get("/join/applications/?status=declined").context["page"]) == []
    with pytest.raises(Http404):
        from qiao.onboarding.selectors import access_application

        access_application(viewer=org_admin, application_id=application.pk)


def test_the_apply_page_takes_a_licence_scan_checked_by_content(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    data = {**application_data(14), "kind": application_data(14)["kind"].pk}
    fake = SimpleUploadedFile(
        "licence.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    refused = client.post("/join/apply/", {**data, "licence": fake})
    assert refused.status_code == 200
    assert "licence" in refused.context["form"].errors
    assert Application.objects.count() == 0
    scan = SimpleUploadedFile("licence.pdf", b"%PDF-1.7 scan", content_type="application/pdf")
    response = client.post("/join/apply/", {**data, "licence": scan})
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.licence_name, application.licence_type) == (
        "licence.pdf",
        "application/pdf",
    )
    assert "licence.pdf" not in application.licence.name  # stored under a random name


def test_applying_is_throttled(client, settings):
    kind = application_data(1)["kind"].pk
    codes = []
    for n in range(20, 27):
        response = client.post("/join/apply/", {**application_data(n), "kind": kind})
        codes.append(response.status_code)
    assert codes == [302] * 5 + [200, 200]
    assert Application.objects.count() == 5


def test_the_operator_is_warned_when_the_contact_already_has_an_account(client, operator, member):
    application = submit(30, contact_email=member.email)
    client.force_login(operator)
    page = client.get(f"/join/applications/{application.pk}/").content.decode()
    assert member.email in page
    assert 'data-testid="existing-account"' in page
