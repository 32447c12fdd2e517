"""Site-aware cleaning: learn what a host's pages share, then clean each page with it.

A dump holds many pages cut from one template. A text block that recurs on a large share
of a template's pages (the partner box after every story, the newsletter prompt, the
footer line) is boilerplate by repetition, and the element the main content sits in is
the same on every page. learn_sites() reads a bounded sample of each host's pages into a
SiteProfile; clean(..., site=profile) or clean(..., sites=profiles) uses it.

The rules (apply()):
- A repeated block is dropped only at the edges of what the page-by-page reading kept
  (before its first or after its last page-own block): a disclaimer the site prints
  inside every story, or a recurring section heading between page-own paragraphs, stays.
- When the page-by-page reading chose a container elsewhere than the template's usual
  one, and the page has that element holding a good share of the page-own text, the
  blocks are chosen again inside it.
- A page whose template cannot be told (no group looks like it), or whose host had too
  few pages (MIN_PAGES), is cleaned exactly as without a profile.

Pages are grouped by structure, not only by host: two pages belong to one template when
the element paths near the top of their trees mostly agree (SAME_TEMPLATE), so a host's
article and listing templates are learned apart.

The file format (save()/load()) is JSON, versioned, readable:

    {"format": "cleaner-site-profiles", "version": 1,
     "hosts": {"example.com": {"pages": 40, "templates": [
        {"pages": 30,                       # pages of the sample in this template
         "shape": ["9f2c...", ...],         # path fingerprints that define the template
         "container": "body>div>main>article", # where the content sits (readable)
         "container_id": "51e0...",         # its path fingerprint
         "container_share": 0.93,           # share of the pages where it was chosen
         "repeated": ["a1b2...", ...]}]}}}  # fingerprints of repeated text blocks

Fingerprints are the first 16 hex digits of BLAKE2b: of an element's path (tags from
<body> down, each with the walk's marks: ! SEMANTIC, + CONTENT_ATTR, ~ SUSPECT), or of a
block's text (lower-cased, digits as 0, spaces collapsed) together with its element's
path: the same words elsewhere in the template are another block.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from hashlib import blake2b
from urllib.parse import urlsplit

from . import blocks as bk

FORMAT = "cleaner-site-profiles"
VERSION = 1
# A host needs this many sampled pages in one template for a profile of it.
MIN_PAGES = 3
# Pages sampled per host: the profile's cost is bounded whatever the dump's size.
MAX_PAGES_PER_HOST = 200
# Templates kept per host (the largest) and fingerprints kept per template.
MAX_TEMPLATES = 8
MAX_REPEATED = 5000
MAX_SHAPE = 400
# Hosts learned at once: pages of further hosts are not learned (they are cleaned as
# without a profile). With MAX_TEXTS, this bounds the learner's memory on any dump.
MAX_HOSTS = 20_000
# Distinct texts counted per template: beyond this, those seen on one page only are
# forgotten (they are far from recurring on half the pages).
MAX_TEXTS = 20_000
# A block is repeated when its text is on at least this share of its template's pages.
REPEATED_SHARE = 0.5
# Two pages share a template when the Jaccard similarity of their shapes is at least this.
SAME_TEMPLATE = 0.5
# The template's container is used when it was chosen on at least this share of pages
# and, on the page, holds at least CONTAINER_OWN_SHARE of the page-own kept text.
CONTAINER_SHARE = 0.6
CONTAINER_OWN_SHARE = 0.8
# ... and the blocks chosen again there keep all of the page-own text kept before.
RESELECT_KEEPS = 1.0
# Elements this deep or shallower define the page's shape.
SHAPE_DEPTH = 6
# Refuse profile files larger than this (bytes): a hostile file must not eat the memory.
MAX_FILE_BYTES = 256 * 1024 * 1024

_DIGITS = re.compile(r"\d")
_MARKS = ((bk.SEMANTIC, "!"), (bk.CONTENT_ATTR, "+"), (bk.SUSPECT, "~"))


class ProfileError(ValueError):
    """A profile file that cannot be used: wrong format or version, malformed, too big."""


def _fp(text: str) -> str:
    return blake2b(text.encode("utf-8", "replace"), digest_size=8).hexdigest()


def text_fp(text: str, path: str = "") -> str:
    """The fingerprint of a block's text at an element path (path: the fingerprint of the
    block's element): numbers (dates, counts) do not make it new. The path keeps a story's
    lead apart from the same words in the teaser boxes of other pages."""
    return _fp(path + "\0" + _DIGITS.sub("0", " ".join(text.lower().split())))


def block_fps(bl: bk.Blocks, ids: list[str]) -> list[str]:
    """text_fp of every block at its element's path."""
    return [text_fp(b.text, ids[b.parent] if b.parent >= 0 else "") for b in bl.blocks]


