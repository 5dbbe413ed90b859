"""Both translation catalogues are complete: a test fails on any untranslated string.

The source strings are extracted afresh (Django's makemessages, in a copy of the tree) and
compared with the committed catalogues, so a new string without a translation fails here.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
LOCALES = ["zh_Hans", "en"]


def _require_gettext():
    if shutil.which("xgettext") is None:
        message = "GNU gettext (xgettext) is needed to extract strings: apt-get install gettext"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _catalogue(root: Path, locale: str) -> polib.POFile:
    return polib.pofile(str(root / "locale" / locale / "LC_MESSAGES" / "django.po"))


def _key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, set]:
    _require_gettext()
    copy = tmp_path_factory.mktemp("tree")
    shutil.copytree(ROOT / "qiao", copy / "qiao", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    for locale in LOCALES:
        (copy / "locale" / locale / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--no-obsolete",
            "--no-location",
            *[arg for locale in LOCALES for arg in ("--locale", locale)],
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "QIAO_VAR_DIR": str(copy / "var")},
    )
    return {locale: {_key(e) for e in _catalogue(copy, locale)} for locale in LOCALES}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_source_string_is_in_the_catalogue(extracted, locale):
    committed = {_key(e) for e in _catalogue(ROOT, locale)}
    missing = sorted(extracted[locale] - committed)
    assert missing == [], f"Run `make messages` and translate: {missing[:20]}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_catalogue_entry_is_translated(locale):
    catalogue = _catalogue(ROOT, locale)
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_chinese_catalogue_really_is_chinese():
    catalogue = _catalogue(ROOT, "zh_Hans")
    latin_only = [
        e.msgid
        for e in catalogue.translated_entries()
        if e.msgstr
        and not any("\u4e00" <= ch <= "\u9fff" for ch in e.msgstr)
        and any(ch.isalpha() for ch in e.msgid)
        and e.msgid not in KEPT_AS_IS
    ]
    assert latin_only == []


# Names and abbreviations that Chinese users read in Latin letters too.
KEPT_AS_IS = {"API", "CRO", "CDMO", "English", "Qiao", "IVD"}
