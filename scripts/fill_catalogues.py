"""Fill new catalogue entries: English by identity, Chinese from a JSON map given on argv.

    .venv/bin/python scripts/fill_catalogues.py zh.json [more.json …]

Entries left fuzzy by makemessages are reset too; the script prints what it could not fill.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def fill(locale: str, translations: dict[str, str]) -> list[str]:
    path = ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    missing = []
    for entry in catalogue:
        if entry.translated() and "fuzzy" not in entry.flags:
            continue
        if locale == "en":
            text, plural = entry.msgid, entry.msgid_plural or entry.msgid
        elif entry.msgid in translations:
            text = plural = translations[entry.msgid]
        else:
            missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            count = 1 if locale == "zh_Hans" else 2
            entry.msgstr_plural = {0: text, 1: plural} if count == 2 else {0: text}
        else:
            entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    catalogue.save(str(path))
    return missing


def main() -> int:
    translations: dict[str, str] = {}
    for path in sys.argv[1:]:  # several maps: later ones win
        translations.update(json.loads(Path(path).read_text(encoding="utf-8")))
    missing = fill("en", {}) + fill("zh_Hans", translations)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
