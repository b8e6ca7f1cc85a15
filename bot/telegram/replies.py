"""Small helpers for replying."""

from __future__ import annotations

import re
from html import unescape

CALLBACK_ANSWER_LIMIT = 200
_TAG = re.compile(r"<[^>]+>")


def plain(html_text: str) -> str:
    """HTML message text as plain text (for callback answers, which take no markup)."""
    text = unescape(_TAG.sub("", html_text))
    return text[: CALLBACK_ANSWER_LIMIT - 1] + "…" if len(text) > CALLBACK_ANSWER_LIMIT else text
