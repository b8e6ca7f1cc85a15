"""Telegram's Markdown and MarkdownV2 parse modes (validation and visible text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.emulator.html import EntityParseError, ParsedText, utf16_len, utf16_slice

RESERVED_V2 = "_*[]()~`>#+-=|{}.!"
_TYPE_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


@dataclass
class _Open:
    type: str
    offset: int
    byte_offset: int
    language: str = ""


def _fail(message: str) -> EntityParseError:
    return EntityParseError(f"can't parse entities: {message}")


def _at(text: str, index: int) -> str:
    return text[index] if index < len(text) else ""


def _pre_language(text: str, i: int) -> tuple[str, int]:
    """Read an optional language after an opening ``` and skip one newline."""
    end = i
    while end < len(text) and not text[end].isspace() and text[end] != "`":
        end += 1
    language = ""
    if end != i and end < len(text) and text[end] != "`":
        language, i = text[i:end], end
    if _at(text, i) in ("\n", "\r"):
        i += 2 if _at(text, i + 1) in ("\n", "\r") and text[i] != _at(text, i + 1) else 1
    return language, i


class _V2Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []
        self.offset = 0
        self.stack: list[_Open] = []
        self.entities: list[dict[str, Any]] = []
        self.quote_start: int | None = None

    def emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.offset += utf16_len(chunk)

    def byte_offset(self, index: int) -> int:
        return len(self.text[:index].encode("utf-8"))

    def is_end(self, i: int) -> bool:
        if not self.stack:
            return False
        text, kind = self.text, self.stack[-1].type
        char = text[i]
        if kind == "italic":
            return char == "_" and _at(text, i + 1) != "_"
        if kind == "underline":
            return char == "_" and _at(text, i + 1) == "_"
        if kind == "pre":
            return text.startswith("```", i)
        if kind == "spoiler":
            return text.startswith("||", i)
        ends = {"bold": "*", "code": "`", "text_link": "]", "custom_emoji": "]"}
        return char == ends.get(kind, "~")

    def parse(self) -> ParsedText:
        text = self.text
        i = 0
        while i < len(text):
            char = text[i]
            if char == "\\" and 0 < ord(_at(text, i + 1) or "\0") <= 126:
                self.emit(text[i + 1])
                i += 2
                continue
            in_code = bool(self.stack) and self.stack[-1].type in ("code", "pre")
            if char == "\n":
                self.emit(char)
                i += 1
                if not text.startswith(">", i):
                    self.close_quote()
                continue
            if char == ">" and not in_code and (i == 0 or text[i - 1] == "\n"):
                if self.quote_start is None:
                    self.quote_start = self.offset
                i += 1
                continue
            if char not in ("`" if in_code else RESERVED_V2):
                self.emit(char)
                i += 1
                continue
            i = self.close(i) if self.is_end(i) else self.open(i)
        self.close_quote()
        if self.stack:
            top = self.stack[-1]
            raise _fail(
                f"Can't find end of {_TYPE_NAMES[top.type]} entity at byte offset {top.byte_offset}"
            )
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return ParsedText("".join(self.out), self.entities)

    def close_quote(self) -> None:
        if self.quote_start is not None:
            end = self.offset
            if "".join(self.out).endswith("\n"):
                end -= 1
            if end > self.quote_start:
                self.entities.append(
                    {
                        "type": "blockquote",
                        "offset": self.quote_start,
                        "length": end - self.quote_start,
                    }
                )
            self.quote_start = None

    def open(self, i: int) -> int:
        text, char = self.text, self.text[i]
        start = i
        language = ""
        reserved = _fail(
            f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
        )
        if char == "_":
            kind = "underline" if _at(text, i + 1) == "_" else "italic"
            i += 2 if kind == "underline" else 1
        elif char in "*~[":
            kind = {"*": "bold", "~": "strikethrough", "[": "text_link"}[char]
            i += 1
        elif char == "|":
            if _at(text, i + 1) != "|":
                raise reserved
            kind, i = "spoiler", i + 2
        elif char == "!":
            if _at(text, i + 1) != "[":
                raise reserved
            kind, i = "custom_emoji", i + 2
        elif char == "`":
            if text.startswith("```", i):
                kind = "pre"
                language, i = _pre_language(text, i + 3)
            else:
                kind, i = "code", i + 1
        else:
            raise reserved
        self.stack.append(_Open(kind, self.offset, self.byte_offset(start), language))
        return i

    def close(self, i: int) -> int:
        text = self.text
        top = self.stack.pop()
        entity: dict[str, Any] = {"type": top.type, "offset": top.offset}
        if top.type in ("underline", "spoiler"):
            i += 2
        elif top.type == "pre":
            i += 3
            if top.language:
                entity["language"] = top.language
        elif top.type in ("text_link", "custom_emoji"):
            i += 1
            if _at(text, i) == "(":
                url_start = i + 1
                url: list[str] = []
                i += 1
                while i < len(text) and text[i] != ")":
                    if text[i] == "\\" and 0 < ord(_at(text, i + 1) or "\0") <= 126:
                        i += 1
                    url.append(text[i])
                    i += 1
                if i >= len(text):
                    position = self.byte_offset(url_start)
                    raise _fail(f"Can't find end of a URL at byte offset {position}")
                i += 1
                link = "".join(url)
            else:
                link = utf16_slice("".join(self.out), top.offset)
            if top.type == "custom_emoji":
                if not link.startswith("tg://emoji?id="):
                    raise _fail("Custom emoji entity must contain a tg://emoji URL")
                entity["custom_emoji_id"] = link.removeprefix("tg://emoji?id=")
            else:
                entity["url"] = link
        else:
            i += 1
        entity["length"] = self.offset - top.offset
        if entity["length"] > 0:
            self.entities.append(entity)
        return i


def parse_markdown_v2(text: str) -> ParsedText:
    """Parse MarkdownV2, raising `EntityParseError` like Telegram on unescaped characters."""
    return _V2Parser(text).parse()


def parse_markdown(text: str) -> ParsedText:
    """Parse the legacy Markdown mode (bold, italic, code, pre and links)."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    offset = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and _at(text, i + 1) in ("_", "*", "`", "["):
            out.append(text[i + 1])
            offset += 1
            i += 2
            continue
        if char not in "_*`[":
            out.append(char)
            offset += utf16_len(char)
            i += 1
            continue
        begin = i
        end_char = "]" if char == "[" else char
        is_pre = text.startswith("```", i)
        language = ""
        i += 1
        if is_pre:
            language, i = _pre_language(text, i + 2)
        start = offset
        while i < len(text) and (text[i] != end_char or (is_pre and not text.startswith("```", i))):
            out.append(text[i])
            offset += utf16_len(text[i])
            i += 1
        if i >= len(text):
            byte_offset = len(text[:begin].encode("utf-8"))
            raise _fail(f"Can't find end of the entity starting at byte offset {byte_offset}")
        i += 3 if is_pre else 1
        entity: dict[str, Any] = {"offset": start, "length": offset - start}
        if char == "[":
            url = utf16_slice("".join(out), start)
            if _at(text, i) == "(":
                close = text.find(")", i)
                if close != -1:
                    url, i = text[i + 1 : close], close + 1
            entity.update(type="text_link", url=url)
        else:
            kind = {"_": "italic", "*": "bold", "`": "pre" if is_pre else "code"}[char]
            entity["type"] = kind
            if language:
                entity["language"] = language
        if entity["length"] > 0:
            entities.append(entity)
    return ParsedText("".join(out), entities)
