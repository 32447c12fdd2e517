"""explain(): why each block of a page was kept or dropped.

clean() runs as always (core.run) and hands back, once, the reading its stages settled
on: the walk's blocks, the kept lists, the input it parsed. This module then runs the
same stage functions again on that walk (core._extract, with a dict that collects each
stage's result) and reads every block's fate off the results: the first stage whose
list no longer holds the block dropped it, and the rule is worked out from the same
values, mask and lexicon that stage used. Nothing of this runs inside clean().

What never reached the walk is explained too, from a second parse of the same input:
the elements prune removed (nav, footer, hidden, ...) and the subtrees the walk steps
over (hidden by class, never-content tags such as <button> or <svg>).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import asdict, dataclass
from itertools import accumulate, pairwise

from selectolax.lexbor import LexborHTMLParser

from . import blocks as blocks_
from . import comments, core, prune, score, tail
from . import lexicon as lx
from .article import Article
from .options import Options

# Text shown for an element removed whole (a footer can hold a site map): its first
# characters, with the count of the rest.
PREVIEW_CHARS = 300
# A block "belongs to" the expected text when at least this share of its word pairs (its
# word, for a one-word block) occur there: pairs, because single words ("the", "in") would
# place most short menu lines inside any long text.
EXPECTED_SHARE = 0.5
# Path segments shown for a block's element ("... > div#main > article.post > p").
PATH_SEGMENTS = 5

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Block:
    """One text block of the page, or one element that never reached the walk.

    kept: the block is in Article.text. stage: what decided (walk, prune, score, mask,
    select, tail, title). rule: that decision in words, with its evidence. path: the
    element holding the text ("div#main > article.post > p"). expected: with
    explain(expected=...), whether the block's words belong to the expected text (None
    without it, or for a block without words): for a kept block, whether its word pairs
    are in the expected text; for a dropped one, whether they are expected text that the
    output lacks. A dropped expected block is a loss, a kept unexpected one a leak."""

    text: str
    kept: bool
    stage: str
    rule: str
    path: str
    tag: str
    expected: bool | None = None

    @property
    def verdict(self) -> str | None:
        """"loss", "leak", "ok" against the expected text; None without one."""
        if self.expected is None:
            return None
        if self.stage == "title":
            return "ok"                 # not lost: it is Article.title
        if self.kept != self.expected:
            return "leak" if self.kept else "loss"
        return "ok"


@dataclass(frozen=True)
class Scores:
    """Word precision, recall and F1 of Article.text against the expected text (words:
    \\w+ of the lower-cased text, counted as a multiset, as the benchmarks count them)."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Explanation:
    """article: exactly what clean() returns for the same input. blocks: every block in
    document order (see Block). container: the path of the element chosen as the main
    container (None when none was). reading: which reading the stages settled on.
    stripped: <script>/<style> elements removed from the body (never text).
    scores: against the expected text, if one was given."""

    article: Article
    blocks: tuple[Block, ...] = ()
    container: str | None = None
    reading: str | None = None
    stripped: int = 0
    scores: Scores | None = None

    def counts(self) -> dict:
        """Blocks kept and dropped, drops by stage, and losses/leaks with an expected text."""
        c: dict = {"blocks": len(self.blocks), "kept": 0, "dropped": 0}
        stages: Counter = Counter()
        verdicts: Counter = Counter()
        for b in self.blocks:
            if b.kept:
                c["kept"] += 1
            else:
                c["dropped"] += 1
                stages[b.stage] += 1
            verdicts[b.verdict] += 1
        c["dropped_by_stage"] = dict(stages)
        if self.scores is not None:
            c["losses"], c["leaks"] = verdicts["loss"], verdicts["leak"]
        return c

    def to_dict(self) -> dict:
        """JSON-ready: the article's fields, the container, the counts and every block."""
        return {
            "article": self.article.to_dict(),
            "container": self.container,
            "reading": self.reading,
            "stripped": self.stripped,
            "counts": self.counts(),
            "scores": asdict(self.scores) if self.scores is not None else None,
            "blocks": [asdict(b) | {"verdict": b.verdict} for b in self.blocks],
        }

    def to_html(self) -> str:
        """One self-contained HTML page (inline CSS, no script, no network resource)."""
        from .explain_report import render
        return render(self)


