"""Entries can be edited and deleted; every change is kept in ``entry_edit``.

Revision ID: 0004_entry_history
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_entry_history"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entry_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("entry_kind", sa.String(20), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_entry_edit"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_entry_edit_person_id_person", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_entry_edit_person_kind_entry", "entry_edit", ["person_id", "entry_kind", "entry_id"])


def downgrade() -> None:
    op.drop_index("ix_entry_edit_person_kind_entry", table_name="entry_edit")
    op.drop_table("entry_edit")
