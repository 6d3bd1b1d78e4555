"""HTML and PDF rendering of the documents, on the web face's Jinja environment.

The documents' templates sit beside the web templates in one loader, with the web's filters and
globals (:func:`psoas.templating.environment`), so a cause, an evidence badge, the pain map or the
chart is the same markup on the page and on paper. PDF output is WeasyPrint with the web's
``app.css`` and the print stylesheet ``documents.css``. WeasyPrint's fonts and stylesheets are
loaded once per process; everything is local (no URL is fetched).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, Literal

from psoas.errors import InputError

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
WEB_STATIC = HERE.parent / "web" / "static"
PAGE_SIZES: tuple[str, ...] = ("A4", "Letter")
PageSize = Literal["A4", "Letter"]


@cache
def environment() -> Any:
    """The web's Jinja environment with the document templates first in the loader."""
    from jinja2 import ChoiceLoader, FileSystemLoader

    from psoas.templating import environment as shared

    env = shared()
    env.loader = ChoiceLoader([FileSystemLoader(TEMPLATES), *([env.loader] if env.loader else [])])
    return env


def render_html(template: str, context: dict[str, Any]) -> str:
    """A document as one HTML string (the stylesheets are linked by the template)."""
    return str(environment().get_template(template).render(**context))


@cache
def _stylesheets(page_size: str) -> list[Any]:
    from weasyprint import CSS

    fonts = _fonts()
    page = CSS(string=f"@page {{ size: {page_size}; }}", font_config=fonts)
    return [
        CSS(filename=str(WEB_STATIC / "app.css"), font_config=fonts),
        CSS(filename=str(WEB_STATIC / "print.css"), font_config=fonts),
        CSS(filename=str(TEMPLATES / "documents.css"), font_config=fonts),
        page,
    ]


@cache
def _fonts() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def check_page_size(page_size: str) -> PageSize:
    """``A4`` or ``Letter`` (any case); else an :class:`InputError` naming ``--page``."""
    for size in PAGE_SIZES:
        if page_size.lower() == size.lower():
            return size  # type: ignore[return-value]
    raise InputError("page", f"unknown page size {page_size!r}", PAGE_SIZES)


_SVG_OPEN = re.compile(r"(<svg\b[^>]*>)")


@cache
def _svg_style() -> str:
    return "<style>" + (TEMPLATES / "svg.css").read_text(encoding="utf-8") + "</style>"


def style_svgs(html: str) -> str:
    """Put the paper SVG stylesheet inside every inline ``<svg>`` (WeasyPrint looks only there)."""
    style = _svg_style()
    return _SVG_OPEN.sub(lambda m: m.group(1) + style, html)


def render_pdf(html: str, page_size: str = "A4") -> bytes:
    """The HTML printed to PDF on A4 or Letter."""
    from weasyprint import HTML

    size = check_page_size(page_size)
    document = HTML(string=style_svgs(html), base_url=str(TEMPLATES), url_fetcher=_no_fetch)
    pdf = document.write_pdf(stylesheets=_stylesheets(size), font_config=_fonts())
    return bytes(pdf or b"")


def _no_fetch(url: str, *_args: Any, **_kw: Any) -> dict[str, Any]:
    """Documents fetch nothing: every picture is inline SVG, every stylesheet is given."""
    raise ValueError(f"documents load no external resources ({url.split(':', 1)[0]})")
