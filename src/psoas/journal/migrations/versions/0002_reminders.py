"""Reminders: a maintenance visit every N days and daily practice.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("every_days", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reminder"),
        sa.UniqueConstraint("person_id", "kind", name="uq_reminder_person_kind"),
        sa.CheckConstraint("every_days >= 1", name="ck_reminder_every_days_positive"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_reminder_person_id_person", ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    op.drop_table("reminder")