def host_of(url: str | None) -> str | None:
    """The host of an absolute URL, lower-cased, without "www."; None when there is none."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


@dataclass(slots=True)
class Template:
    pages: int
    shape: frozenset[str]
    container: str = ""
    container_id: str = ""
    container_share: float = 0.0
    repeated: frozenset[str] = frozenset()

    def to_json(self) -> dict:
        return {"pages": self.pages, "shape": sorted(self.shape),
                "container": self.container, "container_id": self.container_id,
                "container_share": round(self.container_share, 3),
                "repeated": sorted(self.repeated)}


@dataclass(slots=True)
class SiteProfile:
    host: str
    pages: int
    templates: list[Template] = field(default_factory=list)

    def template_for(self, shape: frozenset[str]) -> Template | None:
        """The template whose shape is most like the page's, if one is like it enough."""
        best, best_sim = None, SAME_TEMPLATE
        for t in self.templates:
            sim = _jaccard(shape, t.shape)
            if sim >= best_sim:
                best, best_sim = t, sim
        return best


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


# -- reading a page's walk ---------------------------------------------------------------

def element_paths(bl: bk.Blocks) -> tuple[list[str], list[int]]:
    """Per element of the walk: the fingerprint of its path and its depth. One pass in
    document order (a parent comes before its children)."""
    ids: list[str] = []
    depth: list[int] = []
    for i, tag in enumerate(bl.el_tag):
        p = bl.el_parent[i]
        flags = bl.el_flags[i]
        step = tag + "".join(m for bit, m in _MARKS if flags & bit)
        ids.append(_fp((ids[p] if p >= 0 else "") + ">" + step))
        depth.append(depth[p] + 1 if p >= 0 else 0)
    return ids, depth


def readable_path(bl: bk.Blocks, el: int) -> str:
    """An element's path as a person reads it ("body>div>main!>article!")."""
    steps = []
    while el >= 0:
        flags = bl.el_flags[el]
        steps.append(bl.el_tag[el] + "".join(m for bit, m in _MARKS if flags & bit))
        el = bl.el_parent[el]
    return ">".join(reversed(steps))


def shape_of(ids: list[str], depth: list[int]) -> frozenset[str]:
    out: set[str] = set()
    for i, d in enumerate(depth):
        if d <= SHAPE_DEPTH:
            out.add(ids[i])
            if len(out) >= MAX_SHAPE:
                break
    return frozenset(out)


def common_element(bl: bk.Blocks, kept: list[int]) -> int:
    """The innermost element holding every kept block (-1: none)."""
    if not kept:
        return -1
    first, last = kept[0], kept[-1]
    el = bl.blocks[first].parent
    while el >= 0 and not (bl.el_start[el] <= first and last < bl.el_end[el]):
        el = bl.el_parent[el]
    return el


# -- learning ----------------------------------------------------------------------------

@dataclass(slots=True)
class _Group:
    shape: frozenset[str]
    pages: int = 0
    texts: Counter = field(default_factory=Counter)
    containers: Counter = field(default_factory=Counter)
    readable: dict = field(default_factory=dict)


