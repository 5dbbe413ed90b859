import pytest

from qiao.matching.glossary import (
    Glossary,
    default_glossary,
    load_glossary,
    load_taxonomy_terms,
    units,
)

LINES = [
    "# a comment",
    "",
    "ivd\t体外诊断|體外診斷|IVD|in vitro diagnostics",
    "pcr\tPCR|荧光定量PCR|核酸扩增",
    "ep\tEP|电生理",
    "single\t癌|肿瘤",
]


@pytest.fixture
def glossary():
    return Glossary.from_lines(LINES)


def test_units_split_cjk_characters_and_latin_words():
    assert units("荧光定量PCR, ISO13485") == ("荧", "光", "定", "量", "pcr", "iso", "13485")


def test_comments_and_blank_lines_are_skipped(glossary):
    assert glossary.concept_ids == ("ivd", "pcr", "ep", "single")
    assert len(glossary) == 4


def test_traditional_and_case_variants_match(glossary):
    # The reported form is the first listed form with the same normalised spelling.
    assert glossary.find("體外診斷 and ivd") == [("ivd", "体外诊断"), ("ivd", "IVD")]


def test_cjk_forms_match_inside_longer_runs(glossary):
    assert glossary.concepts_in("我们寻求体外诊断试剂合作") == {"ivd": "体外诊断"}


def test_latin_forms_match_whole_words_only(glossary):
    assert glossary.find("step by step") == []
    assert glossary.find("EP mapping") == [("ep", "EP")]


def test_multiword_latin_form_matches_across_punctuation(glossary):
    assert glossary.find("In-vitro diagnostics") == [("ivd", "in vitro diagnostics")]


def test_form_inside_longer_match_of_same_concept_counts_once(glossary):
    assert glossary.find("实时荧光定量PCR检测") == [("pcr", "荧光定量PCR")]


def test_single_cjk_character_forms_are_ignored(glossary):
    assert glossary.surfaces("single") == ("肿瘤",)
    assert glossary.find("肺癌") == []


def test_expand_returns_all_forms_of_found_concepts(glossary):
    assert glossary.expand("IVD") == {"体外诊断", "體外診斷", "IVD", "in vitro diagnostics"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("no tab here", "glossary line 1: expected 'concept_id<TAB>forms'"),
        ("Bad Id\tx|y", "glossary line 1: expected 'concept_id<TAB>forms'"),
        ("empty\t | ", "glossary line 1: concept 'empty' has no forms"),
    ],
)
def test_bad_lines_raise_with_line_number(line, message):
    with pytest.raises(ValueError) as error:
        Glossary.from_lines([line])
    assert str(error.value) == message


def test_load_glossary_reads_a_file(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("\n".join(LINES), encoding="utf-8")
    assert load_glossary(path).surfaces("pcr") == ("PCR", "荧光定量PCR", "核酸扩增")


def test_shipped_glossary_covers_the_domain():
    glossary = default_glossary()
    assert len(glossary) >= 120
    assert glossary.concepts_in("LAMP等温扩增") == {"isothermal": "LAMP"}
    assert glossary.concepts_in("人工耳蜗") == {"cochlear_implant": "人工耳蜗"}
    assert glossary.concepts_in("TAVR") == {"tavr": "TAVR"}
    assert glossary.concepts_in("环氧乙烷") == {"sterilisation": "环氧乙烷"}
    assert glossary.concepts_in("天使輪") == {"round_angel": "天使轮"}


def test_taxonomy_terms_become_vocabulary_code_concepts():
    taxonomy = load_taxonomy_terms()
    assert taxonomy.concepts_in("IVD instruments") == {
        "device_category:22": "IVD instruments",
        "device_category:ivd": "IVD",
        "technology_area:ivd": "IVD",
    }
    assert "organisation_kind:hospital" not in taxonomy
    assert "lifecycle_stage:market" not in taxonomy


def test_taxonomy_vocabularies_can_be_chosen():
    taxonomy = load_taxonomy_terms(vocabularies=["organisation_kind"])
    assert taxonomy.concepts_in("第三方检测") == {"organisation_kind:testing_lab": "第三方检测"}


def test_shipped_glossary_is_reviewed():
    from qiao.matching.glossary import default_glossary

    glossary = default_glossary()
    assert len(glossary) >= 300
    # Wrong pairs the issue found are split: ICU is not 急诊, 专利 is not 成果转化.
    assert set(glossary.concepts_in("ICU")).isdisjoint(glossary.concepts_in("急诊"))
    assert "tech_transfer" not in glossary.concepts_in("专利")
    assert "surgical_robot" not in glossary.concepts_in("康复机器人")
    # A form inside an unrelated word does not name the concept (乳酸 in 聚乳酸, 转移 in 技术转移).
    assert "lactate" not in glossary.concepts_in("聚乳酸")
    assert "lymph_node" not in glossary.concepts_in("技术转移")
    # English and Chinese names of one device meet in one concept.
    assert set(glossary.concepts_in("pulsed field ablation")) & set(
        glossary.concepts_in("脉冲电场消融")
    )
