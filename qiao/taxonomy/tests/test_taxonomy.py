"""The shipped vocabularies: loading, synonyms, labels, tags and the API."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from qiao.taxonomy.loading import DATA_FILE, load_shipped_terms
from qiao.taxonomy.models import Term, Vocabulary
from qiao.taxonomy.selectors import get_term, get_terms_by_tags, list_terms

pytestmark = pytest.mark.django_db

SHIPPED = json.loads(DATA_FILE.read_text(encoding="utf-8"))


def test_every_shipped_term_is_loaded_once_in_each_vocabulary():
    assert set(SHIPPED) == set(Vocabulary.values)
    for vocabulary, rows in SHIPPED.items():
        codes = list(Term.objects.filter(vocabulary=vocabulary).values_list("code", flat=True))
        assert sorted(codes) == sorted(code for code, *_rest in rows)


def test_loading_again_creates_nothing_and_keeps_an_operators_changes():
    hospital = get_term(vocabulary="organisation_kind", code="hospital")
    hospital.name_en = "Hospital (edited)"
    hospital.save()
    Term.objects.create(
        vocabulary="organisation_kind", code="clinic", name_zh="诊所", name_en="Clinic"
    )

    assert load_shipped_terms(Term) == 0
    hospital.refresh_from_db()
    assert hospital.name_en == "Hospital (edited)"
    assert Term.objects.filter(code="clinic").exists() is True


def test_update_resets_shipped_names_and_recreates_a_deleted_term():
    get_term(vocabulary="organisation_kind", code="cro").delete()
    hospital = get_term(vocabulary="organisation_kind", code="hospital")
    hospital.name_en = "Hospital (edited)"
    hospital.save()
    out = StringIO()

    call_command("load_taxonomy", "--update", stdout=out)

    assert out.getvalue().strip() == "taxonomy: 1 terms created"
    hospital.refresh_from_db()
    assert hospital.name_en == "Hospital"
    assert get_term(vocabulary="organisation_kind", code="cro").position == 4


def test_synonyms_are_one_per_line_without_blanks():
    term = Term(
        name_zh="医院", name_en="Hospital", synonyms=" 医疗机构 \n\n医学中心\n  \nmedical centre"
    )

    assert term.synonym_list == ["医疗机构", "医学中心", "medical centre"]
    assert term.search_texts() == ["医院", "Hospital", "医疗机构", "医学中心", "medical centre"]
    assert get_term(vocabulary="organisation_kind", code="hospital").synonym_list == [
        "医疗机构",
        "医学中心",
        "medical centre",
    ]


def test_label_follows_the_language_and_falls_back_to_the_other():
    term = Term(name_zh="医院", name_en="Hospital")
    only_chinese = Term(name_zh="医院", name_en="")
    with translation.override("en"):
        assert (term.label, only_chinese.label) == ("Hospital", "医院")
    with translation.override("zh-hans"):
        assert (term.label, str(term)) == ("医院", "医院")


def test_inactive_terms_are_left_out_unless_asked_for():
    first = Term.objects.filter(vocabulary="lifecycle_stage").first()
    Term.objects.filter(pk=first.pk).update(is_active=False)

    active = list_terms(vocabulary="lifecycle_stage")
    every = list_terms(vocabulary="lifecycle_stage", include_inactive=True)

    assert first not in active
    assert every.count() == active.count() + 1


def test_tags_name_their_terms_in_order_and_every_unknown_one_is_reported():
    terms = get_terms_by_tags(["organisation_kind:cro", "organisation_kind:hospital"])
    assert [t.code for t in terms] == ["cro", "hospital"]

    with pytest.raises(ValidationError) as error:
        get_terms_by_tags(["organisation_kind:nope", "device_category:zz", "organisation_kind:cro"])
    assert error.value.message_dict == {
        "tags": ["未知标签：organisation_kind:nope", "未知标签：device_category:zz"]
    }


def test_api_lists_active_terms_of_one_vocabulary_with_synonyms(client):
    response = client.get("/api/taxonomy/terms/", {"vocabulary": "organisation_kind"})

    assert response.status_code == 200
    rows = response.json()
    assert [r["code"] for r in rows] == [code for code, *_rest in SHIPPED["organisation_kind"]]
    hospital = rows[0]
    assert hospital["synonyms"] == ["医疗机构", "医学中心", "medical centre"]
    assert (hospital["name_zh"], hospital["name_en"]) == ("医院", "Hospital")


def test_api_lists_every_vocabulary_without_a_filter_and_refuses_an_unknown_one(client):
    every = client.get("/api/taxonomy/terms/").json()
    assert len(every) == sum(len(rows) for rows in SHIPPED.values())

    refused = client.get("/api/taxonomy/terms/", {"vocabulary": "colour"})
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["vocabulary"]
