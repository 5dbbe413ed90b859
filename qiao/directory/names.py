"""Organisation names: how they are stored, and when two of them look the same.

Pure functions (no database). ``clean_name`` is what the directory stores: Unicode NFC,
zero-width and other format characters (category Cf) and invisible fillers removed,
whitespace collapsed. Chinese typography is kept (``（筹）`` stays fullwidth), so names read
as their owners write them.

``name_key`` is what two names are compared by, so that a name that *looks* like another
organisation's is refused even if its code points differ: NFKC (fullwidth ``Ａ`` is ``A``),
traditional to simplified Chinese (OpenCC, as search does: 醫療 is 医疗), case folded,
look-alike letters folded to the Latin letter they imitate (Cyrillic ``а``, Greek ``ο``;
Unicode's confusables data, from the ``confusable-homoglyphs`` package), and spaces,
punctuation and invisible characters dropped. Two names with the same key would be
indistinguishable in a search result, so the directory lets only one organisation hold it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from qiao.core.text import normalise

# Characters that render as nothing but are letters or symbols, not format characters.
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_SPACES = re.compile(r"\s+")
# ASCII look-alikes among themselves (after case folding): B0JIE is BOJIE.
_ASCII_FOLD = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l"})


def _is_han(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK ")


def _visible(char: str) -> bool:
    return unicodedata.category(char) != "Cf" and char not in _INVISIBLE


def clean_name(text: str) -> str:
    """Return the name as stored: NFC, no format characters, single spaces, trimmed."""
    if not text:
        return ""
    text = "".join(ch for ch in unicodedata.normalize("NFC", text) if _visible(ch))
    return _SPACES.sub(" ", text).strip()


def clean_lines(text: str) -> str:
    """Return one name per line, each cleaned, empty lines dropped."""
    return "\n".join(n for n in (clean_name(line) for line in text.splitlines()) if n)


@lru_cache(maxsize=1)
def _confusable_fold() -> dict[str, str]:
    """Map each non-Latin look-alike of an ASCII letter or digit to that character."""
    from confusable_homoglyphs.confusables import confusables_data

    fold: dict[str, str] = {}
    for char, homoglyphs in confusables_data.items():
        if len(char) != 1 or char.isascii() or _is_han(char):
            continue
        ascii_ = [h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii()]
        letters = [c for c in ascii_ if c.isalnum()]
        if letters:
            fold[char] = letters[0].lower()
    return fold


def name_key(text: str) -> str:
    """Return the comparison key of a name: equal keys mean the names look the same."""
    fold = _confusable_fold()
    # Fold before and after case folding: Cyrillic "В" imitates "B", its lower case "в" no "b".
    text = unicodedata.normalize("NFKC", clean_name(text))
    text = normalise("".join(fold.get(ch, ch) for ch in text)).casefold()
    text = "".join(fold.get(ch, ch) for ch in text)
    text = text.translate(_ASCII_FOLD)
    return "".join(
        ch
        for ch in text
        if _visible(ch) and unicodedata.category(ch)[0] not in "PZC" and not ch.isspace()
    )
