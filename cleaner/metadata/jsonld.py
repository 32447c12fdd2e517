"""JSON-LD: parsing, flattening (@graph, lists, mainEntity), the main object, and its values
(text, URLs, people)."""

from __future__ import annotations

import json
import re

from .head import _ARTICLE_TYPES, _PAGE_TYPES
from .values import _clean, _split_authors

_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
# One decoder for every page: json.loads(text, strict=False) builds a new one per call, and
# its C scanner's attribute look-ups leave fresh name strings in CPython's type cache, a
# few per call that outlive the page (see blocks._FLAGS_CACHE for what that costs).
_DECODE = json.JSONDecoder(strict=False).decode


def _load_json(text: str):
    text = text.strip()
    if not text:
        return None
    try:
        return _DECODE(text)
    except ValueError:
        pass
    # Common damage: HTML comment / CDATA wrappers, trailing commas, a trailing semicolon.
    # (A wrapper opens or closes the stripped text: the pattern, which tries every
    # position of a long script, runs only when one may be there.)
    fixed = text
    if text.startswith(("<!", "//")) or text.endswith(("-->", "]]>")):
        fixed = _WRAPPER.sub("", text)
    fixed = re.sub(r",\s*([}\]])", r"\1", fixed).rstrip().rstrip(";")
    try:
        return _DECODE(fixed)
    except ValueError:
        return None


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        if "/" not in t and "#" not in t:      # most: "Article", not a schema.org URL
            return {t.lower()}
        t = [t]
    if not isinstance(t, list):
        return set()
    return {x.rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower() for x in t if isinstance(x, str)}


def _flatten(data, out: list[dict], depth: int = 0) -> None:
    if depth > 4 or len(out) > 200:
        return
    if isinstance(data, list):
        for item in data:
            _flatten(item, out, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            out.append(data)
        graph = data.get("@graph")
        if graph is not None:
            _flatten(graph, out, depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            _flatten(main, out, depth + 1)


class _LD:
    """The JSON-LD objects of a page and the ones that matter."""

    def __init__(self, scripts: list[str]) -> None:
        objs: list[dict] = []
        for text in scripts:
            data = _load_json(text)
            if data is not None:
                _flatten(data, objs)
        self.ids: dict[str, dict] = {}
        self.main: dict | None = None
        self.page: dict | None = None
        self.website: dict | None = None
        loose: dict | None = None
        for obj in objs:
            oid = obj.get("@id")
            if isinstance(oid, str):
                self.ids.setdefault(oid, obj)
            types = _types(obj)
            if self.main is None and types & _ARTICLE_TYPES:
                self.main = obj
            elif self.page is None and types & _PAGE_TYPES:
                self.page = obj
            elif self.website is None and "website" in types:
                self.website = obj
            if loose is None and ("headline" in obj or "datePublished" in obj):
                loose = obj
        if self.main is None:
            self.main = loose if loose is not None and loose is not self.page else None
        self.order = [o for o in (self.main, self.page) if o is not None]

    def resolve(self, value):
        if isinstance(value, dict) and "@id" in value and len(value) <= 2:
            return self.ids.get(value["@id"], value)
        return value

    def first(self, *keys: str):
        for obj in self.order:
            for key in keys:
                value = obj.get(key)
                if value not in (None, "", [], {}):
                    return value
        return None


def _ld_text(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return _clean(value) if isinstance(value, str) else None


def _ld_url(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
        if isinstance(value, list):
            value = value[0] if value else None
    return (value.strip() or None) if isinstance(value, str) else None


def _ld_people(ld: _LD, value) -> list[str]:
    names: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:20]:
        item = ld.resolve(item)
        name = None
        if isinstance(item, str):
            name = item
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = name[0] if name else None
            if not isinstance(name, str) or not name.strip():
                parts = [item.get("givenName"), item.get("familyName")]
                name = " ".join(p for p in parts if isinstance(p, str))
        if isinstance(name, str):
            names.extend(_split_authors(name))
    return names
