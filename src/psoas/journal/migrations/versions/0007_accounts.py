"""Accounts, roles, care links, sessions, login throttling, invitations, the audit log, SOAP notes
and programme history. Existing single-person data becomes the owner's: an ``owner`` admin account
(no password: it is used implicitly on 127.0.0.1) gets a care link to every existing person.

Revision ID: 0007_accounts
Revises: 0006_photos
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007_accounts"
down_revision = "0006_photos"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def _id(table: str) -> tuple[sa.Column, sa.PrimaryKeyConstraint]:
    return sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id", name=f"pk_{table}")


def _people_tables() -> None:
    op.create_table(
        "account",
        *_id("account"),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("name", name="uq_account_name"),
        _fk("account", "person_id", "person", "SET NULL"),
    )
    op.create_table(
        "care_link",
        *_id("care_link"),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("recall_every_days", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("account_id", "person_id", name="uq_care_link_account_person"),
        _fk("care_link", "account_id", "account", "CASCADE"),
        _fk("care_link", "person_id", "person", "CASCADE"),
    )
    op.create_table(
        "auth_session",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_auth_session"),
        _fk("auth_session", "account_id", "account", "CASCADE"),
    )
    op.create_index("ix_auth_session_account", "auth_session", ["account_id"])
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_login_throttle"),
    )
    op.create_table(
        "invitation",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name="pk_invitation"),
        _fk("invitation", "created_by", "account", "CASCADE"),
        _fk("invitation", "account_id", "account", "CASCADE"),
    )


def _clinical_tables() -> None:
    op.create_table(
        "audit_log",
        *_id("audit_log"),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(20), nullable=False),
        sa.Column("action", sa.String(200), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("outcome", sa.Integer(), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_person", "audit_log", ["person_id"])
    op.create_table(
        "visit_note",
        *_id("visit_note"),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        *(
            sa.Column(name, sa.Text(), nullable=False)
            for name in ("subjective", "objective", "treatment", "plan")
        ),
        _fk("visit_note", "person_id", "person", "CASCADE"),
        _fk("visit_note", "author_id", "account", "SET NULL"),
    )
    op.create_index("ix_visit_note_person_at", "visit_note", ["person_id", "at"])
    op.create_table(
        "program_change",
        *_id("program_change"),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("change", sa.String(20), nullable=False),
        sa.Column("exercise_id", sa.String(80), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        _fk("program_change", "person_id", "person", "CASCADE"),
        _fk("program_change", "program_id", "program", "SET NULL"),
        _fk("program_change", "author_id", "account", "SET NULL"),
    )
    op.create_index("ix_program_change_person_at", "program_change", ["person_id", "at"])


APPEND_ONLY_SQLITE = (
    "CREATE TRIGGER audit_log_no_{op} BEFORE {OP} ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
)
APPEND_ONLY_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION psoas_audit_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql"
)


def _append_only() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("update", "delete"):
            op.execute(APPEND_ONLY_SQLITE.format(op=name, OP=name.upper()))
    elif bind.dialect.name == "postgresql":
        op.execute(APPEND_ONLY_PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION psoas_audit_append_only()"
        )


def _owner_takes_existing_data() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    bind.execute(
        sa.text(
            "INSERT INTO account (name, password_hash, role, person_id, created_at, disabled) "
            "VALUES ('owner', NULL, 'admin', NULL, :now, :no)"
        ),
        {"now": now, "no": False},
    )
    owner = bind.execute(sa.text("SELECT id FROM account WHERE name = 'owner'")).scalar_one()
    bind.execute(
        sa.text(
            "INSERT INTO care_link (account_id, person_id, recall_every_days, created_at) "
            "SELECT :owner, id, 42, :now FROM person"
        ),
        {"owner": owner, "now": now},
    )


def upgrade() -> None:
    _people_tables()
    _clinical_tables()
    _append_only()
    _owner_takes_existing_data()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS psoas_audit_append_only()")
    for table in (
        "program_change",
        "visit_note",
        "audit_log",
        "invitation",
        "login_throttle",
        "auth_session",
        "care_link",
        "account",
    ):
        op.drop_table(table)
