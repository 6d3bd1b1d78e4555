"""Initial journal schema: people, assessments, programs, pain, practice and visits.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _person_fk() -> sa.Column:
    return sa.Column("person_id", sa.Integer(), nullable=False)


def _fk_person(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["person_id"], ["person.id"], name=f"fk_{table}_person_id_person", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_person"),
        sa.UniqueConstraint("name", name="uq_person_name"),
    )
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        _person_fk(),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("engine_version", sa.String(40), nullable=False),
        sa.Column("intake", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assessment"),
        _fk_person("assessment"),
    )
    op.create_table(
        "program",
        sa.Column("id", sa.Integer(), nullable=False),
        _person_fk(),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_program"),
        _fk_person("program"),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name="fk_program_assessment_id_assessment",
            ondelete="SET NULL",
        ),
    )
    op.create_index(
        "uq_program_one_active",
        "program",
        ["person_id"],
        unique=True,
        sqlite_where=sa.text("active"),
        postgresql_where=sa.text("active"),
    )
    op.create_table(
        "pain_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        _person_fk(),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("region", sa.String(40), nullable=False),
        sa.Column("side", sa.String(10), nullable=False),
        sa.Column("intensity", sa.Integer(), nullable=False),
        sa.Column("sensations", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pain_entry"),
        sa.CheckConstraint("intensity >= 0 AND intensity <= 10", name="ck_pain_entry_intensity_0_10"),
        _fk_person("pain_entry"),
    )
    op.create_index("ix_pain_entry_person_at", "pain_entry", ["person_id", "at"])
    op.create_table(
        "practice_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        _person_fk(),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("exercise_id", sa.String(80), nullable=False),
        sa.Column("minutes", sa.Float(), nullable=True),
        sa.Column("felt", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_practice_entry"),
        _fk_person("practice_entry"),
    )
    op.create_index("ix_practice_entry_person_at", "practice_entry", ["person_id", "at"])
    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        _person_fk(),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("who", sa.String(120), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_visit"),
        _fk_person("visit"),
    )
    op.create_index("ix_visit_person_at", "visit", ["person_id", "at"])


def downgrade() -> None:
    for table in ("visit", "practice_entry", "pain_entry", "program", "assessment", "person"):
        op.drop_table(table)
