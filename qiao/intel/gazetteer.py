"""The gazetteer the extractor links to: every directory organisation under all its names."""

import unicodedata

import opencc

from qiao.directory.models import Organisation
from qiao.intel.extract import Gazetteer, GazetteerEntry

_converter = opencc.OpenCC("t2s")


def _simplified(name: str) -> str:
    """Return the name as the cleaned text has it: NFKC-normalised, simplified."""
    return str(_converter.convert(unicodedata.normalize("NFKC", name))).strip()


# Directory kind codes → the extractor's organisation types.
TYPE_OF_KIND = {"cro": "company", "cdmo": "company", "testing_lab": "institute"}
# The extractor's types → directory kind codes, for new organisations.
KIND_OF_TYPE = {"association": "alliance", "other": "company"}


def organisation_type(kind_code: str, name_zh: str) -> str:
    """Return the extractor's type of a directory organisation of this kind and name."""
    if kind_code == "alliance" and name_zh.endswith(("协会", "学会", "商会", "联合会")):
        return "association"
    return TYPE_OF_KIND.get(kind_code, kind_code)


def entry(
    *, key: str, kind_code: str, name_zh: str, short_name_zh: str, aliases: list[str]
) -> GazetteerEntry:
    """Return the gazetteer entry of one organisation, with simplified variants of its names."""
    names = [short_name_zh, *aliases]
    names += [_simplified(n) for n in (name_zh, *names) if n]
    # "上海市科委" is also written "市科委" after another Shanghai body.
    names += [n[2:] for n in names if n.startswith(("上海市", "深圳市")) and len(n) >= 5]
    return GazetteerEntry(
        key=key,
        name=_simplified(name_zh),
        type=organisation_type(kind_code, name_zh),
        names=tuple(dict.fromkeys(n for n in names if n and len(n) >= 2)),
    )


def gazetteer_entry(organisation: Organisation) -> GazetteerEntry:
    return entry(
        key=str(organisation.pk),
        kind_code=organisation.kind.code,
        name_zh=organisation.name_zh,
        short_name_zh=organisation.short_name_zh,
        aliases=organisation.alias_list,
    )


def build_gazetteer() -> Gazetteer:
    """Return the gazetteer of every organisation in the directory."""
    organisations = Organisation.objects.select_related("kind").only(
        "id", "name_zh", "short_name_zh", "aliases", "kind__code"
    )
    return Gazetteer.build(gazetteer_entry(o) for o in organisations)
