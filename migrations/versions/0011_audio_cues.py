"""how cues arrive (chat, audio track or both) and the audio tracks Telegram holds

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

Every user and session so far keeps cues in the chat.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("users", "sessions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("cue_mode", sa.String(length=8), nullable=False,
                                          server_default="chat"))
    op.create_table(
        "audio_tracks",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("file_id", sa.String(length=256), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_audio_tracks")),
    )


def downgrade() -> None:
    op.drop_table("audio_tracks")
    for table in ("sessions", "users"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("cue_mode")
