"""Validation failures of the intake schema as one clear :class:`psoas.errors.InputError`.

The error names the field path (``pain[0].region``) and the allowed values or range, read from the schema's
own declarations (never copied).
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from psoas.errors import InputError


def format_loc(loc: tuple[int | str, ...]) -> str:
    """``('pain', 0, 'region')`` -> ``pain[0].region``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "intake"


def to_input_error(exc: ValidationError, root: type[BaseModel]) -> InputError:
    """The first validation error of ``root`` (the intake model) as an :class:`InputError` naming the field."""
    err = exc.errors(include_url=False)[0]
    loc = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        model = _model_at(root, loc[:-1])
        allowed = list(model.model_fields) if model is not None else None
        return InputError(format_loc(loc), "unknown key", allowed)
    if kind == "missing":
        return InputError(format_loc(loc), "is required")
    if kind == "literal_error":
        return InputError(format_loc(loc), f"{err['input']!r} is not allowed", str(ctx.get("expected", "")))
    bounds = {k: ctx[k] for k in ("ge", "le", "gt", "lt") if k in ctx}
    if bounds:
        field_range = _range_of(root, loc)
        return InputError(format_loc(loc), f"{err['input']!r} is out of range", field_range)
    if kind.startswith("date"):
        return InputError(format_loc(loc), f"{err['input']!r} is not a date (write it as YYYY-MM-DD)")
    if kind in _TYPE_WORDS:
        from psoas.intake.strictjson import type_name

        wanted = _TYPE_WORDS[kind]
        return InputError(
            format_loc(loc),
            f"must be {wanted}, not {type_name(err['input'])}",
            _range_of(root, loc) or wanted,
        )
    if kind == "value_error":
        message = str(ctx.get("error", err["msg"]))
        return InputError(format_loc(loc), message)
    return InputError(format_loc(loc), err["msg"][0].lower() + err["msg"][1:])


_TYPE_WORDS = {
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "model_type": "an object",
    "dict_type": "an object",
}


def _unwrap(annotation: Any) -> Any:
    """The model class inside Optional[...] / list[...] / dict[...] annotations, if any."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType, list, dict, Annotated):
        for arg in get_args(annotation):
            found = _unwrap(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
    return annotation


def _model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        model = _unwrap(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def field_bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    """(lowest, highest) allowed value of a numeric field of a schema model, from its declaration."""
    lo = hi = None
    for meta in model.model_fields[name].metadata:
        lo = getattr(meta, "ge", lo) if getattr(meta, "ge", None) is not None else lo
        hi = getattr(meta, "le", hi) if getattr(meta, "le", None) is not None else hi
    return lo, hi


def _range_of(root: type[BaseModel], loc: tuple[int | str, ...]) -> str | None:
    model = _model_at(root, loc[:-1])
    name = loc[-1]
    if model is None or not isinstance(name, str) or name not in model.model_fields:
        return None
    lo, hi = field_bounds(model, name)
    if lo is None and hi is None:
        return None
    return f"{lo if lo is not None else '-inf'} to {hi if hi is not None else 'inf'}"
