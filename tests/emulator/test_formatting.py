"""Parse modes: Telegram HTML, MarkdownV2 and Markdown, entities and visible length."""

from __future__ import annotations

import pytest

from bot.emulator.errors import ApiError
from bot.emulator.html import EntityParseError, parse_html
from bot.emulator.markdown import parse_markdown, parse_markdown_v2
from bot.emulator.text import parse_message_text


def test_html_visible_text_and_entities() -> None:
    parsed = parse_html(
        '<b>Run</b> <i>5 min</i>, then <a href="https://x.org/?a=1&amp;b=2">rest</a>'
    )
    assert parsed.text == "Run 5 min, then rest"
    assert parsed.entities == [
        {"type": "bold", "offset": 0, "length": 3},
        {"type": "italic", "offset": 4, "length": 5},
        {"type": "text_link", "offset": 16, "length": 4, "url": "https://x.org/?a=1&b=2"},
    ]


def test_html_entities_decode() -> None:
    parsed = parse_html("1 &lt; 2 &amp;&amp; 3 &gt; 2 &quot;ok&quot; &#33; &#x1F3C3;")
    assert parsed.text == '1 < 2 && 3 > 2 "ok" ! 🏃'
    assert parsed.entities == []


def test_html_offsets_are_utf16() -> None:
    parsed = parse_html("🏃 <b>go</b>")
    assert parsed.entities == [{"type": "bold", "offset": 3, "length": 2}]


@pytest.mark.parametrize(
    "tag",
    ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler", "code"],
)
def test_html_all_simple_tags_allowed(tag: str) -> None:
    assert parse_html(f"<{tag}>x</{tag}>").text == "x"


def test_html_special_tags() -> None:
    parsed = parse_html(
        '<span class="tg-spoiler">s</span><pre><code class="language-python">p</code></pre>'
        "<blockquote expandable>q</blockquote><blockquote>r</blockquote>"
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    assert parsed.text == "spqr👍"
    assert [e["type"] for e in parsed.entities] == [
        "spoiler",
        "pre",
        "expandable_blockquote",
        "blockquote",
        "custom_emoji",
    ]
    assert parsed.entities[1]["language"] == "python"
    assert parsed.entities[4]["custom_emoji_id"] == "5368324170671202286"


def test_html_tag_names_are_case_insensitive_and_nest() -> None:
    parsed = parse_html("<B>a<I>b</I></B>")
    assert parsed.text == "ab"
    assert parsed.entities == [
        {"type": "bold", "offset": 0, "length": 2},
        {"type": "italic", "offset": 1, "length": 1},
    ]


@pytest.mark.parametrize(
    "text",
    [
        "<br>",
        "<p>x</p>",
        "<b>x",
        "<b><i>x</b></i>",
        "</b>",
        "a < b",
        "<b",
        "x</b",
        "fish & chips",
        "&nbsp;",
        '<a href="x>y</a>',
        "<span>x</span>",
    ],
)
def test_html_rejections(text: str) -> None:
    with pytest.raises(EntityParseError, match=r"^can't parse entities: "):
        parse_html(text)


def test_html_lenient_ampersand_like_telegram() -> None:
    assert parse_html("fish & chips", strict_ampersand=False).text == "fish & chips"


def test_message_text_is_trimmed_and_entities_shifted() -> None:
    parsed = parse_message_text("  <b> hi </b>  ", "HTML", None)
    assert parsed.text == "hi"
    assert parsed.entities == [{"type": "bold", "offset": 0, "length": 2}]


def test_plain_text_keeps_explicit_entities() -> None:
    entities = [{"type": "bold", "offset": 0, "length": 2}]
    parsed = parse_message_text("hi <b>", None, entities)
    assert parsed.text == "hi <b>"
    assert parsed.entities == entities


def test_unknown_parse_mode() -> None:
    with pytest.raises(ApiError) as raised:
        parse_message_text("x", "BBCode", None)
    assert raised.value.description == "Bad Request: unsupported parse_mode"


def test_markdown_v2() -> None:
    parsed = parse_markdown_v2(r"*Run* _easy_ __now__ ~old~ ||s|| `c` [go](https://x.org) 5\.0\!")
    assert parsed.text == "Run easy now old s c go 5.0!"
    types = [e["type"] for e in parsed.entities]
    assert types == [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "text_link",
    ]
    assert parsed.entities[-1]["url"] == "https://x.org"


def test_markdown_v2_pre_with_language_and_quote() -> None:
    parsed = parse_markdown_v2("```python\nprint(1)\n```\n>quoted\n>lines\nafter")
    assert parsed.text == "print(1)\n\nquoted\nlines\nafter"
    assert parsed.entities[0] == {"type": "pre", "offset": 0, "length": 9, "language": "python"}
    assert parsed.entities[1] == {"type": "blockquote", "offset": 10, "length": 12}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("5.0", "Character '.' is reserved"),
        ("wow!", "Character '!' is reserved"),
        ("a-b", "Character '-' is reserved"),
        ("*bold", "Can't find end of Bold entity at byte offset 0"),
        ("[x](http://a", "Can't find end of a URL"),
    ],
)
def test_markdown_v2_rejections(text: str, message: str) -> None:
    with pytest.raises(EntityParseError, match=message.replace("(", r"\(").replace(".", r"\.")):
        parse_markdown_v2(text)


def test_legacy_markdown() -> None:
    parsed = parse_markdown("*bold* _it_ `code` [link](https://x.org) a.b!")
    assert parsed.text == "bold it code link a.b!"
    assert [e["type"] for e in parsed.entities] == ["bold", "italic", "code", "text_link"]
    with pytest.raises(EntityParseError, match="Can't find end of the entity"):
        parse_markdown("snake_case")
