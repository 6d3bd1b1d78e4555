"""The exercise library: declarative data in ``data/exercises.toml``, validated on load.

Conventions: ``hold_s`` and ``rest_s`` are seconds, ``duration_min`` minutes; stretch doses follow the ACSM
guideline (hold 10-30 s, 2-4 repetitions, at least 2 days a week). Every inconsistency in the data raises
:class:`psoas.errors.AtlasError` naming the bad entry.

>>> lib = load_exercises()
>>> get_exercise("constructive_rest").dose.duration_min
15.0
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from psoas.errors import AtlasError, NotFoundError
from psoas.knowledge.vocab import CAUSES, EVIDENCE_LEVELS

KINDS: Final[tuple[str, ...]] = ("stretch", "rest", "strength", "mobility", "manual_therapy")
DISCIPLINES: Final[tuple[str, ...]] = ("general", "yoga", "pilates", "massage")

# Dose fields each kind must carry (and the only ones it may carry).
DOSE_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "stretch": ("hold_s", "reps", "sets", "rest_s", "days_per_week"),
    "strength": ("hold_s", "reps", "sets", "rest_s", "days_per_week"),
    "mobility": ("hold_s", "reps", "sets", "rest_s", "days_per_week"),
    "rest": ("duration_min", "days_per_week"),
    "manual_therapy": ("duration_min", "visit_every_weeks"),
}

# ACSM static-stretching bounds for adults under 65 (acsm2021).
ACSM_HOLD_S: Final[tuple[float, float]] = (10.0, 30.0)
ACSM_REPS: Final[tuple[int, int]] = (2, 4)
ACSM_MIN_DAYS_PER_WEEK: Final[int] = 2

_ENTRY_KEYS: Final[frozenset[str]] = frozenset(
    {
        "id",
        "name",
        "kind",
        "discipline",
        "targets",
        "avoid_with",
        "sided",
        "illustration",
        "purpose",
        "steps",
        "cautions",
        "regression",
        "progression",
        "dose",
        "evidence",
    }
)
_REQUIRED_KEYS: Final[frozenset[str]] = _ENTRY_KEYS - {"avoid_with", "illustration", "cautions"}


@dataclass(frozen=True)
class Dose:
    """How much of an exercise: per repetition (hold/rest), or a timed block, or a visit interval."""

    hold_s: float | None = None
    reps: int | None = None
    sets: int | None = None
    rest_s: float | None = None
    days_per_week: int | None = None
    duration_min: float | None = None
    visit_every_weeks: int | None = None

    def to_dict(self) -> dict[str, float | int]:
        """The fields that are set, in a stable order."""
        out: dict[str, float | int] = {}
        for name in (
            "hold_s",
            "reps",
            "sets",
            "rest_s",
            "duration_min",
            "days_per_week",
            "visit_every_weeks",
        ):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True)
class ExerciseEvidence:
    """How well the claim in ``claim`` is supported, with citation keys into the references table."""

    level: str
    cite: tuple[str, ...]
    claim: str


@dataclass(frozen=True)
class Exercise:
    """One library entry."""

    id: str
    name: str
    kind: str
    discipline: str
    targets: tuple[str, ...]
    avoid_with: tuple[str, ...]
    sided: bool
    purpose: str
    steps: tuple[str, ...]
    dose: Dose
    cautions: tuple[str, ...]
    regression: str
    progression: str
    evidence: ExerciseEvidence
    illustration: str | None = None


@dataclass(frozen=True)
class CauseInfo:
    """What a cause means for the programme: its plain words (from the atlas), whether home practice can
    address it, and the advice if not."""

    id: str
    label: str
    self_care: bool
    who: str = ""
    advice: str = ""


@dataclass(frozen=True)
class ExerciseLibrary:
    """The validated library: exercises in priority order, cause notes and the references table."""

    schema_version: int
    library_version: str
    exercises: tuple[Exercise, ...]
    causes: Mapping[str, CauseInfo]
    references: Mapping[str, str]

    def ids(self) -> tuple[str, ...]:
        """Exercise ids in library order."""
        return tuple(e.id for e in self.exercises)

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id, or :class:`NotFoundError` listing the allowed ids."""
        for ex in self.exercises:
            if ex.id == exercise_id:
                return ex
        raise NotFoundError(f"unknown exercise {exercise_id!r} (allowed: {', '.join(self.ids())})")

    def for_cause(self, cause_id: str) -> tuple[Exercise, ...]:
        """Exercises whose targets include ``cause_id``, in library order."""
        return tuple(e for e in self.exercises if cause_id in e.targets)


def _fail(where: str, message: str) -> AtlasError:
    return AtlasError(f"exercise library: {where}: {message}")


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"{key!r} must be a non-empty string")
    return value.strip()


