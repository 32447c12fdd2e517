"""Site-aware cleaning: learn what a host's pages share, then clean each page with it.

A dump holds many pages cut from one template. A text block that recurs on a large share
of a template's pages (the partner box after every story, the newsletter prompt, the
footer line) is boilerplate by repetition. learn_sites() reads a bounded sample of each
host's pages into a SiteProfile; clean(..., site=profile) or clean(..., sites=profiles)
uses it.

Learning is cheap: a page is not cleaned to learn from it, only scanned (pagescan.py: one
pass over the markup in C, no parse, about a tenth of cleaning it) for the paths of its
block elements and the keys of its blocks' texts.

The rules (apply()):
- A repeated block is dropped only at the edges of what the page-by-page reading kept
  (before its first or after its last page-own block of words, not of links: a sidebar's
  latest-posts list differs page by page but does not stretch the story past the repeated
  box before it): a disclaimer the site prints
  inside every story, or a recurring section heading between page-own paragraphs, stays.
  So do the lines beside the story's own in its element, and, after the story, the box
  of the comment area's prose (its guidelines: the comment rules decide on it), and,
  when the story's last own block is in a comment area, the rest of that area's box.
- A page whose template cannot be told (no group looks like it), or whose host had too
  few pages (MIN_PAGES), is cleaned exactly as without a profile.

Pages are grouped by structure, not only by host: two pages belong to one template when
the element paths near the top of their trees mostly agree (SAME_TEMPLATE), so a host's
article and listing templates are learned apart.

The file format (save()/load()) is JSON, versioned, readable:

    {"format": "cleaner-site-profiles", "version": 2,
     "hosts": {"example.com": {"pages": 40, "templates": [
        {"pages": 30,                       # pages of the sample in this template
         "shape": ["9f2c...", ...],         # path keys that define the template
         "repeated": ["a1b2...", ...]}]}}}  # keys of repeated text blocks

Keys are 64-bit FNV-1a hashes, written as 16 hex digits (pagescan.py): of an element's
path (the tags from <body> down), or of a block's text (its words, lower-cased, digits as
0) at its element's path: the same words elsewhere in the template are another block.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from . import blocks as bk
from . import lexicon as lx
from . import pagescan

FORMAT = "cleaner-site-profiles"
VERSION = 2
STATE_FORMAT = "cleaner-site-learning"
# A host needs this many sampled pages in one template for a profile of it.
MIN_PAGES = 3
# Pages sampled per host: the profile's cost is bounded whatever the dump's size.
MAX_PAGES_PER_HOST = 200
# Templates kept per host (the largest) and keys kept per template.
MAX_TEMPLATES = 8
MAX_REPEATED = 5000
MAX_SHAPE = pagescan.MAX_SHAPE
# Hosts learned at once: pages of further hosts are not learned (they are cleaned as
# without a profile). With MAX_TEXTS and MAX_GROUPS, this bounds the learner's memory.
MAX_HOSTS = 20_000
# Distinct texts counted per host: beyond this, those seen on one page only are
# forgotten (they are far from recurring on half the pages).
MAX_TEXTS = 20_000
# Groups (templates being learned) per host: beyond this, a group of one page goes.
MAX_GROUPS = 16
# Distinct texts counted over all hosts: beyond this, those seen on one page only are
# forgotten everywhere, and when that is not enough no new host is taken. With the caps
# above, what a dump of any size costs the learner (some 100 bytes a text).
MAX_LIVE_TEXTS = 2_000_000
# A block is repeated when its text is on at least this share of its template's pages.
REPEATED_SHARE = 0.5
# Two pages share a template when the Jaccard similarity of their shapes is at least this.
SAME_TEMPLATE = 0.5
# Bytes of a page read for learning (a template's blocks are in the first megabytes).
MAX_LEARN_BYTES = 4 * 1024 * 1024
# Refuse profile files larger than this (bytes): a hostile file must not eat the memory.
MAX_FILE_BYTES = 256 * 1024 * 1024


class ProfileError(ValueError):
    """A profile file that cannot be used: wrong format or version, malformed, too big."""


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


# What names the page's own URL in its head, each searched for directly (a head holds
# dozens of <meta> and <link> tags): the tag around a match is then read.
_OWN = {"canonical": re.compile(rb"canonical", re.IGNORECASE),
        "og": re.compile(rb"og:url", re.IGNORECASE),
        "base": re.compile(rb"<base\b", re.IGNORECASE)}
_BODY = re.compile(rb"<body", re.IGNORECASE)
_ATTR = re.compile(rb"""([a-zA-Z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_HEAD_BYTES = 65536


def own_url(data: bytes | str) -> str | None:
    """The URL a page gives itself, for its host when none is given: <link rel=canonical>,
    else <meta property=og:url>, else <base href> (in the <head>, of the first 64 KB)."""
    head = data[:_HEAD_BYTES]
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    body = _BODY.search(head)
    if body is not None:
        head = head[:body.start()]
    for name, needle in _OWN.items():
        for m in needle.finditer(head):
            start = head.rfind(b"<", 0, m.start() + 1)
            end = head.find(b">", m.end())
            if start < 0 or end < 0:
                continue
            url = _own_url_in(name, head[start:end + 1])
            if url:
                return url
    return None


def _own_url_in(name: str, tag: bytes) -> str | None:
    attrs = {a.group(1).lower(): a.group(2) or a.group(3) or a.group(4) or b""
             for a in _ATTR.finditer(tag)}
    low = tag[:6].lower()
    if name == "canonical":
        ok = low.startswith(b"<link") and b"canonical" in attrs.get(b"rel", b"").lower().split()
        value = attrs.get(b"href", b"")
    elif name == "og":
        ok = low.startswith(b"<meta") and (attrs.get(b"property") or attrs.get(b"name")
                                           or b"").lower() == b"og:url"
        value = attrs.get(b"content", b"")
    else:
        ok, value = True, attrs.get(b"href", b"")
    url = value.decode("utf-8", "replace").strip() if ok else ""
    return url if host_of(url) else None


def _hex(keys: Iterable[int]) -> list[str]:
    return sorted(f"{k:016x}" for k in keys)


@dataclass(slots=True)
class Template:
    pages: int
    shape: frozenset[int]
    repeated: frozenset[int] = frozenset()

    def to_json(self) -> dict:
        return {"pages": self.pages, "shape": _hex(self.shape),
                "repeated": _hex(self.repeated)}


@dataclass(slots=True)
class SiteProfile:
    host: str
    pages: int
    templates: list[Template] = field(default_factory=list)

    def template_for(self, shape: frozenset[int]) -> Template | None:
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

def element_paths(bl: bk.Blocks) -> tuple[list[int], list[int]]:
    """Per element of the walk: pagescan.path_key() of its path, and its depth."""
    if pagescan._C is not None:
        ids = pagescan._C.path_keys(bl.el_tag, bl.el_parent, pagescan.OFFSET)
    else:
        ids = []
        for i, tag in enumerate(bl.el_tag):
            p = bl.el_parent[i]
            ids.append(pagescan.path_key(ids[p] if p >= 0 else pagescan.OFFSET, tag))
    depth: list[int] = []
    for p in bl.el_parent:
        depth.append(depth[p] + 1 if p >= 0 else 0)
    return ids, depth


def shape_of(ids: list[int], depth: list[int]) -> frozenset[int]:
    out: set[int] = set()
    for i, d in enumerate(depth):
        if d <= pagescan.SHAPE_DEPTH:
            out.add(ids[i])
            if len(out) >= MAX_SHAPE:
                break
    return frozenset(out)


def block_keys(bl: bk.Blocks, ids: list[int]) -> list[int]:
    """pagescan.block_key() of every block of the walk, at its element's path."""
    texts = [b.text for b in bl.blocks]
    if pagescan._C is not None:
        keys = pagescan._C.text_keys(texts)
    else:
        keys = [pagescan.text_key(t) for t in texts]
    key = pagescan.block_key
    return [key(ids[b.parent] if b.parent >= 0 else pagescan.ROOT, k)
            for b, k in zip(bl.blocks, keys)]


# -- learning ----------------------------------------------------------------------------

@dataclass(slots=True)
class _Group:
    shape: frozenset[int]
    pages: int = 0
    texts: Counter = field(default_factory=Counter)


class Learner:
    """Profiles from pages fed one at a time (bounded: MAX_PAGES_PER_HOST pages a host,
    MAX_GROUPS groups and MAX_TEXTS texts a host, MAX_HOSTS hosts). state()/restore():
    what has been learned so far, to go on after an interruption."""

    def __init__(self, options=None):
        self.max_bytes = getattr(options, "max_bytes", None) or MAX_LEARN_BYTES
        self.hosts: dict[str, list[_Group]] = {}
        self.seen: Counter = Counter()
        self.live = 0           # distinct texts counted, over all hosts
        self.full = False       # no room for a new host

    def add(self, html: str | bytes, url: str | None = None) -> str | None:
        """Learn from one page; the host it was counted under (None: no host known, or
        the host's sample is full, or the page is not HTML)."""
        from .decode import decode
        host = host_of(url)
        if host is not None and self.seen[host] >= MAX_PAGES_PER_HOST:
            return None
        if not isinstance(html, (str, bytes)) or not html:
            return None
        html = html[:min(self.max_bytes, MAX_LEARN_BYTES)]
        if host is None:
            host = host_of(own_url(html))
        if host is None or self.seen[host] >= MAX_PAGES_PER_HOST:
            return None
        if host not in self.hosts and (self.full or len(self.hosts) >= MAX_HOSTS):
            return None
        shape_keys, keys = pagescan.scan(decode(html, detect=False).data)
        self.seen[host] += 1
        shape = frozenset(shape_keys)
        groups = self.hosts.setdefault(host, [])
        group = max(groups, key=lambda g: _jaccard(shape, g.shape), default=None)
        if group is None or _jaccard(shape, group.shape) < SAME_TEMPLATE:
            if len(groups) >= MAX_GROUPS:
                lone = min(groups, key=lambda g: g.pages)
                if lone.pages > 1:
                    return host             # no room for one more template
                groups.remove(lone)
            group = _Group(shape)
            groups.append(group)
        group.pages += 1
        before = sum(len(g.texts) for g in groups)
        group.texts.update(set(keys))
        after = sum(len(g.texts) for g in groups)
        if after > MAX_TEXTS:
            _forget_once_seen(groups)
            after = sum(len(g.texts) for g in groups)
        self.live += after - before
        if self.live > MAX_LIVE_TEXTS:
            for gs in self.hosts.values():
                _forget_once_seen(gs)
            self.live = sum(len(g.texts) for gs in self.hosts.values() for g in gs)
            self.full = self.live > MAX_LIVE_TEXTS // 2
        return host

    def profiles(self) -> dict[str, SiteProfile]:
        """The profiles of the hosts learned (the learner can go on after this)."""
        out = {}
        for host, groups in self.hosts.items():
            templates = []
            for g in sorted(groups, key=lambda g: -g.pages)[:MAX_TEMPLATES]:
                if g.pages < MIN_PAGES:
                    continue
                need = max(MIN_PAGES, REPEATED_SHARE * g.pages)
                repeated = [k for k, n in g.texts.most_common(MAX_REPEATED) if n >= need]
                templates.append(Template(g.pages, g.shape, frozenset(repeated)))
            if templates:
                out[host] = SiteProfile(host, self.seen[host], templates)
        return out

    def state(self) -> dict:
        """What has been learned, JSON-ready (restore() reads it back)."""
        return {"format": STATE_FORMAT, "version": VERSION,
                "seen": dict(self.seen),
                "hosts": {h: [{"pages": g.pages, "shape": _hex(g.shape),
                               "texts": {f"{k:016x}": n for k, n in g.texts.items()}}
                              for g in groups] for h, groups in self.hosts.items()}}

    def restore(self, doc: dict) -> None:
        """Go on from state(); ProfileError when doc is not one."""
        if not isinstance(doc, dict) or doc.get("format") != STATE_FORMAT or (
                doc.get("version") != VERSION):
            raise ProfileError("not a learning state of this cleaner")
        try:
            self.seen = Counter({str(h): int(n) for h, n in doc["seen"].items()})
            self.hosts = {str(h): [_Group(frozenset(int(k, 16) for k in g["shape"]),
                                          int(g["pages"]),
                                          Counter({int(k, 16): int(n)
                                                   for k, n in g["texts"].items()}))
                                   for g in groups[:MAX_GROUPS]]
                          for h, groups in list(doc["hosts"].items())[:MAX_HOSTS]}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ProfileError(f"malformed learning state ({exc})") from None
        self.live = sum(len(g.texts) for gs in self.hosts.values() for g in gs)
        self.full = self.live > MAX_LIVE_TEXTS // 2


def _forget_once_seen(groups: list[_Group]) -> None:
    for g in groups:
        g.texts = Counter({k: n for k, n in g.texts.items() if n > 1})


def save_state(learner: Learner, path, position: int, inputs: list[str]) -> None:
    """Write what learner has learned from the first `position` pages of `inputs`
    (atomically: a kill leaves the previous state whole)."""
    doc = learner.state()
    doc.update(position=position, inputs=list(inputs))
    tmp = f"{os.fspath(path)}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, separators=(",", ":"))
    os.replace(tmp, path)


def load_state(path, inputs: list[str], options=None) -> tuple[Learner, int]:
    """The learner save_state() wrote and how many pages it had read; ProfileError when
    the file is not such a state, or one of other inputs."""
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise ProfileError("learning state too big")
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProfileError(f"unreadable learning state ({exc})") from None
    if not isinstance(doc, dict) or doc.get("inputs") != list(inputs):
        raise ProfileError("the learning state is of other inputs")
    position = doc.get("position")
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise ProfileError("malformed learning state (position)")
    learner = Learner(options)
    learner.restore(doc)
    return learner, position


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

def apply(bl: bk.Blocks, kept: list[int], profile: SiteProfile,
          comment_areas: Callable[[], list] | None = None) -> list[int]:
    """The kept blocks, with what the site's template says is boilerplate taken out.
    comment_areas(): the (start, end) block ranges of the elements named for comments
    (asked only when a repeated block after the story would go)."""
    if not kept:
        return kept
    ids, depth = element_paths(bl)
    template = profile.template_for(shape_of(ids, depth))
    if template is None:
        return kept
    rep = template.repeated
    own = [k not in rep for k in block_keys(bl, ids)]
    return _trim_repeated(bl, kept, own, comment_areas)


def _trim_repeated(bl: bk.Blocks, kept: list[int], own: list[bool],
                   comment_areas: Callable[[], list] | None = None) -> list[int]:
    """Drop repeated blocks before the first and after the last page-own block; a page
    with nothing of its own keeps what it had (the template may be all it is).

    Not those that stand in the very element of the page-own block next to them (its
    sibling lines, as the site's line printed under every story, "For updates follow us
    on ..."): a box of its own is the template's widget, a line among the story's
    paragraphs is the story's. Nor a repeated heading right before the first page-own
    block: the story's own section heading ("What happened?" atop every story).

    Nor, after the story, the box that holds an element named for comments (the comment
    area's guidelines, its "Leave a reply"): the same on every page, as the thread's
    frame is, but whether the comment area is content the comment rules say, page by
    page, as without a profile."""
    mine = [p for p, i in enumerate(kept) if own[i]]
    if not mine:
        return kept
    # The story's edges are page-own blocks of words, not of links: a sidebar's archive
    # or latest-posts list changes page by page, yet is no more the story than the
    # repeated "About me" box above it. From them the edges widen over the page-own
    # blocks next to them (a linked title, the story's own list of links) up to the
    # first repeated block.
    story = [p for p in mine if not _linked(bl.blocks[kept[p]])] or mine
    first, last = story[0], story[-1]
    while first > 0 and own[kept[first - 1]]:
        first -= 1
    while last + 1 < len(kept) and own[kept[last + 1]]:
        last += 1
    holder = _holder(bl, kept[first])
    while first > 0 and _holder(bl, kept[first - 1]) == holder:
        first -= 1
    if first > 0 and bl.blocks[kept[first - 1]].tag in bk.HEADINGS:
        first -= 1
    holder = _holder(bl, kept[last])
    while last + 1 < len(kept) and _holder(bl, kept[last + 1]) == holder:
        last += 1
    if last + 1 < len(kept) and comment_areas is not None:
        areas = comment_areas()
        last = _comment_box_end(bl, kept, _in_comment_box(bl, kept, last, areas), areas)
    return kept[first:last + 1]


_WORD = re.compile(r"[^\W\d_]{2,}")


def _linked(b: bk.Block) -> bool:
    """A block of links, or of no word at all (a rule, a dash, an invisible space)."""
    return b.link_chars * 2 >= b.chars or _WORD.search(b.text) is None


# Elements that are one line of text: their block stands in the element around them.
_LINES = bk.HEADINGS | {"p", "li", "dd", "dt", "blockquote", "pre", "figcaption"}


def _holder(bl: bk.Blocks, i: int) -> int:
    """The element block i stands in as a line among others (a <p>'s container)."""
    el = bl.blocks[i].parent
    if el >= 0 and bl.el_tag[el] in _LINES:
        return bl.el_parent[el]
    return el


def _in_comment_box(bl: bk.Blocks, kept: list[int], last: int, areas: list) -> int:
    """When the story's end stands in a comment area (the area's guidelines are a page's
    own words: they name the post, or the site varies them), the position in kept of the
    last block of the area's box: its rules go with it, not only the own line."""
    end = kept[last]
    for start, stop in areas:
        if not start <= end < stop:
            continue
        el = bl.blocks[start].parent        # the box: its outermost element without a
        while el >= 0:                      # block of the story before the area in it
            up = bl.el_parent[el]
            if up < 0 or any(bl.el_start[up] <= k < start for k in kept):
                break
            el = up
        stop = bl.el_end[el] if el >= 0 else stop
        while last + 1 < len(kept) and kept[last + 1] < stop:
            last += 1
    return last


def _comment_box_end(bl: bk.Blocks, kept: list[int], last: int, areas: list) -> int:
    """The position in kept of the last block of a box after kept[last] (the story's
    end) that holds a comment area; last when there is none."""
    story_end = kept[last]
    end = last
    for start, stop in areas:
        if start <= story_end:
            continue
        el = bl.blocks[start].parent        # the box: its outermost element without
        while el >= 0:                      # the story's end in it
            up = bl.el_parent[el]
            if up < 0 or bl.el_start[up] <= story_end < bl.el_end[up]:
                break
            el = up
        box_start = min(start, bl.el_start[el]) if el >= 0 else start
        box_end = max(stop, bl.el_end[el]) if el >= 0 else stop
        inside = [p for p in range(end + 1, len(kept)) if box_start <= kept[p] < box_end]
        # Lines ("No comments yet", "Comments (0)") are the thread's frame, not prose
        # a reader is asked to read before writing.
        if inside and any(bl.blocks[kept[p]].chars >= lx.PROSE_MIN_CHARS
                          and bl.blocks[kept[p]].link_chars * 2 < bl.blocks[kept[p]].chars
                          for p in inside):
            end = inside[-1]
    return end


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
    def keys(name: str, cap: int) -> frozenset[int]:
        value = t[name]
        if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
            raise TypeError(f"{name} must be a list of strings")
        return frozenset(int(k, 16) & pagescan.MASK for k in value[:cap])
    pages = t["pages"]
    if not isinstance(pages, int) or isinstance(pages, bool):
        raise TypeError("pages must be a number")
    return Template(pages, keys("shape", MAX_SHAPE), keys("repeated", MAX_REPEATED))


def for_page(sites: dict[str, SiteProfile] | None, url: str | None,
             data: bytes | str | None) -> SiteProfile | None:
    """The profile of the page's host: from url, else from the URL the page gives itself
    (own_url(), as the learner reads it)."""
    if not sites:
        return None
    host = host_of(url) or (host_of(own_url(data)) if data else None)
    return sites.get(host) if host else None
