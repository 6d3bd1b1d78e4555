"""Write the README's table of the article's claims from src/psoas/data/claims.toml.

Usage: python scripts/claims_table.py [--check]   (--check exits 1 when the README differs)
"""

from __future__ import annotations

import sys
from pathlib import Path

from psoas.knowledge.claims import load_claims
from psoas.present.claims import readme_table, replace_table

README = Path(__file__).resolve().parents[1] / "README.md"


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    wanted = replace_table(text, readme_table(load_claims()))
    if "--check" in argv:
        if wanted != text:
            print("README.md claims table is out of date: run make claims-table", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
