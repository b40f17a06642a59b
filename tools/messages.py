"""Refresh the website's message catalogs: every text the templates and the web
code mark for translation, and the data labels pages show (indicator titles,
student group types and groups, statuses). Keeps the translations already made;
new texts arrive untranslated, and tests/test_i18n.py fails until they are done.

    python tools/messages.py          # update src/stematlas/web/locales/*/messages.po
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "src" / "stematlas" / "web"
sys.path.insert(0, str(ROOT / "src"))

from stematlas.web.labels import data_labels  # noqa: E402

METHODS = [
    ("**/templates/**.html", "jinja2"),
    ("**.py", "python"),
]
KEYWORDS = {"_": None, "t": None, "gettext": (2,)}


def extracted() -> list[str]:
    messages = []
    for _, _, message, _, _ in extract_from_dir(
        str(WEB),
        METHODS,
        keywords=KEYWORDS,
        options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    ):
        if isinstance(message, tuple):
            message = message[0]
        messages.append(message)
    # Chart texts: the charts module sits beside the web package, shared with
    # the reports.
    charts = ROOT / "src" / "stematlas" / "charts.py"
    for _, message, _, _ in extract_from_file("python", str(charts), keywords=KEYWORDS):
        messages.append(message[0] if isinstance(message, tuple) else message)
    return messages


def main() -> None:
    wanted = list(dict.fromkeys([*extracted(), *data_labels()]))
    for po in sorted(WEB.glob("locales/*/LC_MESSAGES/messages.po")):
        lang = po.parts[-3]
        with po.open("rb") as f:
            old = read_po(f, locale=lang)
        new = Catalog(locale=lang, project="stematlas", fuzzy=False)
        for text in wanted:
            known = old.get(text)
            new.add(text, known.string if known else "")
        with po.open("wb") as f:
            write_po(f, new, width=88, omit_header=False, sort_output=False)
        missing = [m.id for m in new if m.id and not m.string]
        print(
            f"{po.relative_to(ROOT)}: {len(wanted)} texts, {len(missing)} untranslated"
        )


if __name__ == "__main__":
    main()
