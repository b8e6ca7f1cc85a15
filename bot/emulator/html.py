"""Telegram's HTML parse mode: validation, visible text and message entities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_UNQUOTED_VALUE_RE = re.compile(r"[^\s>\"']*")


class EntityParseError(ValueError):
    """The text cannot be parsed in the requested parse mode."""


@dataclass(frozen=True)
class ParsedText:
    """Visible text plus Telegram MessageEntity dicts (UTF-16 offsets)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    attrs: dict[str, str]
    start: int
    byte_offset: int
    language: str | None = None


def utf16_len(text: str) -> int:
    """Return the length of `text` in UTF-16 code units, as Telegram counts offsets."""
    return len(text.encode("utf-16-le")) // 2


def utf16_slice(text: str, start: int, end: int | None = None) -> str:
    """Slice `text` by UTF-16 code-unit positions."""
    data = text.encode("utf-16-le")
    stop = None if end is None else end * 2
    return data[start * 2 : stop].decode("utf-16-le", errors="replace")


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entity(source: str, index: int) -> tuple[str, int] | None:
    """Decode the HTML entity starting at `index`, returning (char, end index)."""
    match = _ENTITY_RE.match(source, index)
    if match is None:
        return None
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        char = _NAMED_ENTITIES.get(name)
        return None if char is None else (char, match.end())
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def _decode_value(raw: str) -> str:
    """Decode entities inside an attribute value, leaving unknown ones as they are."""

    def replace(match: re.Match[str]) -> str:
        decoded = _decode_entity(match.group(0), 0)
        return match.group(0) if decoded is None else decoded[0]

    return _ENTITY_RE.sub(replace, raw)


class _HtmlParser:
    """Single-pass parser mirroring the checks Telegram applies to HTML text."""

    def __init__(self, source: str, strict_ampersand: bool) -> None:
        self.source = source
        self.strict_ampersand = strict_ampersand
        self.out: list[str] = []
        self.offset = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def fail(self, message: str) -> EntityParseError:
        return EntityParseError(f"can't parse entities: {message}")

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.offset += utf16_len(text)

    def parse(self) -> ParsedText:
        source = self.source
        i = 0
        while i < len(source):
            char = source[i]
            if char == "&":
                decoded = _decode_entity(source, i)
                if decoded is not None:
                    self.emit(decoded[0])
                    i = decoded[1]
                    continue
                if self.strict_ampersand:
                    raise self.fail(
                        f'unescaped "&" at byte offset {_byte_offset(source, i)}; use &amp; instead'
                    )
                self.emit(char)
                i += 1
            elif char != "<":
                self.emit(char)
                i += 1
            elif source.startswith("</", i):
                i = self.end_tag(i)
            else:
                i = self.start_tag(i)
        if self.stack:
            raise self.fail(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return ParsedText("".join(self.out), self.entities)

    def start_tag(self, begin: int) -> int:
        source = self.source
        offset = _byte_offset(source, begin)
        j = begin + 1
        while j < len(source) and not source[j].isspace() and source[j] != ">":
            j += 1
        if j >= len(source):
            raise self.fail(f"Unclosed start tag at byte offset {offset}")
        name = source[begin + 1 : j].lower()
        if name not in ALLOWED_TAGS:
            raise self.fail(f'Unsupported start tag "{name}" at byte offset {offset}')
        attrs, j = self.attributes(j, name, offset)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise self.fail(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        self.stack.append(_OpenTag(name, attrs, self.offset, offset))
        return j

    def attributes(self, j: int, tag: str, offset: int) -> tuple[dict[str, str], int]:
        source = self.source
        attrs: dict[str, str] = {}
        while True:
            while j < len(source) and source[j].isspace():
                j += 1
            if j >= len(source):
                raise self.fail(f"Unclosed start tag at byte offset {offset}")
            if source[j] == ">":
                return attrs, j + 1
            start = j
            while j < len(source) and not source[j].isspace() and source[j] not in "=>":
                j += 1
            name = source[start:j].lower()
            while j < len(source) and source[j].isspace():
                j += 1
            if j >= len(source) or source[j] != "=":
                if tag == "blockquote" and name == "expandable":
                    attrs[name] = ""
                    continue
                raise self.fail(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {offset}'
                )
            j += 1
            while j < len(source) and source[j].isspace():
                j += 1
            if j < len(source) and source[j] in "\"'":
                close = source.find(source[j], j + 1)
                if close == -1:
                    raise self.fail(
                        f'Unclosed end of attribute value of the tag "{tag}" '
                        f"at byte offset {offset}"
                    )
                raw, j = source[j + 1 : close], close + 1
            else:
                match = _UNQUOTED_VALUE_RE.match(source, j)
                raw = match.group(0) if match else ""
                j += len(raw)
            attrs[name] = _decode_value(raw)

    def end_tag(self, begin: int) -> int:
        source = self.source
        offset = _byte_offset(source, begin)
        close = source.find(">", begin + 2)
        if close == -1:
            raise self.fail(f"Unclosed end tag at byte offset {offset}")
        name = source[begin + 2 : close].strip().lower()
        if not self.stack:
            raise self.fail(f"Unexpected end tag at byte offset {offset}")
        tag = self.stack.pop()
        if name != tag.name:
            raise self.fail(
                f'Unmatched end tag at byte offset {offset}, expected "</{tag.name}>", '
                f'found "</{name}>"'
            )
        self.close_entity(tag)
        return close + 1

    def close_entity(self, tag: _OpenTag) -> None:
        length = self.offset - tag.start
        language = tag.attrs.get("class", "")
        if tag.name == "code" and language.startswith("language-"):
            parent = self.stack[-1] if self.stack else None
            if parent is not None and parent.name == "pre":
                parent.language = language.removeprefix("language-")
                return
        if length <= 0:
            return
        entity: dict[str, Any] = {
            "type": _ENTITY_TYPES[tag.name],
            "offset": tag.start,
            "length": length,
        }
        if tag.name == "a":
            entity["url"] = tag.attrs.get("href") or utf16_slice("".join(self.out), tag.start)
        elif tag.name == "pre" and tag.language:
            entity["language"] = tag.language
        elif tag.name == "blockquote" and "expandable" in tag.attrs:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.attrs.get("emoji-id", "")
        self.entities.append(entity)


def parse_html(source: str, *, strict_ampersand: bool = True) -> ParsedText:
    """Parse Telegram HTML into visible text and entities.

    Raises `EntityParseError` with a Telegram-style "can't parse entities: ..." message
    for unsupported or unbalanced tags and unescaped `<`. Real Telegram tolerates a bare
    `&` that does not start an entity; with `strict_ampersand` (the default) it is
    rejected too, because such text is almost always a missing `html.escape`.
    """
    return _HtmlParser(source, strict_ampersand).parse()
