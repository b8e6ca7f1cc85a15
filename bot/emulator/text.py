"""Formatting of message texts and captions: parse modes, trimming and length limits."""

from __future__ import annotations

from typing import Any

from bot.emulator.errors import bad_request
from bot.emulator.html import EntityParseError, ParsedText, parse_html, utf16_len
from bot.emulator.markdown import parse_markdown, parse_markdown_v2

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024


def _strip(parsed: ParsedText) -> ParsedText:
    """Trim surrounding whitespace the way Telegram does, shifting entities."""
    text = parsed.text
    stripped = text.strip()
    if stripped == text:
        return parsed
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    end = lead + utf16_len(stripped)
    entities: list[dict[str, Any]] = []
    for entity in parsed.entities:
        start = max(entity["offset"], lead)
        stop = min(entity["offset"] + entity["length"], end)
        if stop > start:
            entities.append({**entity, "offset": start - lead, "length": stop - start})
    return ParsedText(stripped, entities)


def parse_formatted(
    text: str,
    parse_mode: str | None,
    entities: Any = None,
) -> ParsedText:
    """Parse `text` in `parse_mode` (HTML, Markdown, MarkdownV2 or none).

    Raises `ApiError` 400 "can't parse entities: ..." for malformed markup.
    """
    mode = (parse_mode or "").strip()
    try:
        if mode.lower() == "html":
            parsed = parse_html(text)
        elif mode.lower() == "markdownv2":
            parsed = parse_markdown_v2(text)
        elif mode.lower() == "markdown":
            parsed = parse_markdown(text)
        elif mode == "":
            given = entities if isinstance(entities, list) else []
            parsed = ParsedText(text, [dict(e) for e in given if isinstance(e, dict)])
        else:
            raise bad_request("unsupported parse_mode")
    except EntityParseError as exc:
        raise bad_request(str(exc)) from exc
    return _strip(parsed)


def parse_message_text(text: str | None, parse_mode: str | None, entities: Any) -> ParsedText:
    """Validate a message text: non-empty and at most 4096 characters once parsed."""
    if text is None or text == "":
        raise bad_request("message text is empty")
    parsed = parse_formatted(text, parse_mode, entities)
    if parsed.text == "":
        raise bad_request("message text is empty")
    if len(parsed.text) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return parsed


def parse_caption(text: str | None, parse_mode: str | None, entities: Any) -> ParsedText | None:
    """Validate an optional media caption (at most 1024 characters once parsed)."""
    if not text:
        return None
    parsed = parse_formatted(text, parse_mode, entities)
    if len(parsed.text) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return parsed if parsed.text else None
