"""What a claimed reminder's message says, kept as JSON on its row.

The end of a pause applies the gap rules once, at its first claim; a message put back in the
queue (after a crash or a 429) is sent later with what was decided then.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.decisions import Decision, Rule
from bot.domain.zones import Zone
from bot.services.schedule import Resumed


def dump_resumed(resumed: Resumed) -> dict[str, Any]:
    """A return from a pause as JSON-ready data."""
    decision = resumed.decision
    return {
        "decision": None if decision is None else {
            "level": decision.level, "rule": decision.rule.value, "inputs": dict(decision.inputs),
            "zone": None if decision.zone is None else decision.zone.value,
            "advise_clinician": decision.advise_clinician,
        },
        "level": resumed.level,
        "next_at": None if resumed.next_at is None else resumed.next_at.isoformat(),
    }


def load_resumed(data: dict[str, Any]) -> Resumed:
    """The return from a pause that :func:`dump_resumed` stored."""
    found = data["decision"]
    decision = None if found is None else Decision(
        level=found["level"], rule=Rule(found["rule"]), inputs=found["inputs"],
        zone=None if found["zone"] is None else Zone(found["zone"]),
        advise_clinician=found["advise_clinician"],
    )
    next_at = data["next_at"]
    return Resumed(decision, data["level"],
                   None if next_at is None else datetime.fromisoformat(next_at))
