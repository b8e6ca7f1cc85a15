"""Texts of the session audio track and of the choice of how cues arrive."""

from __future__ import annotations

from bot.domain.cue_modes import CueMode

AUDIO_BUTTON = "🎧 Get the audio"
FINISHED_BUTTON = "🏁 Finished"

CUE_MODE_NAMES: dict[CueMode, str] = {
    CueMode.CHAT: "in the chat",
    CueMode.AUDIO: "audio track",
    CueMode.BOTH: "chat and audio",
}
CUE_MODE_CHOICES: dict[CueMode, str] = {
    CueMode.CHAT: "💬 Cues in chat",
    CueMode.AUDIO: "🎧 Audio track",
    CueMode.BOTH: "💬🎧 Both",
}

SETTINGS_CUES = (
    "🔔 <b>How cues arrive</b>\n\n"
    "• <b>Cues in chat</b>: a message at each change, under a pinned panel with Pause and "
    "Stop.\n"
    "• <b>Audio track</b>: Start sends the whole session as one track with the cues built in. "
    "It keeps playing with your screen locked, even without signal. If you pause the track, "
    "tap Pause here too; I ask how it went when it ends.\n"
    "• <b>Both</b>: the messages and the track.")

AUDIO_CAPTION = (
    "🎧 Press play as you set off. Rising notes: jog. Falling notes: walk. Three short pips "
    "come before each change, a bell at halfway and a little tune at the end. It plays on with "
    "your screen locked.")

FLARE_AUDIO_CAPTION = (
    "🎧 A gentle brisk walk. A soft chime at 10 minutes: you may stop there if that's enough "
    "today. A bell at halfway and a little tune at 30 minutes.")

SPOKEN_CAPTION = "A short spoken word follows each cue."


def audio_caption(*, flare: bool, spoken: bool) -> str:
    """The caption under a track: what its sounds mean, and that words follow them."""
    caption = FLARE_AUDIO_CAPTION if flare else AUDIO_CAPTION
    return f"{caption} {SPOKEN_CAPTION}" if spoken else caption


AUDIO_FAILED = ("Sorry, I couldn't send the audio just now. Please try the button again in a "
                "minute.")

TOO_EARLY_TO_FINISH = ("The track isn't near its end yet, so this would be an early stop. "
                       "Why did you stop?")


def cues_button(mode: CueMode) -> str:
    """The /settings button showing how cues arrive now."""
    return f"🔔 Cues: {CUE_MODE_NAMES[mode]}"


def cues_line(mode: CueMode) -> str:
    """The line of the /settings message about cues."""
    return f"• Cues: {CUE_MODE_NAMES[mode]}"


def cue_choice(mode: CueMode, chosen: bool) -> str:
    """One choice on the cues part of /settings, ticked when it is the user's."""
    return f"✅ {CUE_MODE_CHOICES[mode]}" if chosen else CUE_MODE_CHOICES[mode]


def cues_saved(mode: CueMode) -> str:
    """The note after a new choice: from the next Start on."""
    return f"Cues: {CUE_MODE_NAMES[mode]}, from your next Start."


def audio_status(level: int, paused: bool) -> str:
    """The pinned panel of a session cued by its audio track."""
    head = f"🎧 <b>Session · level {level}</b> — audio track"
    if paused:
        return f"{head}\n\n⏸ Paused. Tap Resume when you press play again."
    return (f"{head}\n\nPlay the track as you set off. If you pause it, tap Pause here too. "
            "When it ends I'll ask how your back was (or tap Finished).")
