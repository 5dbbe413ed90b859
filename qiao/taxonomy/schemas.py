from ninja import Schema


class TermOut(Schema):
    id: int
    vocabulary: str
    code: str
    name_zh: str
    name_en: str
    synonyms: list[str]
    parent_id: int | None

    @staticmethod
    def resolve_synonyms(obj) -> list[str]:
        return obj.synonym_list