def _texts(raw: Mapping[str, Any], key: str, where: str, *, required: bool) -> tuple[str, ...]:
    value = raw.get(key, None if required else [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(where, f"{key!r} must be a list of non-empty strings")
    if required and not value:
        raise _fail(where, f"{key!r} must not be empty")
    return tuple(v.strip() for v in value)


def _cause_ids(raw: Mapping[str, Any], key: str, where: str, *, required: bool) -> tuple[str, ...]:
    ids = _texts(raw, key, where, required=required)
    for cid in ids:
        if cid not in CAUSES:
            raise _fail(where, f"unknown cause id {cid!r} in {key!r} (allowed: {', '.join(CAUSES)})")
    if len(set(ids)) != len(ids):
        raise _fail(where, f"duplicate cause id in {key!r}")
    return ids


def _parse_dose(raw: Any, kind: str, where: str) -> Dose:
    if not isinstance(raw, dict):
        raise _fail(where, "'dose' table is missing")
    wanted = DOSE_FIELDS[kind]
    missing = [f for f in wanted if f not in raw]
    if missing:
        raise _fail(where, f"dose of a {kind} is missing {', '.join(missing)}")
    extra = sorted(set(raw) - set(wanted))
    if extra:
        raise _fail(
            where, f"dose of a {kind} may not carry {', '.join(extra)} (allowed: {', '.join(wanted)})"
        )
    values: dict[str, float | int] = {}
    for name in wanted:
        value = raw[name]
        integral = name in ("reps", "sets", "days_per_week", "visit_every_weeks")
        ok_type = isinstance(value, int) if integral else isinstance(value, int | float)
        if isinstance(value, bool) or not ok_type or value < 0:
            raise _fail(where, f"dose.{name} must be a non-negative {'integer' if integral else 'number'}")
        values[name] = int(value) if integral else float(value)
    dose = Dose(**values)  # type: ignore[arg-type]
    _check_dose_bounds(dose, kind, where)
    return dose


def _check_dose_bounds(dose: Dose, kind: str, where: str) -> None:
    if dose.days_per_week is not None and not 1 <= dose.days_per_week <= 7:
        raise _fail(where, "dose.days_per_week must be between 1 and 7")
    if kind in ("strength", "mobility") and (dose.reps or 0) < 1:
        raise _fail(where, "dose.reps must be at least 1")
    if kind in ("strength", "mobility", "stretch") and (dose.sets or 0) < 1:
        raise _fail(where, "dose.sets must be at least 1")
    if kind == "stretch":
        assert dose.hold_s is not None and dose.reps is not None and dose.days_per_week is not None
        if not ACSM_HOLD_S[0] <= dose.hold_s <= ACSM_HOLD_S[1]:
            raise _fail(where, f"stretch hold_s {dose.hold_s:g} is outside the ACSM 10-30 s range")
        if not ACSM_REPS[0] <= dose.reps <= ACSM_REPS[1]:
            raise _fail(where, f"stretch reps {dose.reps} is outside the ACSM 2-4 range")
        if dose.days_per_week < ACSM_MIN_DAYS_PER_WEEK:
            raise _fail(where, "a stretch needs at least 2 days a week (ACSM)")
    if kind in ("rest", "manual_therapy") and not (dose.duration_min or 0) > 0:
        raise _fail(where, "dose.duration_min must be positive")
    if kind == "manual_therapy" and not (dose.visit_every_weeks or 0) >= 1:
        raise _fail(where, "dose.visit_every_weeks must be at least 1")


def _parse_evidence(raw: Any, where: str, references: Mapping[str, str]) -> ExerciseEvidence:
    if not isinstance(raw, dict):
        raise _fail(where, "'evidence' table is missing")
    level = raw.get("level")
    if level not in EVIDENCE_LEVELS:
        raise _fail(where, f"evidence.level {level!r} is unknown (allowed: {', '.join(EVIDENCE_LEVELS)})")
    cite = _texts(raw, "cite", f"{where} evidence", required=True)
    for key in cite:
        if key not in references:
            raise _fail(where, f"unknown citation key {key!r} (known: {', '.join(sorted(references))})")
    return ExerciseEvidence(level=str(level), cite=cite, claim=_text(raw, "claim", f"{where} evidence"))


def _parse_exercise(raw: Any, index: int, references: Mapping[str, str]) -> Exercise:
    if not isinstance(raw, dict):
        raise _fail(f"exercise #{index + 1}", "must be a table")
    ident = raw.get("id")
    where = f"exercise {ident!r}" if isinstance(ident, str) and ident else f"exercise #{index + 1}"
    unknown = sorted(set(raw) - _ENTRY_KEYS)
    if unknown:
        raise _fail(where, f"unknown field(s) {', '.join(unknown)}")
    missing = sorted(_REQUIRED_KEYS - set(raw))
    if missing:
        raise _fail(where, f"missing field(s) {', '.join(missing)}")
    kind = raw["kind"]
    if kind not in KINDS:
        raise _fail(where, f"kind {kind!r} is unknown (allowed: {', '.join(KINDS)})")
    if raw["discipline"] not in DISCIPLINES:
        raise _fail(where, f"discipline {raw['discipline']!r} is unknown (allowed: {', '.join(DISCIPLINES)})")
    if not isinstance(raw["sided"], bool):
        raise _fail(where, "'sided' must be true or false")
    illustration = raw.get("illustration")
    if illustration is not None and (not isinstance(illustration, str) or not illustration.isidentifier()):
        raise _fail(where, "'illustration' must be a short snake_case pose key")
    return Exercise(
        id=_text(raw, "id", where),
        name=_text(raw, "name", where),
        kind=kind,
        discipline=raw["discipline"],
        targets=_cause_ids(raw, "targets", where, required=True),
        avoid_with=_cause_ids(raw, "avoid_with", where, required=False),
        sided=raw["sided"],
        purpose=_text(raw, "purpose", where),
        steps=_texts(raw, "steps", where, required=True),
        dose=_parse_dose(raw["dose"], kind, where),
        cautions=_texts(raw, "cautions", where, required=False),
        regression=_text(raw, "regression", where),
        progression=_text(raw, "progression", where),
        evidence=_parse_evidence(raw["evidence"], where, references),
        illustration=illustration,
    )


def _parse_causes(raw: Any) -> dict[str, CauseInfo]:
    """The programme's notes per cause; each cause's plain words come from the atlas (declared once)."""
    from psoas.knowledge.atlas import load_atlas

    atlas_causes = load_atlas().causes
    if not isinstance(raw, dict):
        raise _fail("causes", "the [causes] table is missing")
    unknown = sorted(set(raw) - set(CAUSES))
    if unknown:
        raise _fail(f"cause {unknown[0]!r}", f"unknown cause id (allowed: {', '.join(CAUSES)})")
    out: dict[str, CauseInfo] = {}
    for cid in CAUSES:
        where = f"cause {cid!r}"
        entry = raw.get(cid)
        if not isinstance(entry, dict):
            raise _fail(where, "missing from the [causes] table")
        self_care = entry.get("self_care")
        if not isinstance(self_care, bool):
            raise _fail(where, "'self_care' must be true or false")
        if "label" in entry:
            raise _fail(where, "a cause's words live in atlas.toml (causes.words); remove 'label' here")
        info = CauseInfo(id=cid, label=atlas_causes[cid].words, self_care=self_care)
        if not self_care:
            info = CauseInfo(
                cid, info.label, False, _text(entry, "who", where), _text(entry, "advice", where)
            )
        out[cid] = info
    return out


def _citations(data: Mapping[str, Any], sources: Mapping[str, Any] | None) -> dict[str, str]:
    """Citation text by key, from ``references.toml`` (one home for every citation key).

    A ``[references]`` table left in the library would define keys a second time: refused, not merged.
    """
    if "references" in data:
        raise _fail(
            "references",
            "citations live in references.toml; a [references] table here would define them twice",
        )
    if sources is None:
        from psoas.knowledge.references import load_references

        sources = load_references()
    return {key: getattr(ref, "citation", str(ref)) for key, ref in sources.items()}


def parse_library(data: Mapping[str, Any], sources: Mapping[str, Any] | None = None) -> ExerciseLibrary:
    """Validate an already-parsed TOML document and build the library (raises :class:`AtlasError`).

    Citation keys resolve against ``sources`` (default: the bundled references); the library keeps the
    citations its exercises use.
    """
    if data.get("schema_version") != 1:
        raise _fail(
            "schema_version", f"unsupported schema version {data.get('schema_version')!r} (allowed: 1)"
        )
    version = data.get("library_version")
    if not isinstance(version, str) or not version:
        raise _fail("library_version", "must be a non-empty string")
    references = _citations(data, sources)
    causes = _parse_causes(data.get("causes"))
    raw_exercises = data.get("exercise")
    if not isinstance(raw_exercises, list) or not raw_exercises:
        raise _fail("exercise", "no [[exercise]] entries")
    exercises: list[Exercise] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_exercises):
        ex = _parse_exercise(raw, index, references)
        if ex.id in seen:
            raise _fail(f"exercise {ex.id!r}", "duplicate id")
        seen.add(ex.id)
        exercises.append(ex)
    cited = {key: references[key] for ex in exercises for key in ex.evidence.cite}
    return ExerciseLibrary(1, version, tuple(exercises), causes, cited)


def parse_library_text(text: str) -> ExerciseLibrary:
    """Parse and validate the library from TOML text (useful for checking an edited copy)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AtlasError(f"exercise library: not valid TOML: {exc}") from exc
    return parse_library(data)


@functools.cache
def load_exercises() -> ExerciseLibrary:
    """The bundled library, parsed and validated once per process."""
    from importlib.resources import files

    text = files("psoas").joinpath("data", "exercises.toml").read_text(encoding="utf-8")
    return parse_library_text(text)


def exercise_ids() -> tuple[str, ...]:
    """All exercise ids in library order."""
    return load_exercises().ids()


def get_exercise(exercise_id: str) -> Exercise:
    """One exercise by id; :class:`NotFoundError` lists the allowed ids."""
    return load_exercises().get(exercise_id)
