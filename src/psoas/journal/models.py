"""SQLAlchemy 2 ORM models of the journal.

Conventions: every timestamp is stored as a naive UTC ``datetime`` (column names end in ``_at``);
intensities are NRS points 0–10; durations are minutes. JSON columns hold the assessment intake,
the engine result and the program exactly as the engine produced them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from psoas.journal.base import NAMING as NAMING  # re-exported: the base lives in psoas.journal.base
from psoas.journal.base import Base as Base


def _person_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("person.id", ondelete="CASCADE"), nullable=False)


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class Assessment(Base):
    __tablename__ = "assessment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    engine_version: Mapped[str] = mapped_column(String(40), nullable=False)
    intake: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)


_ONE_ACTIVE: list[Index] = []


def _one_active_per_person(name: str) -> Index:
    """A partial unique index: at most one row per person has ``active`` true.

    Only the SQLite condition is named here: naming the PostgreSQL one would import SQLAlchemy's
    PostgreSQL dialect into every command, about 40 ms, so :func:`use_postgresql` adds it when a
    PostgreSQL engine is made. The migrations create the index with both conditions.
    """
    index = Index(name, "person_id", unique=True, sqlite_where=text("active"))
    _ONE_ACTIVE.append(index)
    return index


def use_postgresql() -> None:
    """Give the partial indexes their PostgreSQL condition (loads that dialect; idempotent)."""
    for index in _ONE_ACTIVE:
        index.dialect_options["postgresql"]["where"] = text("active")


class Program(Base):
    """A release program built from one assessment; at most one per person is active."""

    __tablename__ = "program"
    __table_args__ = (_one_active_per_person("uq_program_one_active"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False)
    content: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class PainEntry(Base):
    __tablename__ = "pain_entry"
    __table_args__ = (
        CheckConstraint("intensity >= 0 AND intensity <= 10", name="intensity_0_10"),
        Index("ix_pain_entry_person_at", "person_id", "at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    region: Mapped[str] = mapped_column(String(40), nullable=False)
    side: Mapped[str] = mapped_column(String(10), nullable=False)
    intensity: Mapped[int] = mapped_column(Integer, nullable=False)
    sensations: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class PracticeEntry(Base):
    __tablename__ = "practice_entry"
    __table_args__ = (Index("ix_practice_entry_person_at", "person_id", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    exercise_id: Mapped[str] = mapped_column(String(80), nullable=False)
    minutes: Mapped[float | None] = mapped_column(Float, nullable=True)
    holds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reps: Mapped[int | None] = mapped_column(Integer, nullable=True)
    felt: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Visit(Base):
    __tablename__ = "visit"
    __table_args__ = (Index("ix_visit_person_at", "person_id", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    who: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Reminder(Base):
    """A repeating reminder: ``visit`` every N days (maintenance release) or daily ``practice``."""

    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint("person_id", "kind", name="uq_reminder_person_kind"),
        CheckConstraint("every_days >= 1", name="every_days_positive"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    every_days: Mapped[int] = mapped_column(Integer, nullable=False)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class EntryEdit(Base):
    """One change to a pain, practice or visit entry: what it was before and after (None: deleted)."""

    __tablename__ = "entry_edit"
    __table_args__ = (Index("ix_entry_edit_person_kind_entry", "person_id", "entry_kind", "entry_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    entry_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    entry_id: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[str] = mapped_column(String(10), nullable=False)
    changed_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    before: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class Trial(Base):
    """A per-person trial plan (see :mod:`psoas.trial.plan`); at most one active per person."""

    __tablename__ = "trial"
    __table_args__ = (_one_active_per_person("uq_trial_one_active"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    program_id: Mapped[int | None] = mapped_column(
        ForeignKey("program.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)


class TrialMeasurement(Base):
    """A trait measurement of a trial (the Thomas angle) with the engine's probability for it."""

    __tablename__ = "trial_measurement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trial_id: Mapped[int] = mapped_column(ForeignKey("trial.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    side: Mapped[str] = mapped_column(String(10), nullable=False)
    hip_angle_deg: Mapped[float] = mapped_column(Float, nullable=False)
    method: Mapped[str] = mapped_column(String(20), nullable=False)
    probability: Mapped[float | None] = mapped_column(Float, nullable=True)


class Photo(Base):
    """A measurement photo kept because the person chose to (EXIF-free JPEG, landmarks as placed)."""

    __tablename__ = "photo"
    __table_args__ = (Index("ix_photo_person_view", "person_id", "view", "taken_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = _person_fk()
    taken_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    view: Mapped[str] = mapped_column(String(20), nullable=False)
    side: Mapped[str] = mapped_column(String(10), nullable=False)
    method: Mapped[str] = mapped_column(String(20), nullable=False)
    reading: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    jpeg: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


from psoas.journal import drafts as _drafts  # noqa: E402,F401  (the wizard's drafts, same base)
from psoas.practice import models as _practice_models  # noqa: E402,F401  (the practice tables, same base)
