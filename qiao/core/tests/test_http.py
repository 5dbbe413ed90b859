from django.test import RequestFactory, override_settings

from qiao.core.http import client_ip


def request_from(remote: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@override_settings(QIAO_TRUSTED_PROXIES=0)
def test_without_proxies_forwarded_header_is_ignored():
    assert client_ip(request_from("10.0.0.5", "1.2.3.4")) == "10.0.0.5"


@override_settings(QIAO_TRUSTED_PROXIES=1)
def test_one_proxy_trusts_only_the_last_forwarded_entry():
    assert client_ip(request_from("127.0.0.1", "6.6.6.6, 203.0.113.9")) == "203.0.113.9"


@override_settings(QIAO_TRUSTED_PROXIES=2)
def test_too_few_entries_fall_back_to_remote_addr():
    assert client_ip(request_from("127.0.0.1", "203.0.113.9")) == "127.0.0.1"
