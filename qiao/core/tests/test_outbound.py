"""The outbound guard: which addresses may be fetched, and how a fetch is bounded."""

import pytest

from qiao.core import outbound
from qiao.core.tests.pages import serve

REFUSED = [
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "169.254.1.1",
    "100.64.0.1",  # carrier-grade NAT
    "100.127.255.254",
    "0.0.0.0",
    "0.1.2.3",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.0.8",
    "198.18.0.1",
    "::1",
    "::",
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:8.8.8.8",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd00:ec2::254",  # cloud metadata
    "ff02::1",
    "2002:7f00:1::",  # 6to4 around 127.0.0.1
    "2002:a00:1::",  # 6to4 around 10.0.0.1
    "64:ff9b::a00:1",  # NAT64 around 10.0.0.1
    "2001:db8::1",
    "not-an-address",
]
ALLOWED = ["93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700::1111", "64:ff9b::808:808"]


@pytest.mark.parametrize("address", REFUSED)
def test_non_public_addresses_are_refused(address, settings):
    settings.QIAO_FETCH_ALLOWED_HOSTS = []
    with pytest.raises(outbound.FetchRefused) as caught:
        outbound.check_address("news.example.com", address)
    assert caught.value.code == "not_allowed"


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_pass(address, settings):
    settings.QIAO_FETCH_ALLOWED_HOSTS = []
    assert str(outbound.check_address("news.example.com", address)) == address


def test_an_allowed_host_or_network_opens_a_private_address(settings):
    settings.QIAO_FETCH_ALLOWED_HOSTS = ["mirror.intranet", "10.20.0.0/16"]
    assert str(outbound.check_address("MIRROR.intranet", "192.168.5.5")) == "192.168.5.5"
    assert str(outbound.check_address("other.example", "10.20.3.4")) == "10.20.3.4"
    with pytest.raises(outbound.FetchRefused):
        outbound.check_address("other.example", "10.21.3.4")


def test_metadata_addresses_never_open(settings):
    settings.QIAO_FETCH_ALLOWED_HOSTS = ["169.254.0.0/16", "fd00::/8", "meta.example"]
    for address in ("169.254.169.254", "fd00:ec2::254"):
        with pytest.raises(outbound.FetchRefused):
            outbound.check_address("meta.example", address)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "gopher://news.example.com/",
        "ftp://news.example.com/x",
        "http://news.example.com:5432/",
        "https://news.example.com:22/",
        "http://user:pass@news.example.com/",
        "http:///nohost",
        "http://[::1/",
        "javascript:alert(1)",
    ],
)
def test_other_schemes_ports_and_credentials_are_refused(url, settings):
    settings.QIAO_FETCH_ALLOWED_PORTS = []
    with pytest.raises(outbound.FetchRefused):
        outbound.parse_target(url)


def test_default_and_allowed_ports_pass(settings):
    settings.QIAO_FETCH_ALLOWED_PORTS = [8080]
    assert outbound.parse_target("http://News.Example.com./a?b=1").host == "news.example.com"
    assert outbound.parse_target("https://news.example.com/").port == 443
    assert outbound.parse_target("http://news.example.com:8080/x").port == 8080


def test_a_name_with_any_private_record_is_refused(monkeypatch, settings):
    settings.QIAO_FETCH_ALLOWED_HOSTS = []
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["93.184.215.14", "10.0.0.1"])
    with pytest.raises(outbound.FetchRefused):
        outbound.fetch("http://both.example/")


def test_a_name_resolving_to_loopback_is_refused_before_connecting(monkeypatch, settings):
    settings.QIAO_FETCH_ALLOWED_HOSTS = []
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["127.0.0.1"])
    connected = []
    monkeypatch.setattr(outbound.socket, "create_connection", lambda *a: connected.append(a))
    with pytest.raises(outbound.FetchRefused):
        outbound.fetch("http://localtest.example/")
    assert connected == []


@pytest.fixture
def local(settings, monkeypatch):
    """Let the guard reach 127.0.0.1 (only) on any port; resolve every name to it."""
    settings.QIAO_FETCH_ALLOWED_HOSTS = ["127.0.0.1/32"]
    lookups = []

    def resolve(host, port):
        lookups.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(outbound, "resolve", resolve)
    return lookups


