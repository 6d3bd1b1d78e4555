"""Bundled example intakes (``data/examples/*.json``), written by ``psoas examples DIR``.

They double as worked vignettes in the test suite; ``basketball_knee`` is the article's client.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from psoas.errors import NotFoundError


def _folder() -> Any:
    return resources.files("psoas").joinpath("data", "examples")


def example_names() -> list[str]:
    """Names of the bundled examples, sorted."""
    return sorted(p.name.removesuffix(".json") for p in _folder().iterdir() if p.name.endswith(".json"))


def example_text(name: str) -> str:
    """The JSON text of one example."""
    if name not in example_names():
        raise NotFoundError(f"unknown example {name!r} (allowed: {', '.join(example_names())})")
    return str(_folder().joinpath(f"{name}.json").read_text(encoding="utf-8"))


def load_example(name: str) -> dict[str, Any]:
    """One example intake as a dict."""
    data: dict[str, Any] = json.loads(example_text(name))
    return data
