"""The Jinja environment shared by the web pages and the printed documents.

One set of templates (``psoas/web/templates``), filters and globals, so a cause, an evidence badge,
the pain map or the chart is the same markup on a page and on paper. It lives in the core because
the documents (:mod:`psoas.documents`) render with it without the web face; the web wraps it in
Starlette's ``Jinja2Templates``. Jinja is imported only when an environment is built.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from psoas.version import __version__

TEMPLATES = Path(__file__).resolve().parent / "web" / "templates"


def environment() -> Any:
    """A new Jinja environment over the templates, with psoas's filters and globals."""
    import jinja2

    from psoas.draw.bodymap import region_label
    from psoas.knowledge import vocab
    from psoas.present.words import day_words, dose_words, sides_words

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape())
    env.globals["version"] = __version__
    env.globals["region_label"] = region_label
    env.globals["evidence_levels"] = vocab.EVIDENCE_LEVELS
    env.globals["print_date"] = lambda: date.today().isoformat()  # the print stamp of every page
    env.filters["pct"] = lambda v: f"{100 * float(v or 0):.0f}%"
    env.filters["words"] = lambda v: str(v).replace("_", " ")
    env.filters["dose"] = dose_words  # one wording of a dose for every face (psoas.present.words)
    env.filters["when"] = when_html  # a stored UTC moment, shown in the reader's time zone
    env.filters["day"] = day_words
    env.filters["sides"] = sides_words
    _install_claim_helpers(env)
    return env


def when_html(value: Any) -> Any:
    """A stored UTC moment as ``<time>``: the words say UTC; /static/time.js shows it in the
    browser's time zone (without scripts, or on paper, the UTC words stay)."""
    from markupsafe import Markup, escape

    from psoas.present.words import moment_words

    if not value:
        return ""
    stamp = str(value) if str(value).endswith("Z") else f"{value}Z"
    return Markup('<time class="local-time" datetime="{}">{}</time>').format(
        escape(stamp), escape(moment_words(value))
    )


def _install_claim_helpers(env: Any) -> None:
    """Jinja globals so a badge can name its claim: by cause, exercise or chain path."""
    from psoas.knowledge.claims import load_claims

    def for_cause(cause_id: str) -> str | None:
        return load_claims().for_cause(str(cause_id))

    def for_exercise(exercise_id: str) -> str | None:
        return load_claims().for_exercise(str(exercise_id))

    def for_path(path: Any) -> str | None:
        from psoas.knowledge.atlas import load_atlas

        return load_claims().for_path([str(p) for p in path or []], load_atlas())

    env.globals["claim_for_cause"] = for_cause
    env.globals["claim_for_exercise"] = for_exercise
    env.globals["claim_for_path"] = for_path
