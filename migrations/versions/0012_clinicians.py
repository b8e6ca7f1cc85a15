"""clinicians, their invites, the clients linked to them, and their alerts and digests

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clinicians",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=True),
        sa.Column("profession", sa.String(length=64), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asking", sa.String(length=24), nullable=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("adjusting", sa.JSON(), nullable=True),
        sa.Column("next_digest_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinicians")),
    )
    op.create_index(
        op.f("ix_clinicians_next_digest_at"), "clinicians", ["next_digest_at"], unique=False
    )
    op.create_table(
        "clinic_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.BigInteger(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by", sa.BigInteger(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["clinicians.id"],
            name=op.f("fk_clinic_invites_clinician_id_clinicians"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_invites")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_clinic_invites_code_hash")),
    )
    op.create_index(
        op.f("ix_clinic_invites_clinician_id"), "clinic_invites", ["clinician_id"], unique=False
    )
    op.create_table(
        "clinic_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("client_name", sa.String(length=128), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["clinicians.id"],
            name=op.f("fk_clinic_links_clinician_id_clinicians"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_links")),
    )
    op.create_index("ix_clinic_links_client", "clinic_links", ["client_id"], unique=False)
    op.create_index(
        "ix_clinic_links_pair", "clinic_links", ["clinician_id", "client_id"], unique=True
    )
    op.create_table(
        "clinic_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["clinicians.id"],
            name=op.f("fk_clinic_messages_clinician_id_clinicians"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_messages")),
    )
    op.create_index(
        op.f("ix_clinic_messages_client_id"), "clinic_messages", ["client_id"], unique=False
    )
    op.create_index(
        op.f("ix_clinic_messages_clinician_id"), "clinic_messages", ["clinician_id"], unique=False
    )
    op.create_index(
        "ix_clinic_messages_status_due", "clinic_messages", ["status", "due_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_clinic_messages_status_due", table_name="clinic_messages")
    op.drop_index(op.f("ix_clinic_messages_clinician_id"), table_name="clinic_messages")
    op.drop_index(op.f("ix_clinic_messages_client_id"), table_name="clinic_messages")
    op.drop_table("clinic_messages")
    op.drop_index("ix_clinic_links_pair", table_name="clinic_links")
    op.drop_index("ix_clinic_links_client", table_name="clinic_links")
    op.drop_table("clinic_links")
    op.drop_index(op.f("ix_clinic_invites_clinician_id"), table_name="clinic_invites")
    op.drop_table("clinic_invites")
    op.drop_index(op.f("ix_clinicians_next_digest_at"), table_name="clinicians")
    op.drop_table("clinicians")
