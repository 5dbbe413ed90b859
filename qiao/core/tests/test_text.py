from qiao.core.text import Term, bigram_terms, index_tokens, normalise, query_terms


def test_normalise_converts_traditional_full_width_and_case():
    assert normalise("伯傑醫療 ＩＶＤ") == "伯杰医疗 ivd"


def test_name_tokens_include_words_bigrams_pinyin_and_initials():
    tokens = index_tokens(names=["伯杰医疗"])
    assert {"伯杰", "医疗", "杰医", "bojie", "yiliao", "bojieyiliao", "bjyl"} <= tokens


def test_descriptive_text_gets_words_but_no_pinyin():
    tokens = index_tokens(texts=["专注传染性病原体的诊断试剂"])
    assert {"传染性", "病原体", "诊断", "试剂"} <= tokens
    assert "zhenduan" not in tokens
    assert "的" not in tokens


def test_latin_words_are_lowercased_tokens():
    assert {"ivd", "pcr"} <= index_tokens(texts=["IVD and PCR"])


def test_chinese_query_becomes_exact_word_terms():
    assert query_terms("体外诊断") == [Term("体外", False), Term("诊断", False)]


def test_traditional_query_equals_simplified_query():
    assert query_terms("伯傑") == query_terms("伯杰")


def test_latin_query_terms_match_as_prefixes():
    assert query_terms("BoJie") == [Term("bojie", True)]


def test_mixed_query_keeps_both_scripts():
    assert query_terms("伯杰 PCR") == [Term("伯杰", False), Term("pcr", True)]


def test_bigram_fallback_covers_every_adjacent_pair():
    assert bigram_terms("械谷园") == [Term("械谷", False), Term("谷园", False)]


def test_punctuation_only_query_has_no_terms():
    assert query_terms("（）、!!") == []
