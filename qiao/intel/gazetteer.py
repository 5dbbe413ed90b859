"""The gazetteer the extractor links to: every directory organisation under all its names."""

import opencc

from qiao.directory.models import Organisation
from qiao.intel.extract import Gazetteer, GazetteerEntry

_t2s = opencc.OpenCC("t2s")
# Directory kind codes → the extractor's organisation types.
TYPE_OF_KIND = {"cro": "company", "cdmo": "company", "testing_lab": "institute"}
# The extractor's types → directory kind codes, for new organisations.
KIND_OF_TYPE = {"association": "alliance", "other": "company"}


def organisation_type(organisation: Organisation) -> str:
    code = organisation.kind.code
    if code == "alliance" and organisation.name_zh.endswith(("协会", "学会", "商会")):
        return "association"
    return TYPE_OF_KIND.get(code, code)


def gazetteer_entry(organisation: Organisation) -> GazetteerEntry:
    names = [organisation.short_name_zh, *organisation.alias_list]
    names += [_t2s.convert(n) for n in (organisation.name_zh, *names) if n]
    return GazetteerEntry(
        key=str(organisation.pk),
        name=_t2s.convert(organisation.name_zh),
        type=organisation_type(organisation),
        names=tuple(dict.fromkeys(n for n in names if n and len(n) >= 2)),
    )


def build_gazetteer() -> Gazetteer:
    """Return the gazetteer of every organisation in the directory."""
    organisations = Organisation.objects.select_related("kind").only(
        "id", "name_zh", "short_name_zh", "aliases", "kind__code"
    )
    return Gazetteer.build(gazetteer_entry(o) for o in organisations)
