"""outcomes: weekly average pain, the week 0/6/12 snapshots and the end-of-programme choice

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _user(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                   name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "weekly_pain",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _user("weekly_pain"),
        sa.PrimaryKeyConstraint("user_id", "week", name=op.f("pk_weekly_pain")),
    )
    op.create_table(
        "outcome_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("average_pain", sa.Integer(), nullable=True),
        sa.Column("current_pain", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Integer(), nullable=True),
        sa.Column("fear", sa.Integer(), nullable=True),
        sa.Column("load", sa.Integer(), nullable=True),
        sa.Column("skipped_at", sa.DateTime(timezone=True), nullable=True),
        _user("outcome_snapshots"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_snapshots")),
    )
    op.create_index("ix_outcome_snapshots_user_week", "outcome_snapshots", ["user_id", "week"],
                    unique=True)
    op.create_table(
        "programme_closes",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("choice", sa.String(length=16), nullable=False),
        sa.Column("days", sa.String(length=32), nullable=True),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        _user("programme_closes"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_programme_closes")),
    )


def downgrade() -> None:
    op.drop_table("programme_closes")
    op.drop_index("ix_outcome_snapshots_user_week", table_name="outcome_snapshots")
    op.drop_table("outcome_snapshots")
    op.drop_table("weekly_pain")
