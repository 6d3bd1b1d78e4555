"""Measurement photos a person chose to keep (EXIF-free JPEG, landmarks and readings).

Revision ID: 0006_photos
Revises: 0005_trials
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_photos"
down_revision = "0005_trials"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("view", sa.String(length=20), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("reading", sa.JSON(), nullable=False),
        sa.Column("jpeg", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_photo_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo")),
    )
    op.create_index("ix_photo_person_view", "photo", ["person_id", "view", "taken_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_photo_person_view", table_name="photo")
    op.drop_table("photo")