def test_connects_to_the_checked_address_and_keeps_the_host_name(local, settings):
    with serve({"/a": (200, {}, b"<p>hello</p>")}) as (port, seen):
        settings.QIAO_FETCH_ALLOWED_PORTS = [port]
        body = outbound.fetch(f"http://news.example:{port}/a")
    assert body == b"<p>hello</p>"
    assert seen == [("/a", f"news.example:{port}")]
    assert local == ["news.example"]  # resolved once, then connected to that address


def test_a_redirect_to_a_private_address_is_refused(local, settings):
    routes = {"/r": (302, {"Location": "http://10.0.0.7/admin"}, b"")}
    with serve(routes) as (port, seen):
        settings.QIAO_FETCH_ALLOWED_PORTS = [port]
        with pytest.raises(outbound.FetchRefused):
            outbound.fetch(f"http://127.0.0.1:{port}/r")
    assert seen == [("/r", f"127.0.0.1:{port}")]


def test_a_redirect_to_a_name_for_a_private_address_is_refused(local, settings, monkeypatch):
    routes = {"/r": (301, {"Location": "http://internal.example/"}, b"")}
    names = {"internal.example": ["192.168.0.10"]}
    monkeypatch.setattr(outbound, "resolve", lambda h, p: names.get(h, ["127.0.0.1"]))
    with serve(routes) as (port, _seen):
        settings.QIAO_FETCH_ALLOWED_PORTS = [port]
        with pytest.raises(outbound.FetchRefused):
            outbound.fetch(f"http://news.example:{port}/r")


def test_a_redirect_to_another_port_is_refused(local, settings):
    routes = {"/r": (307, {"Location": "http://127.0.0.1:5432/"}, b"")}
    with serve(routes) as (port, _seen):
        settings.QIAO_FETCH_ALLOWED_PORTS = [port]
        with pytest.raises(outbound.FetchRefused):
            outbound.fetch(f"http://127.0.0.1:{port}/r")


def test_redirects_are_followed_and_rechecked_up_to_five(local, settings):
    routes = {f"/{i}": (302, {"Location": f"/{i + 1}"}, b"") for i in range(10)}
    routes["/3"] = (200, {}, b"arrived")
    with serve(routes) as (port, seen):
        settings.QIAO_FETCH_ALLOWED_PORTS = [port]
        assert outbound.fetch(f"http://127.0.0.1:{port}/0") == b"arrived"
        with pytest.raises(outbound.FetchFailed) as caught:
            outbound.fetch(f"http://127.0.0.1:{port}/4")
    assert caught.value.code == "redirects"
    assert [path for path, _host in seen] == [
        "/0",
        "/1",
        "/2",
        "/3",
        *[f"/{i}" for i in range(4, 10)],
    ]


def test_an_oversize_body_is_refused_by_its_length_or_while_streaming(local, settings):
    big = b"x" * 2000
    routes = {
        "/declared": (200, {}, big),
        "/streamed": (200, {"Content-Length": None}, big),
        "/fits": (200, {}, big[:1000]),
    }
    with serve(routes) as (port, _seen):
        settings.QIAO_FETCH_ALLOWED_PORTS = [port]
        for path in ("/declared", "/streamed"):
            with pytest.raises(outbound.FetchFailed) as caught:
                outbound.fetch(f"http://127.0.0.1:{port}{path}", max_bytes=1000)
            assert caught.value.code == "too_large"
        assert len(outbound.fetch(f"http://127.0.0.1:{port}/fits", max_bytes=1000)) == 1000


def test_errors_carry_a_code_not_the_socket_message(local, settings):
    with serve({}) as (port, _seen):
        settings.QIAO_FETCH_ALLOWED_PORTS = [port]
        with pytest.raises(outbound.FetchFailed) as missing:
            outbound.fetch(f"http://127.0.0.1:{port}/nothing")
    # The server is gone now: connecting is refused by the system.
    with pytest.raises(outbound.FetchFailed) as closed:
        outbound.fetch(f"http://127.0.0.1:{port}/")
    assert (missing.value.code, closed.value.code) == ("status", "unreachable")
    assert str(closed.value) == "unreachable"


def test_the_whole_fetch_has_a_time_limit(local, settings):
    with serve({"/": (200, {}, b"late")}) as (port, _seen):
        settings.QIAO_FETCH_ALLOWED_PORTS = [port]
        with pytest.raises(outbound.FetchFailed) as caught:
            outbound.fetch(f"http://127.0.0.1:{port}/", timeout=0)
    assert caught.value.code == "timeout"
