"""Kept blocks -> markdown (CommonMark + GFM tables) and minimal safe HTML.

Both read the structure the walk recorded with structure=True: inline runs (emphasis,
strong, code, links, images) per block, list facts per <li>, the language of a <pre>.
They render exactly the blocks the text output renders, so structure never brings
boilerplate back."""

from __future__ import annotations

import html as _html
import re
from urllib.parse import urljoin, urlsplit

from .blocks import HEADINGS, Blocks
from .blocks import MARK_CODE as CODE
from .blocks import MARK_EM as EM
from .blocks import MARK_IMAGE as IMAGE
from .blocks import MARK_STRONG as STRONG
from .render import cell_of

_ROWS = frozenset({"tr"})
_QUOTES = frozenset({"blockquote"})
_LISTS = frozenset({"li"})
_PRES = frozenset({"pre"})

# CommonMark: any ASCII punctuation may be backslash-escaped; these are the ones that
# could start or end markup in running text.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#>+=~-]|\d+[.)])")
_SAFE_SCHEMES = ("http", "https", "mailto", "")


def _escape_md(text: str) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _safe_url(url: str | None, base: str | None) -> str | None:
    """Absolute URL against base; None for javascript:, data: and other unsafe schemes."""
    if not url:
        return None
    url = url.strip()
    try:
        if base:
            url = urljoin(base, url)
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in _SAFE_SCHEMES else None


def _spaced(text: str) -> tuple[str, str, str]:
    """(leading space, whitespace-collapsed core, trailing space) of a run: markers wrap the
    core and the spaces stay outside them. All-space text gives (" ", "", "")."""
    core = " ".join(text.split())
    if not core:
        return (" " if text else ""), "", ""
    return (" " if text[0].isspace() else ""), core, (" " if text[-1].isspace() else "")


def _inline_md(runs, links: bool, base: str | None, line_start: bool = True) -> str:
    """Runs -> one markdown line: marks wrap the words, spaces stay outside the markers
    (CommonMark does not let "** a**" open emphasis)."""
    parts: list[str] = []
    for text, marks, href in runs:
        if marks & IMAGE:
            src = _safe_url(href, base)
            if src:
                parts.append(f"![{_escape_md(' '.join(text.split()))}]({src})")
            continue
        lead, core, trail = _spaced(text)
        if not core:
            parts.append(lead)
            continue
        if marks & CODE:
            tick = "``" if "`" in core else "`"
            core = f"{tick}{core}{tick}" if tick == "`" else f"{tick} {core} {tick}"
        else:
            core = _escape_md(core)
            if marks & STRONG:
                core = f"**{core}**"
            if marks & EM:
                core = f"*{core}*"
        if links and href:
            url = _safe_url(href, base)
            if url:
                core = f"[{core}]({url})"
        parts.append(f"{lead}{core}{trail}")
    line = " ".join("".join(parts).split())
    return _LINE_START_SPECIAL.sub(r"\1\\\2", line) if line_start else line


def _inline_html(runs, links: bool, images: bool, base: str | None) -> str:
    parts: list[str] = []
    for text, marks, href in runs:
        if marks & IMAGE:
            src = _safe_url(href, base)
            if images and src:
                parts.append(f'<img src="{_html.escape(src)}" alt="{_html.escape(text)}">')
            continue
        lead, core, trail = _spaced(text)
        if not core:
            parts.append(lead)
            continue
        piece = _html.escape(core)
        if marks & CODE:
            piece = f"<code>{piece}</code>"
        if marks & STRONG:
            piece = f"<strong>{piece}</strong>"
        if marks & EM:
            piece = f"<em>{piece}</em>"
        if links and href:
            url = _safe_url(href, base)
            if url:
                piece = f'<a href="{_html.escape(url)}">{piece}</a>'
        parts.append(f"{lead}{piece}{trail}")
    return " ".join("".join(parts).split())


def _kinds(bl: Blocks, i: int):
    """(kind, detail) of block i: heading level, list facts, pre language, cell/row."""
    b = bl.blocks[i]
    if b.tag in HEADINGS:
        return "h", int(b.tag[1])
    pre = bl.ancestor(b.parent, _PRES, limit=3)
    if pre >= 0:
        return "pre", (bl.el_info or {}).get(pre, ("",))[0]
    cell = cell_of(bl, i)
    if cell >= 0:
        return "cell", (cell, bl.ancestor(bl.el_parent[cell], _ROWS, limit=2))
    li = bl.ancestor(b.parent, _LISTS, limit=4)
    info = bl.el_info.get(li) if li >= 0 and bl.el_info else None
    if info is not None:                        # (list tag, depth, ordinal)
        return "li", (li, info)
    return "p", None


