"""The browser model the round-trip tests rely on: what a form submission sends."""

import pytest

from qiao.tests.formdata import sanitize, submission


@pytest.mark.parametrize(
    ("kind", "value", "sent"),
    [
        ("date", "2023-05-18", "2023-05-18"),
        ("date", "2023/05/18", ""),
        ("date", "2023年5月18日", ""),
        ("date", "2023-02-30", ""),
        ("datetime-local", "2026-05-18T09:30", "2026-05-18T09:30"),
        ("datetime-local", "2026-05-18 09:30:00", "2026-05-18T09:30"),
        ("datetime-local", "2026/05/18 09:30", ""),
        ("time", "09:30", "09:30"),
        ("time", "24:00", ""),
        ("number", "1,000", ""),
        ("number", "12345678.90", "12345678.90"),
        ("text", "a\r\nb", "ab"),
    ],
)
def test_value_sanitization_follows_the_browser(kind, value, sent):
    assert sanitize(kind, value) == sent


def test_submission_sends_what_a_browser_sends():
    html = """
    <form><input name="off" type="checkbox"><input name="on" type="checkbox" checked>
    <select name="one"><option value="a">A</option><option value="b">B</option></select>
    <select name="many" multiple><option value="x">X</option></select>
    <input name="gone" disabled value="1"><input type="file" name="f">
    <textarea name="t">
line 1
line 2</textarea><button name="go" value="edit">Go</button></form>
    """
    assert submission(html) == {
        "on": ["on"],
        "one": ["a"],
        "t": ["line 1\r\nline 2"],
        "go": ["edit"],
    }
