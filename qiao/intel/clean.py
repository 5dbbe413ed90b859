"""Clean scraped news text, keeping a map from every cleaned character to the original.

Pure module (no Django import). ``clean_text(raw)`` returns a :class:`Cleaned` whose
``text`` is the article body in simplified Chinese, one paragraph per line, and whose
``offsets[i]`` is the index in ``raw`` of the character that became ``text[i]``; so an
extraction found at ``text[a:b]`` points at ``raw[span(a, b)]``.

The steps, in order: repair of the pinyin garbling ("產(chǎn)業(yè)" → "產業"), Unicode NFKC
normalisation, traditional → simplified (OpenCC), removal of navigation, forum sidebars,
advertisements, spam and credit lines, removal of repeated paragraphs, and whitespace
collapsing. HTML goes through trafilatura's main-text extraction first
(``html_to_text``); the map then points into trafilatura's text, which the article keeps as
its original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import opencc

_converter = opencc.OpenCC("t2s")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A CJK character followed by its pinyin in parentheses (ASCII or full-width), with tone
# marks or tone digits, sometimes with a stray space before the closing parenthesis.
_PINYIN_GARBLE = re.compile(
    rf"(?<=[{_CJK}])[(（]\s?[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{{1,7}}[1-5]?\s?[)）]"
)

# A line that begins with one of these is page furniture, not article text.
_JUNK_LINE_STARTS = (
    "当前位置",
    "您的位置",
    "首页 »",
    "首页>",
    "发布日期",
    "来源:",
    "浏览次数",
    "核心提示",
    "编辑:",
    "责任编辑",
    "审读:",
    "审核:",
    "校对:",
    "文字丨",
    "图片丨",
    "文字|",
    "图片|",
    "声明:",
    "免责声明",
    "转载请注明",
    "版权所有",
    "全国客服电话",
    "客服电话",
    "打开“",
    '打开"',
    "APP内打开",
    "参与讨论",
    "展开",
    "分享到",
    "扫一扫",
    "点击查看",
    "我要发帖",
    "上一篇",
    "下一篇",
    "• 上一篇",
    "• 下一篇",
)
# Once one of these lines appears, the rest of the page is sidebar or comments.
_TAIL_MARKERS = (
    "本文作者",
    "Ta的圈贴",
    "最新话题",
    "最新评论",
    "相关阅读",
    "相关文章",
    "猜你喜欢",
    "热门推荐",
    "转载请注明",
    "上一篇文章",
)
_URL = re.compile(r"https?://\S+|www\.\S+")
_RELATIVE_TIME = re.compile(r"^\d+\s*(秒|分钟|小时|天|周|个月|年)前$")
_FORUM_LINE = re.compile(r"圈主[:：]|帖子[:：]\d+")
_PHONE = re.compile(r"\d{3}-\d{3}-\d{4}|400-?\d{3,4}-?\d{3,4}")
_SPACE = re.compile(r"[ \t\u3000\u00a0]+")
_DATE_LINE = re.compile(
    r"(?:发布日期|发布时间|日期|时间)[:：]\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})"
)
_SOURCE_LINE = re.compile(r"来源[:：]\s*([^\s]+)")
_CJK_CHAR = re.compile(rf"[{_CJK}]")


@dataclass
class Cleaned:
    """Cleaned text plus, for every character of it, the index of its original character."""

    text: str
    offsets: list[int]
    original_length: int
    published_on: str | None = None
    source: str = ""
    removed_lines: list[str] = field(default_factory=list)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original ``(start, end)`` of the cleaned ``text[start:end]``."""
        if not self.offsets or start >= end:
            return (0, 0)
        start = max(0, min(start, len(self.offsets) - 1))
        end = max(start + 1, min(end, len(self.offsets)))
        return (self.offsets[start], self.offsets[end - 1] + 1)


