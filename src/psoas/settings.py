"""Every setting of psoas in one place: its default, its environment variable and what it does.

:class:`Settings` is frozen; :meth:`Settings.from_env` reads the environment once (plus explicit
overrides, e.g. from command-line options) and refuses a bad value with an
:class:`~psoas.errors.InputError` naming the variable and the values it allows. This is the only
module of psoas that reads ``os.environ`` (a test checks it); everything else is handed its
settings. ``docs/settings.md`` documents each one (a test checks that too).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from psoas.errors import InputError

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def _flag(name: str, text: str) -> bool:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InputError(name, f"cannot read {text!r}", ("1", "0"))


def _text(_name: str, text: str) -> str | None:
    return text.strip() or None


def _hosts(_name: str, text: str) -> tuple[str, ...] | None:
    hosts = tuple(h.strip().lower() for h in text.split(",") if h.strip())
    return hosts or None


def _workers(name: str, text: str) -> int | None:
    word = text.strip().lower()
    if word in ("", "auto"):
        return None
    if word.isascii() and word.isdigit() and int(word) <= 64:
        return int(word)
    raise InputError(name, f"cannot read {text!r}", "a whole number 0-64 (0: no worker processes), or auto")


def _rate(name: str, text: str) -> str:
    word = text.strip().lower()
    if word in ("off", "0", "none"):
        return "off"
    rate, _, burst = word.partition("/")
    try:
        numbers = (float(rate), float(burst or rate))
    except ValueError:
        numbers = (-1.0, -1.0)
    if not all(0 < n < 1e6 for n in numbers):
        raise InputError(name, f"cannot read {text!r}", "RATE/BURST, e.g. 10/30, or off")
    return word


def _seconds(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.1 <= value <= 600:
        raise InputError(name, f"cannot read {text!r}", "seconds from 0.1 to 600")
    return value


def _setting(default: Any, env: str, help: str, parse: Callable[[str, str], Any]) -> Any:
    return field(default=default, metadata={"env": env, "help": help, "parse": parse})


@dataclass(frozen=True)
class Settings:
    """The settings of one psoas process. Build with :meth:`from_env` (or directly, in tests)."""

    db_url: str | None = _setting(
        None,
        "PSOAS_DB",
        "Database URL (sqlite:///PATH or postgresql+psycopg://...); unset: a SQLite file in the data folder.",
        _text,
    )
    data_dir: str | None = _setting(
        None,
        "PSOAS_DATA_DIR",
        "Folder of the default SQLite journal when no database URL is set; unset: your user data folder.",
        _text,
    )
    secret: str | None = _setting(
        None,
        "PSOAS_SECRET",
        "Key that signs the web forms' CSRF tokens; unset: a random key for each process.",
        _text,
    )
    accounts: bool = _setting(
        False, "PSOAS_ACCOUNTS", "1: every web request needs a logged-in account (a practice server).", _flag
    )
    allowed_hosts: tuple[str, ...] | None = _setting(
        None,
        "PSOAS_ALLOWED_HOSTS",
        "Host names the web app answers to, comma-separated; unset: the loopback names.",
        _hosts,
    )
    secure_cookies: bool = _setting(
        False, "PSOAS_SECURE_COOKIES", "1: login cookies only over HTTPS (behind a TLS proxy).", _flag
    )
    assess_workers: int | None = _setting(
        None,
        "PSOAS_ASSESS_WORKERS",
        "Worker processes for web assessments (0: a thread instead); unset: CPU cores - 1, at most 4.",
        _workers,
    )
    rate_limit: str = _setting(
        "10/30",
        "PSOAS_RATE_LIMIT",
        "Per-client limit on expensive web routes: RATE/BURST requests per second, or off.",
        _rate,
    )
    body_timeout_s: float = _setting(
        30.0,
        "PSOAS_BODY_TIMEOUT_S",
        "Seconds a client may take to send a request body (408 after).",
        _seconds,
    )
    header_timeout_s: float = _setting(
        10.0,
        "PSOAS_HEADER_TIMEOUT_S",
        "Seconds a client may take to send a request's headers to `psoas serve` (closed after).",
        _seconds,
    )
    pose_model: str | None = _setting(
        None,
        "PSOAS_POSE_MODEL",
        "Path of the pose model file for photo measuring; unset: the copy `make install` puts in the venv.",
        _text,
    )

    @classmethod
    def from_env(
        cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Settings from the environment (``environ``, default ``os.environ``), then ``overrides``.

        ``overrides`` are field names with typed values (None values are skipped, so an unset
        command-line option leaves the environment's value).
        """
        source = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            text = source.get(f.metadata["env"])
            if text is not None:
                values[f.name] = f.metadata["parse"](f.metadata["env"], text)
        settings = cls(**values)
        given = {k: v for k, v in (overrides or {}).items() if v is not None}
        unknown = sorted(set(given) - {f.name for f in fields(cls)})
        if unknown:
            raise InputError(
                "settings", f"unknown setting {unknown[0]!r}", tuple(f.name for f in fields(cls))
            )
        return replace(settings, **given)

    @classmethod
    def read(cls, name: str, environ: Mapping[str, str] | None = None) -> Any:
        """One setting from the environment (validated), without reading the others."""
        f = next(f for f in fields(cls) if f.name == name)
        text = (os.environ if environ is None else environ).get(f.metadata["env"])
        return f.default if text is None else f.metadata["parse"](f.metadata["env"], text)

    def to_env(self) -> dict[str, str]:
        """The environment variables that give these settings (for worker processes)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, bool):
                text = "1" if value else "0"
            elif isinstance(value, tuple):
                text = ",".join(value)
            else:
                text = str(value)
            out[f.metadata["env"]] = text
        return out

    def database_url(self) -> str | None:
        """The journal's URL: ``db_url``, else a SQLite file in ``data_dir``, else None (the default file)."""
        if self.db_url:
            return self.db_url
        if self.data_dir:
            from pathlib import Path

            return f"sqlite:///{Path(self.data_dir).expanduser() / 'journal.sqlite3'}"
        return None

    def rate(self) -> tuple[float, float]:
        """``rate_limit`` as (requests per second, burst); (0, 0) when off."""
        if self.rate_limit == "off":
            return 0.0, 0.0
        rate, _, burst = self.rate_limit.partition("/")
        return float(rate), float(burst or rate)


def describe() -> list[tuple[str, str, str, str]]:
    """Each setting as (field, environment variable, default in words, description)."""
    out = []
    for f in fields(Settings):
        default = "unset" if f.default is None else str(f.default)
        if isinstance(f.default, bool):
            default = "1" if f.default else "0"
        out.append((f.name, f.metadata["env"], default, f.metadata["help"]))
    return out
