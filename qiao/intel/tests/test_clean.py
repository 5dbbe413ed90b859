from qiao.intel.clean import clean_text
from qiao.intel.tests.conftest import SEEDS, needs_seeds


def test_pinyin_garbling_is_removed_and_traditional_becomes_simplified():
    raw = "生物醫藥產(chǎn)業(yè)作為上海三大先導產(chǎn)業(yè)之一,創(chuàng )新高地。"
    cleaned = clean_text(raw)
    assert cleaned.text == "生物医药产业作为上海三大先导产业之一,创新高地。"


def test_offsets_point_back_at_the_original_characters():
    raw = "3月17日,上海市奉賢區(qū)中心醫院與伯傑醫療簽約。"
    cleaned = clean_text(raw)
    start = cleaned.text.index("伯杰医疗")
    s, e = cleaned.span(start, start + 4)
    assert raw[s:e] == "伯傑醫療"
    start = cleaned.text.index("奉贤区中心医院")
    s, e = cleaned.span(start, start + len("奉贤区中心医院"))
    assert raw[s:e] == "奉賢區(qū)中心醫院"


def test_repeated_paragraphs_navigation_and_spam_are_removed():
    raw = (
        "当前位置: 首页 » 资讯 » 正文\n"
        "发布日期:2023-04-11   来源:医药网   浏览次数:0\n"
        "上海嘉定启动建立生物医药产业创新联盟,整合产业链资源。\n"
        "吃什么可治疗脱发 http://spam.example.com/1.html\n"
        "上海嘉定启动建立生物医药产业创新联盟,整合产业链资源。\n"
        "本文作者\n口罩圈圈主:18600000000a 帖子:229\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.text == "上海嘉定启动建立生物医药产业创新联盟,整合产业链资源。"
    assert cleaned.published_on == "2023-04-11"
    assert cleaned.source == "医药网"


def test_unicode_is_normalised():
    assert clean_text("ＩＶＤ临床研究基地，签约。").text == "IVD临床研究基地,签约。"


@needs_seeds
def test_the_seed_articles_come_out_clean():
    texts = {
        p.stem[:3]: clean_text(p.read_text(encoding="utf-8")).text
        for p in sorted(SEEDS.glob("*.txt"))
    }
    assert (
        "(ch" not in texts["000"] and "产业" in texts["000"] and "全国客服电话" not in texts["000"]
    )
    assert "圈主" not in texts["001"] and "最新话题" not in texts["001"]
    assert "當前位置" not in texts["002"] and "当前位置" not in texts["002"]
    assert texts["003"].count("新华财经上海10月16日电") == 1
    assert "白癜风" not in texts["004"] and "转载请注明" not in texts["004"]
    assert "上海伯杰医疗科技股份有限公司" in texts["000"]