def explain(html: str | bytes, url: str | None = None, options: Options | None = None,
            *, encoding: str | None = None, expected: str | None = None) -> Explanation:
    """clean() with the reason for every block. Same arguments and input handling as
    clean(); expected: the text the page should give (a benchmark's ground truth), to
    mark losses and leaks and score the page."""
    opts = options or Options()
    trace: dict = {}
    article = core.run(html, url, opts, encoding, trace)
    if trace:
        found = _Reader(trace, opts, article.title).read()
        out = Explanation(article, *found)
    else:                               # empty, binary, not html, no body: nothing walked
        out = Explanation(article, reading=article.reason)
    if expected is None:
        return out
    words = _WORD.findall(expected.lower())
    got = _WORD.findall(article.text.lower())
    # A dropped block is a loss only for what the output lacks: a table of contents
    # repeating the headings, a teaser repeating the lead, are not losses.
    pairs, lacking = set(pairwise(words)), set(words) - set(got)
    missing = pairs - set(pairwise(got))
    marked = tuple(_mark(b, pairs, set(words)) if b.kept else _mark(b, missing, lacking)
                   for b in out.blocks)
    return Explanation(out.article, marked, out.container, out.reading, out.stripped,
                       _scores(Counter(got), Counter(words)))


def _mark(b: Block, pairs: set, singles: set) -> Block:
    words = _WORD.findall(b.text.lower())
    if not words:
        return b                        # no word to judge (a zero-width space, "→")
    if len(words) == 1:
        inside = words[0] in singles
    else:
        grams = list(pairwise(words))
        inside = bool(grams) and sum(g in pairs for g in grams) >= EXPECTED_SHARE * len(grams)
    return Block(b.text, b.kept, b.stage, b.rule, b.path, b.tag, inside)


def _scores(got: Counter, want: Counter) -> Scores:
    if not got and not want:
        return Scores(1.0, 1.0, 1.0)
    overlap = sum((got & want).values())
    if not overlap:
        return Scores(0.0, 0.0, 0.0)
    p, r = overlap / sum(got.values()), overlap / sum(want.values())
    return Scores(p, r, 2 * p * r / (p + r))


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "\u2026"


def _label(node) -> str:
    """tag#id.class1.class2 of an element (two classes at most)."""
    attrs = node.attributes
    out = node.tag or "?"
    if attrs.get("id"):
        out += "#" + attrs["id"].strip()
    classes = (attrs.get("class") or "").split()
    return out + "".join("." + c for c in classes[:2])


def _preview(node) -> str:
    text = " ".join(node.text(deep=True, separator=" ").split())
    if len(text) > PREVIEW_CHARS:
        rest = len(text.split()) - len(text[:PREVIEW_CHARS].split())
        text = f"{text[:PREVIEW_CHARS].rstrip()}\u2026 (+{rest} words)"
    return text


def _node_path(node, stop) -> str:
    """The last PATH_SEGMENTS labels from the body (mem_id `stop`) down to node."""
    parts = []
    while node is not None:
        if len(parts) == PATH_SEGMENTS:
            parts.append("\u2026")       # climbing no higher: pages nest 100,000 deep
            break
        parts.append(_label(node))
        if node.mem_id == stop:         # the body: paths start there, as the walk's do
            break
        node = node.parent
    parts.reverse()
    return " > ".join(parts) or "body"


