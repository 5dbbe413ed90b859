"""Fetch a page from a URL someone typed, without letting them reach inside the network.

``fetch(url)`` returns the body of an http or https page or raises ``FetchRefused`` (the
address is not allowed) or ``FetchFailed`` (the page could not be fetched, was too large or
too slow). Guarantees, each hop of a redirect alike:

- only http and https, on port 80 or 443 or one of ``QIAO_FETCH_ALLOWED_PORTS``;
- the host is resolved once, and every address it resolves to must be public: loopback,
  private, link-local, CGNAT, multicast, reserved, unspecified, IPv4-mapped IPv6 and cloud
  metadata addresses are refused (``QIAO_FETCH_ALLOWED_HOSTS`` may open named hosts or
  networks for an intranet mirror; metadata addresses never open);
- the connection goes to the address that was checked, not to a second lookup of the name
  (no DNS rebinding window), with the name kept for ``Host`` and TLS verification;
- redirects are followed here, at most ``MAX_REDIRECTS``, each re-checked;
- the body is read in chunks up to ``max_bytes`` and the whole fetch within ``timeout``
  seconds.

Exceptions carry a short code, never a socket message: what a refused or failed fetch
tells the user cannot be used to map ports or hosts.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

MAX_REDIRECTS = 5
MAX_BYTES = 5_000_000
TIMEOUT_SECONDS = 15.0
CHUNK = 64 * 1024
DEFAULT_PORTS = {"http": 80, "https": 443}
USER_AGENT = "Qiao news reader"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Named in full so the rule does not depend on which ranges this Python's ``is_global``
# knows about (the lists changed between patch releases).
BLOCKED_NETWORKS = [
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",  # "this network", includes the unspecified address
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, cloud metadata
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, includes broadcast
        "::/128",
        "::1/128",
        "::ffff:0:0/96",  # IPv4-mapped
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "fc00::/7",  # unique local, includes fd00:ec2::254
        "fe80::/10",
        "ff00::/8",
    )
]
# Never opened by QIAO_FETCH_ALLOWED_HOSTS: no news mirror lives on a metadata service.
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("fd00:ec2::254"),
}


class FetchError(Exception):
    """A fetch that did not return a page; ``code`` says why in one word."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class FetchRefused(FetchError):
    """The address (scheme, port or resolved host) is not one Qiao fetches from."""


class FetchFailed(FetchError):
    """The address was allowed, but no page came back (``unreachable``, ``too_large``,
    ``timeout``, ``status``, ``redirects``)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str


def resolve(host: str, port: int) -> list[str]:
    """Return every address ``host`` resolves to (tests replace this)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def _allowed_entries() -> tuple[set[str], list]:
    names, networks = set(), []
    for entry in getattr(settings, "QIAO_FETCH_ALLOWED_HOSTS", []):
        entry = entry.strip().lower()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            names.add(entry)
    return names, networks


def is_public(address: IPAddress) -> bool:
    """True when the address is reachable on the public internet, by the table above."""
    if address.version == 6:
        embedded = address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is not None and not is_public(embedded):
            return False
        if address in ipaddress.ip_network("64:ff9b::/96"):
            return is_public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    if any(address in network for network in BLOCKED_NETWORKS):
        return False
    return not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def check_address(host: str, address: str) -> IPAddress:
    """Return the parsed address if Qiao may connect to it for ``host``; else FetchRefused."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError as exc:
        raise FetchRefused("not_allowed") from exc
    if ip in METADATA_ADDRESSES:
        raise FetchRefused("not_allowed")
    if is_public(ip):
        return ip
    names, networks = _allowed_entries()
    if host.lower() in names or any(ip in network for network in networks):
        return ip
    raise FetchRefused("not_allowed")


def parse_target(url: str) -> Target:
    """Split an absolute http(s) URL; refuse other schemes, odd ports and credentials."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchRefused("not_allowed") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname or parts.username or parts.password:
        raise FetchRefused("not_allowed")
    port = port or DEFAULT_PORTS[scheme]
    allowed_ports = set(DEFAULT_PORTS.values()) | set(
        getattr(settings, "QIAO_FETCH_ALLOWED_PORTS", [])
    )
    if port not in allowed_ports:
        raise FetchRefused("not_allowed")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, parts.hostname.rstrip(".").lower(), port, path)


def checked_address(target: Target) -> IPAddress:
    """Resolve the host once; refuse when any of its addresses is not allowed."""
    try:
        ipaddress.ip_address(target.host)
        addresses = [target.host]
    except ValueError:
        try:
            addresses = resolve(target.host, target.port)
        except (OSError, UnicodeError) as exc:
            raise FetchFailed("unreachable") from exc
    if not addresses:
        raise FetchFailed("unreachable")
    # All must pass: a name with one public and one private record is refused, so the
    # choice of record cannot be steered.
    return [check_address(target.host, a) for a in addresses][0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address; ``Host`` still names the host."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((str(self._address), self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with the certificate verified for the host name."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((str(self._address), self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchFailed("timeout")
    return left


def _read_body(response, sock, *, deadline: float, max_bytes: int) -> bytes:
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchFailed("too_large")
    chunks, size = [], 0
    while not response.isclosed():  # it closes itself once the declared length is read
        sock.settimeout(_remaining(deadline))
        chunk = response.read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise FetchFailed("too_large")
        chunks.append(chunk)
    return b"".join(chunks)


def _request(target: Target, address, *, deadline: float, max_bytes: int):
    """Return ("redirect", location) or ("body", bytes) for one hop."""
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    conn = kind(target.host, target.port, address=address, timeout=_remaining(deadline))
    try:
        conn.request("GET", target.path, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        sock = conn.sock  # the response reads from it; the connection may let go of it
        sock.settimeout(_remaining(deadline))
        response = conn.getresponse()
        if response.status in (301, 302, 303, 307, 308):
            location = response.getheader("Location")
            if not location:
                raise FetchFailed("status")
            return "redirect", location
        if not 200 <= response.status < 300:
            raise FetchFailed("status")
        return "body", _read_body(response, sock, deadline=deadline, max_bytes=max_bytes)
    except FetchError:
        raise
    except TimeoutError as exc:
        raise FetchFailed("timeout") from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise FetchFailed("unreachable") from exc
    finally:
        conn.close()


def fetch(url: str, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Return the body at ``url`` under the rules of this module's docstring."""
    deadline = time.monotonic() + timeout
    for _hop in range(MAX_REDIRECTS + 1):
        target = parse_target(url)
        address = checked_address(target)
        kind, value = _request(target, address, deadline=deadline, max_bytes=max_bytes)
        if kind == "body":
            return value
        url = urljoin(url, value)
    raise FetchFailed("redirects")
