"""Per-person trials: the plan (JSON) and the trait measurements at the phase boundaries.

Revision ID: 0005_trials
Revises: 0004_entry_history
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_trials"
down_revision = "0004_entry_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trial",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_trial"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name="fk_trial_person_id_person", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["program_id"], ["program.id"], name="fk_trial_program_id_program", ondelete="SET NULL"
        ),
    )
    op.create_index(
        "uq_trial_one_active",
        "trial",
        ["person_id"],
        unique=True,
        sqlite_where=sa.text("active"),
        postgresql_where=sa.text("active"),
    )
    op.create_table(
        "trial_measurement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("side", sa.String(10), nullable=False),
        sa.Column("hip_angle_deg", sa.Float(), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("probability", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_trial_measurement"),
        sa.ForeignKeyConstraint(
            ["trial_id"], ["trial.id"], name="fk_trial_measurement_trial_id_trial", ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    op.drop_table("trial_measurement")
    op.drop_index("uq_trial_one_active", table_name="trial")
    op.drop_table("trial")
