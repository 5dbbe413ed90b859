"""Render the written development articles into the messy styles of the seed articles.

    .venv/bin/python benchmarks/data/news/make_own.py

writes ``own/<stem>.txt`` (the messy article), ``own/<stem>.json`` (gold, CLI format) and
``own/<stem>.meta.json`` (publication date); the held-out articles likewise into ``heldout/``.
Articles in ``articles_*.py`` are marked up inline (``markup.py``). Deterministic: run it
again, same files.
"""

import json
import sys
from pathlib import Path

import opencc
from pypinyin import Style, pinyin

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import markup  # noqa: E402
from articles_heldout import HELDOUT2  # noqa: E402
from heldout_articles import HELDOUT  # noqa: E402
from own_articles import ARTICLES  # noqa: E402

try:
    from articles_dev import DEV2  # noqa: E402
except ImportError:  # the held-out batch was written and frozen first
    DEV2 = []

_s2t = opencc.OpenCC("s2t")


def garble(text: str) -> str:
    """Follow every third Chinese character with its pinyin in parentheses, like the seeds."""
    out = []
    for ch in text:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and ord(ch) % 3 == 0:
            reading = pinyin(ch, style=Style.TONE)[0][0]
            out.append(f"({reading})")
    return "".join(out)


def render(article: dict) -> str:
    text = article["text"]
    lines = text.split("\n")
    title = lines[0][:30]
    style = article["style"]
    if style == "garble":
        return garble(_s2t.convert(text)) + "\n\n文字丨通讯员\n全国客服电话:400-800-1234"
    if style == "plain":
        return text
    if style == "nav":
        head = [
            "当前位置: 首页 » 资讯 » 行业动态 » 正文",
            "",
            _s2t.convert(title),
            "",
            f"发布日期:{article['published']}   来源:医械网   浏览次数:12",
            "核心提示:" + _s2t.convert(lines[1][:40]),
            "",
        ]
        body = ["  " + _s2t.convert(line) + "\n " for line in lines]
        return "\n".join(head + body + ["", "?"])
    if style == "forum":
        sidebar = [
            "本文作者",
            "Ta的圈贴",
            "更多最新创建圈子",
            "-",
            "影像设备圈圈主:13900001111a 帖子:88",
            "-",
            "康复器械圈圈主:13900001111a 帖子:301",
            "最新话题",
            "我要发帖- 一次性耗材灭菌外包哪家强",
            "- 二手超声设备转让,价格面议",
        ]
        return garble(_s2t.convert(text)) + "\n" + "\n".join(sidebar)
    if style == "dup":
        tail = [
            "编辑:王小二",
            "",
            "声明:本平台所发布的信息均不构成投资建议。如有问题,请联系客服:400-6000000",
        ]
        block = "\n\n".join(lines) + "\n\n" + "\n\n".join(tail)
        return (
            title
            + "\n\n1个月前\n\n"
            + block
            + "\n\n"
            + block
            + "\n\n展开\n打开“财经头条”阅读更多精彩资讯\n最新评论\n\n参与讨论\n\nAPP内打开"
        )
    if style == "spam":
        return (
            ".\n\n"
            + title
            + "\n\n哪里治疗脱发好 http://spam.example.com/a/123.html\n\n"
            + "\n\n".join(lines)
            + "\n\n审读:赵六钱七\n\n转载请注明:http://www.example.com/xgyy/1.html\n\n"
            + "  • 上一篇文章:\n  • 下一篇文章: 没有了"
        )
    raise ValueError(style)


def main() -> None:
    for folder, articles in (
        ("own", ARTICLES + [marked(a) for a in DEV2]),
        ("heldout", HELDOUT + [marked(a) for a in HELDOUT2]),
    ):
        write(HERE / folder, articles)


def marked(article: dict) -> dict:
    """Return a marked-up article (``markup.py``) as plain text with its gold."""
    text, gold = markup.parse(article)
    return {**article, "text": text, "gold": gold}


def write(out: Path, articles: list[dict]) -> None:
    out.mkdir(exist_ok=True)
    for article in articles:
        stem = article["stem"]
        (out / f"{stem}.txt").write_text(render(article), encoding="utf-8")
        gold = json.dumps(article["gold"], ensure_ascii=False, indent=2)
        (out / f"{stem}.json").write_text(gold + "\n", encoding="utf-8")
        meta = {"published": article["published"], "style": article["style"]}
        (out / f"{stem}.meta.json").write_text(json.dumps(meta) + "\n", encoding="utf-8")
    print(f"{len(articles)} articles written to {out}")


if __name__ == "__main__":
    main()
