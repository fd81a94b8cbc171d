"""Regenerate the golden files on purpose: `python tests/pages/regenerate.py [NAME ...]`.

A golden page is a `<name>.html` with a `<name>.json` beside it, holding the URL it is
extracted with and the expected result (the metadata, the body text and its markdown);
tests/test_extract_content.py checks each one. A `<name>.toml` beside them holds site
rules (`scraper sites`) that the page is extracted with. To add a golden, write the `.json` with
just `{"url": ...}` and run this script with its name. Review the diff of the JSON
files before committing: a golden that changed is a behaviour that changed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scraper.extract import SiteRules, extract

PAGES = Path(__file__).resolve().parent
GOLDEN_FIELDS = ("title", "authors", "published", "tags", "text", "markdown")
GOLDENS = sorted(p.stem for p in PAGES.glob("*.json"))


def golden(html: Path) -> dict[str, object]:
    expected = html.with_suffix(".json")
    url = json.loads(expected.read_text())["url"] if expected.exists() else None
    rules = html.with_suffix(".toml")
    sites = SiteRules.parse(rules.read_text("utf-8")) if rules.exists() else None
    article = extract(html.read_bytes(), url, sites=sites)
    return {"url": url} | {name: getattr(article, name) for name in GOLDEN_FIELDS}


def main(names: list[str]) -> None:
    for name in names or GOLDENS:
        html = PAGES / f"{name}.html"
        text = json.dumps(golden(html), ensure_ascii=False, indent=2) + "\n"
        html.with_suffix(".json").write_text(text)
        print(f"wrote {html.with_suffix('.json').name}")


if __name__ == "__main__":
    main(sys.argv[1:])
