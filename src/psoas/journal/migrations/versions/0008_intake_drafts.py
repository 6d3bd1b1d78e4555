"""Wizard drafts kept on the server for a day (Back, reload and a second tab keep the answers).

Revision ID: 0008_intake_drafts
Revises: 0007_accounts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_intake_drafts"
down_revision = "0007_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "intake_draft",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_intake_draft_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_draft")),
    )
    op.create_index("ix_intake_draft_expires_at", "intake_draft", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_intake_draft_expires_at", table_name="intake_draft")
    op.drop_table("intake_draft")