def _quote_depth(bl: Blocks, el: int) -> int:
    depth = 0
    while el >= 0:
        if bl.el_tag[el] == "blockquote":
            depth += 1
        el = bl.el_parent[el]
    return depth


def to_markdown(bl: Blocks, kept: list[int], *, links: bool = False, images: bool = False,
                base: str | None = None) -> str:
    blocks = bl.blocks
    out: list[str] = []              # finished chunks, joined by blank lines
    table: list[list[str]] = []      # rows of the table being built
    row_key = None
    prev_li = None
    for i in kept:
        b = blocks[i]
        runs = bl.runs[i] if bl.runs else [(b.text, 0, None)]
        if not images:
            runs = [r for r in runs if not r[1] & IMAGE]
            if not b.text:
                continue
        kind, detail = _kinds(bl, i)
        if kind != "cell" and table:
            out.append(_md_table(table))
            table, row_key = [], None
        if kind == "cell":
            _, row = detail
            text = _inline_md(runs, links, base, line_start=False).replace("\n", " ")
            if row != row_key or not table:
                table.append([])
                row_key = row
            table[-1].append(text)
            prev_li = None
            continue
        if kind == "h":
            chunk = "#" * detail + " " + _inline_md(runs, links, base)
        elif kind == "pre":
            fence = "````" if "```" in b.text else "```"
            chunk = f"{fence}{detail}\n{b.text}\n{fence}"
        elif kind == "li":
            li, (list_tag, depth, ordinal) = detail
            marker = f"{ordinal}." if list_tag == "ol" else "-"
            indent = "   " * (depth - 1) if list_tag == "ol" else "  " * (depth - 1)
            line = _inline_md(runs, links, base)
            if prev_li == li:            # a second block of the same item: a new line
                chunk = indent + "  " + line
            else:
                chunk = f"{indent}{marker} {line}"
            if out and prev_li is not None:
                out[-1] += "\n" + chunk
                prev_li = li
                continue
            prev_li = li
            out.append(chunk)
            continue
        else:
            chunk = _inline_md(runs, links, base)
            if b.line and out and prev_li is None:
                out[-1] += "\\\n" + chunk
                continue
        depth = _quote_depth(bl, b.parent)
        if depth:
            chunk = "\n".join(("> " * depth) + line for line in chunk.split("\n"))
        prev_li = None
        out.append(chunk)
    if table:
        out.append(_md_table(table))
    return "\n\n".join(c for c in out if c.strip())


def _md_table(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def to_html(bl: Blocks, kept: list[int], *, links: bool = False, images: bool = False,
            base: str | None = None) -> str:
    """Minimal safe HTML: an allow-list of tags (p, h1-h6, ul/ol/li, pre/code,
    blockquote, table/tr/td, a, img, em, strong, code, br), href/src/alt attributes only,
    and only http(s)/mailto/relative URLs. Text is escaped; nothing else gets through."""
    blocks = bl.blocks
    out: list[str] = []
    open_list: list[str] = []
    table: list[list[str]] = []
    row_key = None

    def close_lists(depth: int = 0) -> None:
        while len(open_list) > depth:
            out.append(f"</{open_list.pop()}>")

    def close_table() -> None:
        nonlocal table, row_key
        if table:
            out.append("<table>" + "".join(
                "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in table)
                + "</table>")
            table, row_key = [], None

    for i in kept:
        b = blocks[i]
        runs = bl.runs[i] if bl.runs else [(b.text, 0, None)]
        kind, detail = _kinds(bl, i)
        if kind != "cell":
            close_table()
        if kind != "li":
            close_lists()
        inner = _inline_html(runs, links, images, base)
        if not inner:
            continue
        if kind == "cell":
            if detail[1] != row_key or not table:
                table.append([])
                row_key = detail[1]
            table[-1].append(inner)
        elif kind == "h":
            out.append(f"<h{detail}>{inner}</h{detail}>")
        elif kind == "pre":
            out.append(f"<pre><code>{_html.escape(b.text)}</code></pre>")
        elif kind == "li":
            _, (list_tag, depth, _) = detail
            close_lists(depth)
            while len(open_list) < depth:
                open_list.append(list_tag)
                out.append(f"<{list_tag}>")
            out.append(f"<li>{inner}</li>")
        else:
            tag = "blockquote" if _quote_depth(bl, b.parent) else "p"
            out.append(f"<{tag}>{inner}</{tag}>" if tag == "p" else f"<blockquote><p>{inner}</p></blockquote>")
    close_table()
    close_lists()
    return "\n".join(out)