def html_to_text(html: str) -> str:
    """Return the main text of an HTML page (trafilatura), or "" when there is none."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True
    )
    return text or ""


def html_metadata(html: str) -> tuple[str | None, str]:
    """Return (publication date as YYYY-MM-DD or None, title) read from an HTML page."""
    import trafilatura

    meta = trafilatura.extract_metadata(html)
    if meta is None:
        return (None, "")
    return (meta.date or None, meta.title or "")


def _chars(raw: str) -> list[tuple[str, int]]:
    """Drop the pinyin garbling and NFKC-normalise, returning (char, original index)."""
    keep = bytearray(b"\x01") * len(raw)
    for m in _PINYIN_GARBLE.finditer(raw):
        keep[m.start() : m.end()] = b"\x00" * (m.end() - m.start())
    out: list[tuple[str, int]] = []
    for i, ch in enumerate(raw):
        if not keep[i]:
            continue
        if ch.isascii() or "\u4e00" <= ch <= "\u9fff":
            out.append((ch, i))
            continue
        norm = unicodedata.normalize("NFKC", ch)
        for c in norm:
            out.append((c, i))
    return out


def _simplify(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    text = "".join(c for c, _ in chars)
    converted: str = _converter.convert(text)
    if len(converted) == len(text):
        return [(c, chars[i][1]) for i, c in enumerate(converted)]
    # Phrase conversions changed the length somewhere: fall back to one character at a time.
    return [(_converter.convert(c) or c, i) for c, i in chars]


def _is_junk(line: str) -> bool:
    if not line:
        return True
    if line.startswith(_JUNK_LINE_STARTS):
        return True
    if _RELATIVE_TIME.match(line) or _FORUM_LINE.search(line):
        return True
    stripped = _URL.sub("", line).strip()
    if stripped != line.strip() and len(_CJK_CHAR.findall(stripped)) < 25:
        return True  # a link with a short caption: advertisement or spam
    if not _CJK_CHAR.search(line) and not re.search(r"[A-Za-z]{3,}", line):
        return True  # punctuation, bullets, digits alone
    if _PHONE.search(line) and len(line) < 40:
        return True
    return False


def _paragraph_key(line: str) -> str:
    return re.sub(r"\W+", "", line)


def clean_text(raw: str) -> Cleaned:
    """Return the cleaned article text of ``raw`` with its map back to ``raw``."""
    chars = _simplify(_chars(raw))
    published: str | None = None
    source = ""
    removed: list[str] = []
    out: list[tuple[str, int]] = []
    seen: set[str] = set()
    # Split into lines, keeping the original index of every character.
    lines: list[list[tuple[str, int]]] = [[]]
    for c, i in chars:
        if c in "\r\n\u2028\u2029":
            lines.append([])
        else:
            lines[-1].append((c, i))
    for line_chars in lines:
        # Collapse runs of spaces, strip both ends.
        collapsed: list[tuple[str, int]] = []
        for c, i in line_chars:
            if c in " \t\u3000\u00a0\u200b\ufeff":
                if collapsed and collapsed[-1][0] != " ":
                    collapsed.append((" ", i))
                continue
            collapsed.append((c, i))
        while collapsed and collapsed[-1][0] == " ":
            collapsed.pop()
        line = "".join(c for c, _ in collapsed)
        if not line:
            continue
        if published is None and (m := _DATE_LINE.search(line)):
            published = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
        if not source and (m := _SOURCE_LINE.search(line)):
            source = m[1]
        if line.startswith(_TAIL_MARKERS):
            removed.append(line)
            break
        if _is_junk(line):
            removed.append(line)
            continue
        key = _paragraph_key(line)
        if len(key) >= 8 and key in seen:
            removed.append(line)
            continue
        seen.add(key)
        if out:
            out.append(("\n", collapsed[0][1]))
        out.extend(collapsed)
    return Cleaned(
        text="".join(c for c, _ in out),
        offsets=[i for _, i in out],
        original_length=len(raw),
        published_on=published,
        source=source,
        removed_lines=removed,
    )
