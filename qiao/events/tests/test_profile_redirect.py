"""Saving the participant profile goes back only to a page of this site."""

import pytest
from django.test import Client

from qiao.directory.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "target", ["https://evil.example", "//evil.example/x", "/\\evil.example", "admin:index"]
)
def test_an_off_site_next_lands_on_the_profile(target):
    client = Client()
    client.force_login(UserFactory())
    response = client.post(f"/events/profile/?next={target}", {"headline": "CTO"})
    assert response.status_code == 302 and response.url == "/events/profile/"


def test_a_local_next_is_followed():
    client = Client()
    client.force_login(UserFactory())
    response = client.post("/events/profile/?next=/events/", {"headline": "CTO"})
    assert response.status_code == 302 and response.url == "/events/"
