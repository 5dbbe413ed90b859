import pytest
from django.test import RequestFactory, override_settings

from qiao.core.http import client_ip, safe_next_url


def request_from(remote: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@override_settings(QIAO_TRUSTED_PROXY_IPS=[])
def test_without_proxies_forwarded_header_is_ignored():
    assert client_ip(request_from("10.0.0.5", "1.2.3.4")) == "10.0.0.5"


@override_settings(QIAO_TRUSTED_PROXY_IPS=["127.0.0.1"])
def test_a_trusted_proxy_gives_the_last_forwarded_entry():
    assert client_ip(request_from("127.0.0.1", "6.6.6.6, 203.0.113.9")) == "203.0.113.9"


@override_settings(QIAO_TRUSTED_PROXY_IPS=["127.0.0.1"])
def test_a_client_reaching_the_app_server_directly_cannot_choose_its_address():
    assert client_ip(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@override_settings(QIAO_TRUSTED_PROXY_IPS=["127.0.0.1", "10.0.0.0/8"])
def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    chain = "6.6.6.6, 203.0.113.9, 10.1.1.1"
    assert client_ip(request_from("127.0.0.1", chain)) == "203.0.113.9"
    assert client_ip(request_from("127.0.0.1", "10.1.1.1")) == "127.0.0.1"
    assert client_ip(request_from("127.0.0.1", "not-an-ip")) == "127.0.0.1"


OFF_SITE = [
    "https://evil.example",
    "//evil.example/x",
    "/\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "events:my_profile",
    "http://testserver.evil.example/",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_off_site_next_falls_back_to_the_default(target):
    request = RequestFactory().get("/", {"next": target})
    assert safe_next_url(request, "/home/") == "/home/"


def test_a_local_path_is_kept_from_the_query_or_the_form():
    assert safe_next_url(RequestFactory().get("/", {"next": "/events/3/?a=1"}), "/") == (
        "/events/3/?a=1"
    )
    posted = RequestFactory().post("/?next=/x/", {"next": "/events/4/"})
    assert safe_next_url(posted, "/") == "/events/4/"
