"""One strict parsing layer for everything a person or a program hands to psoas.

The CLI (``psoas assess``, ``psoas import``), the HTTP API (every JSON body, checked in the web
guard before any route sees it), the web forms and the journal import all read JSON and numbers
through this module, so they refuse the same things with the same messages:

- JSON: duplicate keys, ``NaN``/``Infinity`` (also ``1e400``, which overflows to infinity),
  integers longer than :data:`MAX_INT_DIGITS` digits, number literals longer than
  :data:`MAX_NUMBER_CHARS` characters, nesting deeper than ``max_depth``, more than ``max_items``
  object members, and text larger than ``max_chars``. A leading UTF-8 byte-order mark is accepted.
- Numbers typed as text (forms, CLI options): plain decimals only (no exponents, ``nan``, ``inf``,
  hexadecimal or underscores), within the field's range.

Every refusal is a :class:`psoas.errors.InputError` that names the field and the allowed values.
Nothing here imports anything heavy.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from psoas.errors import InputError

MAX_INT_DIGITS = 18
"""Longest integer literal accepted (fits a 64-bit database column)."""
MAX_NUMBER_CHARS = 32
"""Longest number literal accepted (a float needs at most 17 significant digits)."""
DEFAULT_MAX_DEPTH = 32
DEFAULT_MAX_ITEMS = 200_000
DEFAULT_MAX_CHARS = 1 << 20
_DECIMAL = re.compile(r"^[+-]?[0-9]{1,15}(?:\.[0-9]{1,9})?$")
_BOM = "\ufeff"


class _Limits:
    """Counters shared by the hooks of one parse."""

    def __init__(self, what: str, max_items: int) -> None:
        self.what = what
        self.items = 0
        self.max_items = max_items

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        self.items += len(pairs)
        if self.items > self.max_items:
            raise InputError(self.what, f"has more than {self.max_items} entries")
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise InputError(_join(self.what, key), "appears twice (duplicate key)")
            out[key] = value
        return out

    def integer(self, text: str) -> int:
        if len(text.lstrip("-")) > MAX_INT_DIGITS:
            raise InputError(self.what, f"a number has more than {MAX_INT_DIGITS} digits")
        return int(text)

    def real(self, text: str) -> float:
        if len(text) > MAX_NUMBER_CHARS:
            raise InputError(self.what, f"a number is longer than {MAX_NUMBER_CHARS} characters")
        value = float(text)
        if not math.isfinite(value):
            raise InputError(self.what, f"{text} is too large (numbers must be finite)")
        return value

    def constant(self, name: str) -> float:
        raise InputError(self.what, f"{name} is not a number (NaN and infinity are not allowed)")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path and path not in ("intake", "body", "import", "FILE") else key


def decode(data: bytes | str, what: str = "input") -> str:
    """UTF-8 bytes (a byte-order mark allowed) → text; other encodings are an InputError."""
    if isinstance(data, str):
        return data.removeprefix(_BOM)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(what, f"is not UTF-8 text (bad byte at position {exc.start})") from None


def loads(
    data: bytes | str,
    what: str = "input",
    *,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_items: int = DEFAULT_MAX_ITEMS,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> Any:
    """Parse JSON strictly; raise :class:`InputError` naming ``what`` (or the duplicate key).

    >>> loads('\\ufeff{"age": 54}')
    {'age': 54}
    >>> loads('{"a": 1, "a": 2}')
    Traceback (most recent call last):
    ...
    psoas.errors.InputError: input.a: appears twice (duplicate key)
    """
    if max_chars is not None and len(data) > max_chars:
        raise InputError(what, f"is larger than {max_chars // 1024} KiB")
    text = decode(data, what)
    if not text.strip():
        raise InputError(what, "is empty; expected JSON")
    limits = _Limits(what, max_items)
    try:
        value = json.loads(
            text,
            object_pairs_hook=limits.pairs,
            parse_int=limits.integer,
            parse_float=limits.real,
            parse_constant=limits.constant,
        )
    except RecursionError:
        raise InputError(what, f"is nested too deeply (at most {max_depth} levels)") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            what, f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    check_depth(value, what, max_depth)
    return value


def check_depth(value: Any, what: str, max_depth: int = DEFAULT_MAX_DEPTH) -> None:
    """Refuse nesting deeper than ``max_depth`` and text that is not Unicode (lone surrogates).

    Iterative, so no recursion limit; JSON allows ``"\\ud800"`` escapes that no database can store.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            check_text(item, what)
        elif isinstance(item, dict | list):
            if depth > max_depth:
                raise InputError(what, f"is nested too deeply (at most {max_depth} levels)")
            if isinstance(item, dict):
                stack.extend((key, depth) for key in item)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def check_text(text: str, field: str) -> str:
    """``text`` if it is valid Unicode (UTF-8 encodable), else an InputError on ``field``."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError(field, "contains characters that are not valid Unicode") from None
    return text


def check_tree(value: Any, what: str = "input", max_depth: int = DEFAULT_MAX_DEPTH) -> None:
    """Check an already-parsed value: finite numbers only, no deeper than ``max_depth``."""
    check_depth(value, what, max_depth)
    stack: list[tuple[Any, str]] = [(value, what)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise InputError(path, "must be a finite number (NaN and infinity are not allowed)")
        if isinstance(item, dict):
            stack.extend((v, _join(path, str(k))) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(item))


def number(
    text: str,
    field: str,
    low: float,
    high: float,
    *,
    integer: bool = False,
) -> float | int:
    """A number typed as text (form field, CLI argument) within ``[low, high]``.

    >>> number("5", "intensity", 0, 10, integer=True)
    5
    >>> number("nan", "minutes", 0, 1440)
    Traceback (most recent call last):
    ...
    psoas.errors.InputError: minutes: not a number: 'nan' (allowed: 0 to 1440)
    """
    allowed = f"{'whole numbers ' if integer else ''}{_g(low)} to {_g(high)}"
    cleaned = text.strip()
    if not _DECIMAL.match(cleaned):
        shown = cleaned if len(cleaned) <= 20 else cleaned[:20] + "…"
        raise InputError(field, f"not a number: {shown!r}", allowed)
    value = float(cleaned)
    if cleaned.startswith("-") and low >= 0:  # "-0" is not a way to say 0
        raise InputError(field, f"{cleaned} is out of range", allowed)
    if integer and value != int(value):
        raise InputError(field, f"{cleaned} is not a whole number", allowed)
    if not low <= value <= high:
        raise InputError(field, f"{cleaned} is out of range", allowed)
    return int(value) if integer else value


def finite(value: Any, field: str, low: float, high: float, *, integer: bool = False) -> float | int:
    """A number given as a number (API, library): refuses bool, text, NaN, infinities and the out-of-range."""
    allowed = f"{'whole numbers ' if integer else ''}{_g(low)} to {_g(high)}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(field, f"must be a number, not {type_name(value)}", allowed)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(field, "must be a finite number", allowed)
    if integer and value != int(value):
        raise InputError(field, f"{value} is not a whole number", allowed)
    if not low <= value <= high:
        raise InputError(field, f"{value} is out of range", allowed)
    return int(value) if integer else float(value)


def type_name(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    names: dict[type, str] = {bool: "true/false", str: "text", list: "a list", dict: "an object"}
    if value is None:
        return "null"
    return names.get(type(value), type(value).__name__)


def _g(value: float) -> str:
    return f"{value:g}"
