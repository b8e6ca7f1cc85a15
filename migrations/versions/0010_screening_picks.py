"""screening lists asked as one message each, with the ticks kept between presses

Revision ID: 0010
Revises: 0009
Create Date: 2027-01-04

Each screening list is now one question: a user midway through the red flags or the
readiness questions is put at the start of that list (their answers so far stay stored).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LISTS = {"red_flag": "bladder_bowel", "readiness": "heart"}  # list → its first question


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("screening_picks", sa.String(length=128), nullable=True))
    users = sa.table("users", sa.column("onboarding_step", sa.String))
    for step in _LISTS:
        op.execute(users.update().where(users.c.onboarding_step.like(f"{step}:%"))
                   .values(onboarding_step=step))


def downgrade() -> None:
    users = sa.table("users", sa.column("onboarding_step", sa.String))
    for step, first in _LISTS.items():
        op.execute(users.update().where(users.c.onboarding_step == step)
                   .values(onboarding_step=f"{step}:{first}"))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("screening_picks")
