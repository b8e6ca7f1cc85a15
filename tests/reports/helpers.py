"""Reading the rendered files back: the PDF's text, and the decisions it must name."""

from __future__ import annotations

from pypdf import PdfReader

from bot.domain.decisions import Decision, Rule
from bot.domain.zones import Zone
from bot.storage import record
from bot.storage.db import Database


def pdf_text(reader: PdfReader) -> str:
    """Every page's text, with line breaks and runs of spaces made single spaces."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


async def decisions_of(db: Database, user_id: int) -> list[Decision]:
    """The user's stored decisions, oldest first, as the domain's values."""
    async with db.transaction() as session:
        rows = await record.decisions(session, user_id)
    return [Decision(row.to_level, Rule(row.rule), row.inputs,
                     zone=None if row.zone is None else Zone(row.zone),
                     advise_clinician=row.advise_clinician) for row in rows]
