"""A small HTTP server on 127.0.0.1 for tests of outbound fetches (no network needed)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def serve(routes: dict[str, tuple[int, dict[str, str], bytes]]) -> Iterator[tuple[int, list]]:
    """Serve ``routes`` (path → status, headers, body); yield (port, requests seen).

    Each request seen is (path, Host header). A body ``b""`` with status 200 is fine.
    """
    seen: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            seen.append((self.path, self.headers.get("Host", "")))
            status, headers, body = routes.get(self.path, (404, {}, b"not here"))
            self.send_response(status)
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                if value is not None:  # None leaves the header out
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()
