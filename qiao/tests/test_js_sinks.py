"""Qiao's own scripts put no user text into HTML unescaped.

The rule the scan enforces, file by file under ``qiao/**/static/`` (ECharts and htmx come
from npm and PyPI and are not Qiao's): no HTML sinks at all (innerHTML, outerHTML,
insertAdjacentHTML, document.write, jQuery's .html), no string evaluation (eval, new
Function, a string given to setTimeout), and every ECharts ``formatter`` is either a string
template, whose values ECharts escapes, or wrapped in ``Qiao.textFormatter``, which escapes
what the function returns through the one helper, ``Qiao.escapeHtml`` in qiao.js.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p for p in ROOT.glob("**/static/**/*.js") if "vendor" not in p.parts)

SINKS = re.compile(
    r"\.(?:inner|outer)HTML\b|insertAdjacentHTML|document\.write|\.html\(|\beval\(|"
    r"new\s+Function\b|setTimeout\(\s*[\"'`]|setInterval\(\s*[\"'`]"
)
FORMATTER = re.compile(r"\bformatter\s*:\s*(?P<value>\S+)")
SAFE_FORMATTER = re.compile(r"""^(?:"|'|(?:window\.)?Qiao\.textFormatter\()""")
COMMENT = re.compile(r"(?:^|(?<=\s))//.*$", re.MULTILINE)


def test_the_scan_sees_the_scripts():
    names = {p.name for p in SCRIPTS}
    assert {"qiao.js", "insights.js"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_unescaped_html_sink(script):
    source = COMMENT.sub("", script.read_text(encoding="utf-8"))
    lines = source.splitlines()
    sinks = [f"{n}: {line.strip()}" for n, line in enumerate(lines, 1) if SINKS.search(line)]
    formatters = [
        f"{source.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
        for m in FORMATTER.finditer(source)
        if not SAFE_FORMATTER.match(m.group("value"))
    ]
    assert sinks == []
    assert formatters == []


def test_the_graph_tooltip_escapes_the_names():
    source = (ROOT / "static/qiao/insights.js").read_text(encoding="utf-8")
    assert "formatter: window.Qiao.textFormatter(function (p)" in source
