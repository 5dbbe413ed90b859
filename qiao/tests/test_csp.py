"""The Content-Security-Policy: sent with every response, and nothing in Qiao's templates
or pages needs an inline script or an event-handler attribute to work."""

import re
from pathlib import Path

import pytest
from django.test import Client

from qiao.directory.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(ROOT.glob("**/templates/**/*.html"))

EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
ANONYMOUS = [
    "/directory/",
    "/directory/people/",
    "/market/",
    "/lab/",
    "/events/",
    "/accounts/login/",
    "/api/docs",
    "/api/taxonomy/terms/",
    "/no-such-page/",
]
OPERATOR = ["/insights/", "/insights/network/", "/news/", "/pipeline/agreements/", "/admin/"]

# A <script> element that would run: no src, and not a JSON data block (json_script).
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=[\"']application/(?:json|ld\+json)[\"'])[^>]*>",
    re.IGNORECASE,
)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"(?:href|src|action)\s*=\s*[\"']\s*javascript:", re.IGNORECASE)
HX_EVAL = re.compile(r"\shx-on[:-]|\bjs:|\bjavascript:", re.IGNORECASE)


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


def executable_inline(html: str) -> list[str]:
    return INLINE_SCRIPT.findall(html) + HANDLER.findall(html) + JS_URL.findall(html)


@pytest.mark.parametrize("path", ANONYMOUS)
def test_every_anonymous_response_carries_the_policy(path):
    response = Client().get(path)
    assert {k: v for k, v in policy(response).items() if k in EXPECTED} == EXPECTED
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert executable_inline(response.content.decode()) == []


@pytest.mark.parametrize("path", OPERATOR)
def test_every_operator_page_carries_the_policy_and_runs_no_inline_script(path):
    client = Client()
    client.force_login(UserFactory(is_operator=True, is_staff=True, is_superuser=True))
    response = client.get(path)
    assert response.status_code == 200
    assert {k: v for k, v in policy(response).items() if k in EXPECTED} == EXPECTED
    assert executable_inline(response.content.decode()) == []


def test_the_scan_sees_the_templates():
    assert len(TEMPLATES) > 50
    assert ROOT / "templates/base.html" in TEMPLATES


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_an_inline_script_or_a_handler_attribute(template):
    source = template.read_text(encoding="utf-8")
    assert executable_inline(source) == []
    assert HX_EVAL.findall(source) == []


def test_the_scanners_find_what_they_look_for():
    assert executable_inline('<script>alert(1)</script><a href="x" onclick="go()">') == [
        "<script>",
        '<a href="x" onclick=',
    ]
    assert executable_inline('<script id="d" type="application/json">{}</script>') == []
    assert executable_inline('<script src="/static/qiao/qiao.js" defer></script>') == []
    assert HX_EVAL.findall('<button hx-on:click="alert(1)">') == [" hx-on:"]
