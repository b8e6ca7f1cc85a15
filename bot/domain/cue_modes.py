"""How a user's session cues arrive: messages in the chat, one audio track, or both."""

from __future__ import annotations

from enum import Enum


class CueMode(Enum):
    """The user's choice in /settings; a session keeps the choice it started with."""

    CHAT = "chat"
    AUDIO = "audio"
    BOTH = "both"

    @property
    def chat_cues(self) -> bool:
        """Whether each phase change comes as a message."""
        return self is not CueMode.AUDIO

    @property
    def track(self) -> bool:
        """Whether Start sends the session's audio track."""
        return self is not CueMode.CHAT