class _Reader:
    """Reads every block's decision off one traced run (see the module docstring)."""

    def __init__(self, trace: dict, opts: Options, title: str | None) -> None:
        self.trace, self.opts, self.title = trace, opts, title
        self.bl: blocks_.Blocks = trace["bl"]
        self.nodes: list | None = None
        self.paths: dict[int, str] = {}

    def read(self) -> tuple:
        trace, opts, bl = self.trace, self.opts, self.bl
        reading = trace["reading"]
        # A second parse of the same input, pruned as the chosen reading was: what prune
        # removes, and a walk that also records each element's node (for paths, classes).
        tree = LexborHTMLParser(trace["data"])
        body = tree.body
        stripped = len(body.css("script, style"))
        tree.strip_tags(["script", "style"])
        order = {n.mem_id: k for k, n in enumerate(body.traverse())}
        removed = self._pruned(tree, body, order, reading == "unhidden")
        record: tuple[list, list] = ([], [])
        again = blocks_._build_py(body, reading != "plain", opts.max_nodes,
                                  trace["structure"], opts.images, record)
        if again.el_tag == bl.el_tag and [b.text for b in again.blocks] == [
                b.text for b in bl.blocks]:
            self.nodes = record[0]          # (else paths fall back to tag names)
        self.body_id = body.mem_id

        listing, steps = self._steps()
        self.steps = steps
        # The kept lists as sets: after _select (and the tail), after the title rule; and
        # within the reading, after keep_blocks and after the tables option.
        self.chosen, self.final = set(trace["selected"]), set(trace["kept"])
        if steps is not None:
            self.selected, self.tables = set(steps["selected"]), set(steps["tables"])
            self.prose = [0.0, *accumulate(v if v > 0 else 0.0 for v in steps["values"])]
            self.end = self._body_end(steps["tables"])
        container = None
        if steps and steps["container"] >= 0:
            container = self._path(steps["container"])
        # (position among the blocks, then: elements before the block there, in document
        # order)
        entries: list[tuple[int, int, int, Block]] = []
        for i, b in enumerate(bl.blocks):
            if b.text:
                entries.append((i, 1, 0, self._decide(i)))
        for pos, node, why in record[1]:
            text = _preview(node)
            if text:
                entries.append((pos, 0, order.get(node.mem_id, -1),
                                self._skipped(node, why, text)))
        if removed:
            # Where a removed element stood: before the first block of the next element
            # the walk met after it in document order.
            el_orders = ([order.get(n.mem_id, -1) for n in self.nodes]
                         if self.nodes is not None else None)
            for k, blk in removed:
                if el_orders is None:
                    pos = 0
                else:
                    e = bisect_right(el_orders, k)
                    pos = bl.el_start[e] if e < len(bl.el_start) else len(bl.blocks)
                entries.append((pos, 0, k, blk))
        entries.sort(key=lambda t: t[:3])
        name = ("listing" if listing else "prose") if steps else "unknown"
        if reading == "reveal":
            name += ", hidden-by-class blocks revealed (next to nothing was visible)"
        elif reading == "unhidden":
            name += ", hidden elements kept (next to nothing was visible)"
        elif reading == "headline":
            name = "the text under the headline (the reading found little, and elsewhere)"
        return tuple(e[3] for e in entries), container, name, stripped

    # -- what never reached the walk ------------------------------------------------

    def _pruned(self, tree, body, order: dict, keep_hidden: bool) -> list[tuple[int, Block]]:
        """(document order, entry) of each element prune removes, outermost only."""
        found = []
        seen = {body.mem_id}
        for node in body.css(lx.CHROME_QUERY):
            # (Lexbor gives a node once per selector of the list it matches)
            if node.mem_id in seen or not prune._is_chrome(node, keep_hidden):
                continue
            seen.add(node.mem_id)
            parent = node.parent
            # The C prune unlinks a node and keeps it: its text is read afterwards, once
            # per removed element. The Python one frees it: read every candidate's now.
            text = None if prune._C_PRUNE is not None else _preview(node)
            found.append((node, node.mem_id, parent.mem_id if parent is not None else 0,
                          order.get(node.mem_id, -1), text, node.tag,
                          _node_path(node, body.mem_id), self._chrome_rule(node)))
        if not found:
            return []
        prune.prune(tree, body, None, keep_hidden)
        left = {n.mem_id for n in body.traverse()}
        out = []
        for node, mem, parent, k, text, tag, path, rule in found:
            if mem in left or parent not in left:
                continue                    # kept (too much of the page), or inside a removed one
            text = _preview(node) if text is None else text
            out.append((k, Block(text, False, "prune", rule, path, tag)))
        return out

    @staticmethod
    def _chrome_rule(node) -> str:
        tag = node.tag
        attrs = node.attributes
        if tag in lx.CHROME_TAGS:
            return f"<{tag}> element"
        role = attrs.get("role")
        if role and role.lower() in lx.BOILERPLATE_ROLES:
            return f'role="{role}"'
        if "hidden" in attrs:
            return "hidden attribute"
        if attrs.get("aria-hidden") == "true" and tag != "a":
            return 'aria-hidden="true"'
        return f"hidden by its style ({_short(attrs.get('style') or '', 40)})"

    def _skipped(self, node, why: str, text: str) -> Block:
        path = _node_path(node, self.body_id)
        tag = node.tag or "?"
        if why == "class":
            attrs = node.attributes
            keys = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower().split()
            hiding = [t for t in keys if t in lx.HIDDEN_CLASS_SET] or keys[:1]
            rule = f"hidden by class `{hiding[0]}`" if hiding else "hidden by class"
        elif why == "noscript":
            rule = "<noscript> holding escaped markup (a fallback tag, not text)"
        else:
            rule = f"<{tag}>: never content (a control, media or embedded document)"
        return Block(text, False, "walk", rule, path, tag)

    # -- the stages after the walk ------------------------------------------------

    def _steps(self) -> tuple[bool, dict | None]:
        """The _extract reading (prose or listing) whose kept list _select returned, with
        each of its stages' results."""
        # (the page's comment thread read as its content: core._thread_content)
        content, chrome = self.trace.get("thread") or (frozenset(), frozenset())
        el, kept, _ = core._extract(self.bl, self.opts, False, None, chrome, content)
        # (the reading without a box named like chrome, when _select took that one)
        threaded = functools.partial(comments.declares_thread, self.trace["data"])
        if content:
            threaded = lambda: True
        unboxed = core.unboxed(self.bl, self.opts, el, kept, chrome,
                               threaded) or chrome
        for listing in (False, True):
            steps: dict = {}
            el, kept, _ = core._extract(self.bl, self.opts, listing, steps, unboxed, content)
            # (and without the boxes named like chrome after the story, as _select drops)
            boxes = [] if listing else core._inner_boxes(self.bl, el, kept, threaded)
            inner = frozenset(i for s, e in boxes for i in range(s, e))
            if [i for i in kept if i not in inner] == self.trace["selected"]:
                steps["listing"], steps["unboxed"], steps["inner"] = listing, unboxed, inner
                return listing, steps
        return False, None

    def _name(self, el: int) -> str:
        """The element's own label (tag#id.classes): rules name it, the path shows where."""
        return _label(self.nodes[el]) if self.nodes is not None else self.bl.el_tag[el]

    def _path(self, el: int) -> str:
        got = self.paths.get(el)
        if got is not None:
            return got
        bl = self.bl
        chain = []
        e = el
        while e >= 0 and len(chain) <= PATH_SEGMENTS:
            chain.append(_label(self.nodes[e]) if self.nodes is not None else bl.el_tag[e])
            e = bl.el_parent[e]
        chain.reverse()
        if len(chain) > PATH_SEGMENTS:
            chain = ["\u2026", *chain[-PATH_SEGMENTS:]]
        got = self.paths[el] = " > ".join(chain) or "body"
        return got

    def _decide(self, i: int) -> Block:
        bl, steps = self.bl, self.steps
        b = bl.blocks[i]
        path = self._path(b.parent) if b.parent >= 0 else "body"

        def out(kept: bool, stage: str, rule: str) -> Block:
            return Block(b.text, kept, stage, rule, path, b.tag)

        final = self.final
        if self.trace.get("footer_only") and i in self.trace["footer_only"]:
            return out(False, "select", "the reading kept a <footer> and next to nothing "
                                        "outside it: the page has no main content")
        if steps is None:
            return out(i in final, "select", "kept by the chosen reading" if i in final
                       else "not in the chosen reading (no stage result matched clean()'s)")
        values, mask = steps["values"], steps["mask"]
        start, end = steps["start"], steps["end"]
        if i in final:
            return out(True, "select", self._kept_rule(i))
        max_ld = score.tuning(self.opts).max_link_density
        if not start <= i < end:
            rule = f"outside the chosen container `{self._name(steps['container'])}`" \
                if steps["container"] >= 0 else "outside the chosen container"
            # What the block would have met inside: often why the container is elsewhere
            # (a masked body scores against itself).
            if i in steps["unboxed"]:
                rule += ("; inside a box named like chrome that held the first reading's "
                         "prose: read again without it, a story was found outside it")
            elif values[i] < 0:
                rule += f"; link density {b.link_chars / b.chars:.2f} > {max_ld:.2f}"
            elif mask[i]:
                rule += "; masked: " + self._mask_rule(i)
            return out(False, "select", rule)
        if values[i] < 0:
            return out(False, "score", f"link density {b.link_chars / b.chars:.2f} > "
                                       f"{max_ld:.2f}")
        if i in score.placeholders(bl):
            return out(False, "score", "template filler (lorem ipsum)")
        if i not in self.selected:
            if mask[i]:
                return out(False, "mask", self._mask_rule(i))
            return out(False, "score", "doubtful: a short line, neither a sentence nor a "
                                       "heading (favor=precision)")
        if i not in self.tables:
            return out(False, "select", "a data-table cell (Options(tables=False))")
        if i in steps["inner"]:
            return out(False, "select", "inside a box named like chrome after the story, "
                                        "spared only for its share of a short page")
        if i not in self.chosen:
            return out(False, "tail", self._tail_rule(i))
        if self.title and b.tag in blocks_.HEADINGS and (
                self.title.startswith(b.text) or self.title in b.text):
            return out(False, "title", "the headline: it is Article.title")
        return out(False, "tail", "stray short line after the body's last paragraph "
                                  "(the headline above no longer holds it in)")

    def _kept_rule(self, i: int) -> str:
        b = self.bl.blocks[i]
        steps = self.steps
        where = "in the chosen container"
        if steps["listing"]:
            return f"listing reading (links count as content), {where}"
        if steps["mask"][i]:
            return "a byline, kept inside a box named like boilerplate"
        v = steps["values"][i]
        if v > 0:
            ld = b.link_chars / b.chars if b.chars else 0.0
            return f"prose: {b.chars} characters, link density {ld:.2f}, {where}"
        if b.tag in blocks_.HEADINGS:
            return f"a heading {where}"
        return f"a short line {where} (neutral: neither prose nor boilerplate)"

    def _mask_rule(self, i: int) -> str:
        """The suspect element that masked block i (the outermost one small enough, as
        score.boilerplate_mask picks it) and why it is suspect."""
        bl, prose = self.bl, self.prose
        total = prose[-1]
        limit = score.tuning(self.opts).suspect_share * total
        strong_limit = max(limit, lx.STRONG_SUSPECT_MAX_PROSE_SHARE * total)
        el = bl.blocks[i].parent
        found = -1
        while el >= 0:
            flags = bl.el_flags[el]
            if flags & blocks_.SUSPECT:
                s, e = bl.el_start[el], bl.el_end[el]
                if prose[e] - prose[s] <= (strong_limit if flags & blocks_.STRONG else limit):
                    found = el
            el = bl.el_parent[el]
        if found < 0:
            return "inside a container named like boilerplate"
        s, e = bl.el_start[found], bl.el_end[found]
        share = (prose[e] - prose[s]) / total if total else 0.0
        return (f"inside `{self._name(found)}`: {self._suspect_evidence(found)} "
                f"(boilerplate container, {share:.0%} of the prose)")

    def _suspect_evidence(self, el: int) -> str:
        tag = self.bl.el_tag[el]
        if self.nodes is not None:
            attrs = self.nodes[el].attributes
            for name in ("class", "id"):
                for token in (attrs.get(name) or "").lower().split():
                    flags = blocks_._token_flags(token)
                    if flags > 0 and flags & blocks_.SUSPECT:
                        return f"{name} token `{token}`"
                    if flags < 0:
                        return f"hidden by class `{token}` (revealed this time)"
        if tag in lx.SUSPECT_TAGS:
            return f"<{tag}> element"
        return "named like boilerplate"

    def _tail_rule(self, i: int) -> str:
        """Which of tail.trim's rules dropped block i: found again from the same
        predicates, in the order trim() applies them."""
        bl = self.bl
        pre = self.steps["tables"]
        chosen = self.chosen
        pos = pre.index(i)
        b = bl.blocks[i]
        text, c = b.text, b.chars
        # The body's end: a copyright line or an author bio after which nothing is kept.
        end = self.end
        if end[0] >= 0 and pos >= end[0]:
            if pos == end[0]:
                return f"{end[1]}: the body ends here"
            return f"after the body's end ({end[1]} '{_short(bl.blocks[pre[end[0]]].text)}')"
        if c <= lx.CTA_MAX_CHARS:
            kind = tail._line_kind(text, c)
            if kind == tail._DROP:
                if c <= lx.BOILERPLATE_LINE_MAX_CHARS and lx.BOILERPLATE_LINE_RE.match(text):
                    return f"boilerplate line '{_short(text)}'"
                if lx.CTA_RE.match(text):
                    return f"call to action '{_short(text)}'"
                return f"a listing's status line '{_short(text)}'"
        # Inside a box a label opened: the nearest dropped label before, no kept block between.
        q = pos
        while q >= 0 and pre[q] not in chosen:
            lb = bl.blocks[pre[q]]
            if lb.chars <= lx.CTA_MAX_CHARS and tail._line_kind(lb.text, lb.chars) == tail._LABEL:
                if q == pos:
                    return f"label '{_short(text)}' opens a box after the body"
                return f"after the body: label '{_short(lb.text)}'"
            q -= 1
        if c <= lx.DISCLOSURE_MAX_CHARS and tail._has_disclosure(text.lower()):
            return "an affiliate or sponsorship disclosure"
        if not any(j in chosen for j in pre[:pos]):
            if c <= lx.DATELINE_MAX_CHARS and lx.DATELINE_RE.search(text):
                return "a byline with a date before the body's first sentence"
            return "a short line before the body's first sentence"
        return "stray short line after the body's last paragraph"

    def _body_end(self, pre: list[int]) -> tuple[int, str]:
        """(position in pre, kind) of the copyright line or author bio after which the tail
        trim kept nothing, or (-1, "")."""
        bl, chosen = self.bl, self.chosen
        p = len(pre)
        while p > 0 and pre[p - 1] not in chosen:
            p -= 1
        for q in range(p, len(pre)):
            b = bl.blocks[pre[q]]
            if b.chars <= lx.COPYRIGHT_MAX_CHARS and tail._has_copyright(b.text.lower()):
                return q, "copyright line"
            if b.chars <= lx.AUTHOR_BIO_MAX_CHARS and lx.AUTHOR_BIO_RE.match(b.text):
                return q, "the author's bio"
        return -1, ""

