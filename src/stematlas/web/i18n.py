"""Languages of the site: English, and Spanish from a gettext catalog.

Templates mark their text with ``_()``; the Spanish catalog lives in
``locales/es/LC_MESSAGES/messages.po`` and is read at start-up (no compiled ``.mo``
to keep in step). Spanish pages sit under ``/es/``, so every page has a URL per
language that works on a static host too. Numbers follow each language's
conventions for the United States.
"""

from __future__ import annotations

import io
import json
import re
from functools import cache
from importlib import resources
from urllib.parse import urlencode

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from jinja2 import Environment, PackageLoader, select_autoescape

LANGS = ("en", "es")
LOCALES = {"en": "en_US", "es": "es_US"}
LANG_NAMES = {"en": "English", "es": "Español"}
LEVEL_NAMES = {
    "state": "State",
    "region": "STEM network region",
    "esd": "Educational Service District",
    "wda": "Workforce Development Area",
    "county": "County",
    "district": "School district",
    "school": "School",
}


@cache
def translations(lang: str) -> NullTranslations:
    if lang == "en":
        return NullTranslations()
    po = resources.files("stematlas.web").joinpath(
        f"locales/{lang}/LC_MESSAGES/messages.po"
    )
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def gettext(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


@cache
def environment(lang: str) -> Environment:
    env = Environment(
        loader=PackageLoader("stematlas.web", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=False)
    env.globals.update(lang=lang, LANG_NAMES=LANG_NAMES, level_names=LEVEL_NAMES)
    env.filters.update(
        pct=lambda v, digits=1: percent(v, lang, digits),
        num=lambda v: number(v, lang),
        pp=lambda v: points(v, lang),
        t=lambda text: gettext(lang, text) if text else text,
        trend=lambda text: trend_note(text, lang),
    )
    return env


# The phrases the indicator engine writes into ``trend_note`` (stematlas.indicators.
# trends), joined with "; ". A break's own note may hold "; " too, so parts are
# told apart by how each phrase begins.
_TREND_PARTS = re.compile(r"; (?=since \S+ across a break: |across a break: |"
                          r"baseline \S+ |previous: )")  # fmt: skip
_TREND_PHRASES = [
    (re.compile(r"since (?P<period>\S+) across a break: (?P<note>.+)"),
     "since {period} across a break: {note}"),
    (re.compile(r"across a break: (?P<note>.+)"), "across a break: {note}"),
    (re.compile(r"baseline (?P<period>\S+) missing"), "baseline {period} missing"),
    (re.compile(r"baseline (?P<period>\S+) (?P<status>.+)"),
     "baseline {period} {status}"),
    (re.compile(r"previous: (?P<period>\S+)(?: (?P<status>[a-z_ ]+?))?"
                r"(?:, (?P<first>\S+) to (?P<last>\S+) missing)?"
                r"(?:, (?P<gap>\S+) missing)?"),
     None),
]  # fmt: skip


def trend_phrases() -> list[str]:
    """The phrases of trend notes a catalog translates."""
    return [message for _, message in _TREND_PHRASES if message]


def trend_note(text: str | None, lang: str) -> str:
    """The engine's note on a change, in the page's language."""
    if not text or lang == "en":
        return text or ""
    return "; ".join(_trend_part(part, lang) for part in _TREND_PARTS.split(text))


def _trend_part(part: str, lang: str) -> str:
    _ = lambda message: gettext(lang, message)  # noqa: E731
    for pattern, message in _TREND_PHRASES:
        found = pattern.fullmatch(part)
        if not found:
            continue
        # The note and the status are data labels, translated as such.
        values = {
            key: translations(lang).gettext(value)
            if key in ("note", "status")
            else value
            for key, value in found.groupdict().items()
            if value is not None
        }
        if message is not None:
            return _(message).format(**values)
        return _previous(values, lang)
    return part


def _previous(values: dict, lang: str) -> str:
    _ = lambda message: gettext(lang, message)  # noqa: E731
    text = _("previous: {period}").format(period=values["period"])
    if "status" in values:
        text += " " + values["status"]
    if "first" in values:
        text += ", " + _("{first} to {last} missing").format(**values)
    elif "gap" in values:
        text += ", " + _("{period} missing").format(period=values["gap"])
    return text


def percent(value: float | None, lang: str, digits: int = 1) -> str:
    if value is None:
        return ""
    text = format_decimal(
        round(value * 100, digits), f"0.{'0' * digits}", locale=LOCALES[lang]
    )
    return f"{text}%"


def number(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    return format_decimal(value, "#,##0.###", locale=LOCALES[lang])


def points(value: float | None, lang: str) -> str:
    """A difference in percentage points, signed."""
    if value is None:
        return ""
    text = format_decimal(abs(value), "0.0", locale=LOCALES[lang])
    sign = "+" if value > 0.05 else ("−" if value < -0.05 else "±")
    return f"{sign}{text}"


class Links:
    """URLs for one page in one language. On the server they are root-relative;
    in the static export (``static=True``) they are relative to the page's own
    folder and end in ``index.html``, so the copy works from any host and path."""

    def __init__(self, lang: str, path: str, static: bool = False):
        self.lang = lang
        self.path = path  # the page's own path, without the language prefix
        self.static = static

    def __call__(self, path: str, params: dict | None = None, lang: str = "") -> str:
        lang = lang or self.lang
        # Files and the API are the same in every language.
        is_file = "." in path.rsplit("/", 1)[-1]
        shared = is_file or path.startswith(("/static/", "/maps/", "/api/"))
        prefix = "/es" if lang == "es" and not shared else ""
        query = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        if not self.static:
            url = prefix + path if path != "/" or not prefix else "/es/"
            return url + (f"?{urlencode(query)}" if query else "")
        target = (prefix + path).strip("/")
        here = ("/es" if self.lang == "es" else "") + self.path
        depth = len([p for p in here.strip("/").split("/") if p])
        up = "../" * depth
        if "." in target.rsplit("/", 1)[-1]:
            return up + target  # a file: a download, a stylesheet
        return up + (f"{target}/" if target else "") + "index.html"

    def static_file(self, path: str) -> str:
        return self(f"/static/{path}")

    def vendor(self, package: str, file: str) -> str:
        """A vendored front-end file, at the version the manifest pins."""
        return self.static_file(f"vendor/{vendored(package)}/{file}")

    def switch(self, lang: str, params: dict | None = None) -> str:
        """This page in another language."""
        return self(self.path, params, lang=lang)


@cache
def _manifest() -> dict[str, str]:
    path = resources.files("stematlas.web").joinpath("static/vendor/MANIFEST.json")
    entries = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(entries, dict):
        entries = entries.get("packages", list(entries.values()))
    return {e["package"]: f"{e['package']}-{e['version']}" for e in entries}


def vendored(package: str) -> str:
    """The folder of a vendored npm package: ``name-version``."""
    return _manifest()[package]


def render(lang: str, template: str, request=None, **context) -> str:
    path = context.pop("page_path", None)
    if path is None and request is not None:
        path = request.url.path.removeprefix("/es") or "/"
    links = context.pop("links", None) or Links(lang, path or "/")
    page = environment(lang).get_template(template)
    return page.render(links=links, **context)
