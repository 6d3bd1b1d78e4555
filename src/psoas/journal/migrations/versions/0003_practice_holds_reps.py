"""Practice entries may record holds × reps instead of (or as well as) minutes.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("practice_entry") as batch:
        batch.add_column(sa.Column("holds", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("reps", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("practice_entry") as batch:
        batch.drop_column("reps")
        batch.drop_column("holds")
