"""Attachments (checked, stored, 404 to others) and hand-over to departments (the clock runs
on, the handler is told once and may answer for the park)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.servicedesk import services
from qiao.servicedesk.models import Category, Department

pytestmark = pytest.mark.django_db
D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def category():
    return Category.objects.create(name_zh="用电增容", name_en="Power", resolve_days=5)


def _file(member, organisation, category, **extra):
    return services.file_request(
        by=member, organisation=organisation, category=category, title="配电增容",
        description="需要增加 200kVA。", today=D(2026, 9, 25), **extra,
    )  # fmt: skip


def test_attachments_are_checked_and_shown_only_to_the_firm_and_the_park(
    member, organisation, operator, category, client, settings
):
    client.force_login(member)
    response = client.post(
        reverse("servicedesk:create", args=[organisation.pk]),
        {"category": category.pk, "title": "配电增容", "description": "见附件。", "urgency": "normal",
         "attachment": SimpleUploadedFile("现场照片.pdf", PDF, "application/pdf")},
    )  # fmt: skip
    assert response.status_code == 302
    request = organisation.service_requests.get()
    [attachment] = request.attachments.all()
    assert attachment.original_name == "现场照片.pdf" and "现场照片" not in attachment.file.name
    url = reverse("servicedesk:attachment", args=[request.pk, attachment.pk])
    detail = client.get(reverse("servicedesk:detail", args=[request.pk])).content.decode()
    assert url in detail
    assert b"".join(client.get(url).streaming_content) == PDF

    # A renamed executable, a wrong type and an oversized file are refused in words.
    for name, content in (("x.pdf", b"MZ\x90\x00"), ("x.exe", b"MZ"), ("big.pdf", PDF * 10)):
        settings.QIAO_MAX_DOCUMENT_MB = 0 if name == "big.pdf" else 20
        with pytest.raises(ValidationError):
            services.add_attachment(by=member, request=request,
                                    upload=SimpleUploadedFile(name, content))  # fmt: skip
    assert request.attachments.count() == 1

    client.force_login(operator)
    assert client.get(url).status_code == 200
    for stranger in (make_member(OrganisationFactory()), UserFactory()):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
        assert client.post(reverse("servicedesk:act", args=[request.pk]), {"action": "attach"},
                           ).status_code == 404  # fmt: skip
    other = _file(member, organisation, category)  # the attachment under another request: 404
    client.force_login(member)
    wrong = reverse("servicedesk:attachment", args=[other.pk, attachment.pk])
    assert client.get(wrong).status_code == 404


def test_hand_over_keeps_the_clock_and_tells_the_handler_once(
    member, organisation, operator, category, client, django_capture_on_commit_callbacks
):
    handler = UserFactory()
    department = Department.objects.create(name_zh="区供电所", name_en="District power office",
                                           handler=handler)  # fmt: skip
    request = _file(member, organisation, category)
    due = request.due_on
    with pytest.raises(PermissionDenied):
        services.hand_over(by=member, request=request, department=department)

    client.force_login(handler)
    url = reverse("servicedesk:detail", args=[request.pk])
    assert client.get(url).status_code == 404  # not yet theirs

    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("servicedesk:act", args=[request.pk]),
                               {"action": "hand_over", "department": department.pk})  # fmt: skip
        assert response.status_code == 302
        request.refresh_from_db()
        services.hand_over(by=operator, request=request, department=department)  # again
    request.refresh_from_db()
    assert (request.department, request.handler, request.status) == (
        department,
        handler,
        "accepted",
    )
    assert request.due_on == due  # the clock continues
    assert handler.notifications.count() == 1
    assert "配电增容" in handler.notifications.get().title_in("zh-hans")

    # The handler reads and answers for the park, but does not rate for the firm.
    client.force_login(handler)
    assert "区供电所" in client.get(url).content.decode()
    message = services.post_message(by=handler, request=request, body="已安排现场勘查。",
                                    today=D(2026, 9, 28))  # fmt: skip
    assert message.from_park
    services.resolve_request(by=handler, request=request, today=D(2026, 10, 9))
    with pytest.raises(PermissionDenied):
        services.rate_and_close(by=handler, request=request, rating=5)
    # An empty hand-over is refused in words, not with an error page.
    other = _file(member, organisation, category)
    client.force_login(operator)
    response = client.post(reverse("servicedesk:act", args=[other.pk]), {"action": "hand_over"},
                           follow=True)  # fmt: skip
    assert "Choose a department or a handler." in response.content.decode() or (
        "选择" in response.content.decode()
    )