class Learner:
    """Profiles from pages fed one at a time (bounded: MAX_PAGES_PER_HOST pages a host;
    the state of a host is its groups' fingerprint counts)."""

    def __init__(self, options=None):
        from .options import Options
        self.options = options or Options(metadata=True)
        self.hosts: dict[str, list[_Group]] = {}
        self.seen: Counter = Counter()

    def add(self, html: str | bytes, url: str | None = None) -> str | None:
        """Learn from one page; the host it was counted under (None: no host known, or
        the host's sample is full)."""
        from .core import run
        host = host_of(url)
        if host is not None and self.seen[host] >= MAX_PAGES_PER_HOST:
            return None
        trace: dict = {}
        try:
            article = run(html, url, self.options, None, trace)
        except TypeError:
            return None
        if host is None:
            meta = article.metadata
            host = host_of(meta.canonical_url if meta is not None else None)
            if host is None:
                host = host_of(_base_href(trace.get("data")))
        if host is None or "bl" not in trace or self.seen[host] >= MAX_PAGES_PER_HOST:
            return None
        if host not in self.hosts and len(self.hosts) >= MAX_HOSTS:
            return None
        self.seen[host] += 1
        bl: bk.Blocks = trace["bl"]
        kept: list[int] = trace["selected"]
        ids, depth = element_paths(bl)
        shape = shape_of(ids, depth)
        groups = self.hosts.setdefault(host, [])
        group = max(groups, key=lambda g: _jaccard(shape, g.shape), default=None)
        if group is None or _jaccard(shape, group.shape) < SAME_TEMPLATE:
            group = _Group(shape)
            groups.append(group)
        group.pages += 1
        group.texts.update(set(block_fps(bl, ids)))
        if len(group.texts) > MAX_TEXTS:
            group.texts = Counter({fp: n for fp, n in group.texts.items() if n > 1})
        el = common_element(bl, kept)
        if el >= 0:
            group.containers[ids[el]] += 1
            group.readable.setdefault(ids[el], readable_path(bl, el))
        return host

    def profiles(self) -> dict[str, SiteProfile]:
        out = {}
        for host, groups in self.hosts.items():
            templates = []
            for g in sorted(groups, key=lambda g: -g.pages)[:MAX_TEMPLATES]:
                if g.pages < MIN_PAGES:
                    continue
                need = max(MIN_PAGES, REPEATED_SHARE * g.pages)
                repeated = [fp for fp, n in g.texts.most_common(MAX_REPEATED) if n >= need]
                cid, cn = g.containers.most_common(1)[0] if g.containers else ("", 0)
                templates.append(Template(g.pages, g.shape, g.readable.get(cid, ""), cid,
                                          cn / g.pages, frozenset(repeated)))
            if templates:
                out[host] = SiteProfile(host, self.seen[host], templates)
        return out


_BASE_RE = re.compile(r"""<base\s[^>]*href\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def _base_href(data) -> str | None:
    if not data:
        return None
    head = data[:65536]
    if isinstance(head, bytes):
        head = head.decode("latin-1")
    m = _BASE_RE.search(head)
    return m.group(1) if m else None


def learn_sites(records: Iterable, options=None) -> dict[str, SiteProfile]:
    """Profiles, by host, from (html, url) pairs (url may be None or "": the host is then
    the page's canonical / og:url / <base>). Hosts with fewer than MIN_PAGES pages in a
    template get no profile of it; their pages are cleaned as without one."""
    learner = Learner(options)
    for record in records:
        html, url = record if isinstance(record, tuple) else (record, None)
        learner.add(html, url)
    return learner.profiles()


# -- cleaning with a profile -------------------------------------------------------------

def apply(bl: bk.Blocks, kept: list[int], profile: SiteProfile, reselect) -> list[int]:
    """The kept blocks, with what the site's template says is boilerplate taken out.
    reselect(el): the blocks the page-by-page rules keep inside element el."""
    if not kept:
        return kept
    ids, depth = element_paths(bl)
    template = profile.template_for(shape_of(ids, depth))
    if template is None:
        return kept
    rep = template.repeated
    own = [fp not in rep for fp in block_fps(bl, ids)]
    cid = template.container_id
    if cid and template.container_share >= CONTAINER_SHARE:
        el = common_element(bl, kept)
        if el >= 0 and ids[el] != cid:
            choice = _usual_container(bl, kept, ids, cid, own)
            if choice >= 0:
                again = reselect(choice)
                # Only to take away what is not the page's own (a box the page-by-page
                # container also held): never at the cost of the page's own text.
                if _own_chars(bl, again, own) >= RESELECT_KEEPS * _own_chars(bl, kept, own):
                    kept = again
    return _trim_repeated(bl, kept, own)


def _usual_container(bl: bk.Blocks, kept: list[int], ids: list[str], cid: str,
                     own: list[bool]) -> int:
    """The element on the template's usual path holding the most page-own text, when that
    is a good share of the page-own text the page-by-page reading kept."""
    blocks = bl.blocks
    total = sum(blocks[i].chars for i in kept if own[i])
    best, best_chars = -1, 0
    for el, fid in enumerate(ids):
        if fid != cid:
            continue
        chars = sum(blocks[i].chars for i in range(bl.el_start[el], bl.el_end[el]) if own[i])
        if chars > best_chars:
            best, best_chars = el, chars
    if best >= 0 and best_chars >= CONTAINER_OWN_SHARE * total:
        return best
    return -1


def _own_chars(bl: bk.Blocks, kept: list[int], own: list[bool]) -> int:
    blocks = bl.blocks
    return sum(blocks[i].chars for i in kept if own[i])


def _trim_repeated(bl: bk.Blocks, kept: list[int], own: list[bool]) -> list[int]:
    """Drop repeated blocks before the first and after the last page-own block; a page
    with nothing of its own keeps what it had (the template may be all it is). A repeated
    heading right before the first page-own block stays: the story's own section heading
    ("What happened?" atop every story of a site)."""
    first = next((p for p, i in enumerate(kept) if own[i]), None)
    if first is None:
        return kept
    last = max(p for p, i in enumerate(kept) if own[i])
    if first > 0 and bl.blocks[kept[first - 1]].tag in bk.HEADINGS:
        first -= 1
    return kept[first:last + 1]


# -- the file format ---------------------------------------------------------------------

def to_json(profiles: dict[str, SiteProfile]) -> dict:
    return {"format": FORMAT, "version": VERSION,
            "hosts": {host: {"pages": p.pages, "templates": [t.to_json() for t in p.templates]}
                      for host, p in sorted(profiles.items())}}


def save(profiles: dict[str, SiteProfile], path) -> None:
    """Write the profiles to path atomically (a killed run leaves the old file whole)."""
    tmp = f"{os.fspath(path)}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(to_json(profiles), f, indent=1)
    os.replace(tmp, path)


def load(path) -> dict[str, SiteProfile]:
    """Profiles read from a file that save() wrote. ProfileError (with the reason) for a
    file that is not one: wrong format or version, malformed, truncated, too big."""
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read the profiles file ({exc.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise ProfileError(f"{path}: {size} bytes, more than a profiles file may hold "
                           f"({MAX_FILE_BYTES})")
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProfileError(f"{path}: not a profiles file (not valid JSON: {exc})") from None
    return from_json(doc, str(path))


def from_json(doc, where: str = "profiles") -> dict[str, SiteProfile]:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ProfileError(f"{where}: not a profiles file (no \"format\": \"{FORMAT}\")")
    if doc.get("version") != VERSION:
        raise ProfileError(f"{where}: profiles version {doc.get('version')!r}; this cleaner "
                           f"reads version {VERSION} (learn them again)")
    hosts = doc.get("hosts")
    if not isinstance(hosts, dict):
        raise ProfileError(f"{where}: \"hosts\" must be an object")
    out = {}
    for host, entry in hosts.items():
        try:
            templates = [_template(t) for t in entry["templates"][:MAX_TEMPLATES]]
            pages = entry["pages"]
            if not isinstance(pages, int) or isinstance(pages, bool):
                raise TypeError("pages")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ProfileError(f"{where}: host {host!r}: malformed entry ({exc})") from None
        out[host] = SiteProfile(host, pages, templates)
    return out


def _template(t: dict) -> Template:
    def strings(name: str, cap: int) -> frozenset[str]:
        value = t[name]
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            raise TypeError(f"{name} must be a list of strings")
        return frozenset(value[:cap])
    pages, share = t["pages"], t["container_share"]
    if not isinstance(pages, int) or not isinstance(share, (int, float)):
        raise TypeError("pages / container_share must be numbers")
    container, cid = t["container"], t["container_id"]
    if not isinstance(container, str) or not isinstance(cid, str):
        raise TypeError("container / container_id must be strings")
    return Template(pages, strings("shape", MAX_SHAPE), container, cid, float(share),
                    strings("repeated", MAX_REPEATED))


def for_page(sites: dict[str, SiteProfile] | None, url: str | None,
             own_url: str | None) -> SiteProfile | None:
    """The profile of the page's host: from url, else from the page's own URL."""
    if not sites:
        return None
    host = host_of(url) or host_of(own_url)
    return sites.get(host) if host else None
