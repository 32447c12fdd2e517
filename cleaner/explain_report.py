"""Explanation.to_html(): the report a person opens in a browser.

One self-contained page: inline CSS, no script, nothing fetched. The filters (all, kept,
dropped, losses, leaks) are radio buttons that CSS reads, so the page works with scripts
off. Every piece of the page's text goes through html.escape: a page holding markup,
quotes or </script> shows it as text. One pass over the blocks, one string join: a page
of thousands of blocks renders in linear time, and content-visibility lets the browser
lay out only what is on screen."""

from __future__ import annotations

from html import escape

_CSS = """
:root{--fg:#1d1d1f;--mute:#8a8a8e;--line:#e3e3e8;--kept:#0a7a3d;--drop:#b8b8be;
--loss:#c62828;--leak:#e08a00;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
body{margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:var(--fg)}
header h1{font-size:1.4rem;margin:.2rem 0 .6rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0 0 .8rem;
font-size:.9rem}
dl.meta dt{color:var(--mute)}dl.meta dd{margin:0;overflow-wrap:anywhere}
.score{font-size:1.1rem;font-weight:600}
.filters{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid var(--line);
z-index:1}
body>input[type=radio]{display:none}
.filters label{display:inline-block;padding:.2rem .7rem;margin-right:.3rem;border:1px solid var(--line);
border-radius:1rem;cursor:pointer;font-size:.9rem}
#f-all:checked~.filters label[for=f-all],#f-kept:checked~.filters label[for=f-kept],
#f-dropped:checked~.filters label[for=f-dropped],#f-loss:checked~.filters label[for=f-loss],
#f-leak:checked~.filters label[for=f-leak]{background:var(--fg);color:#fff}
#f-kept:checked~main .b[data-decision=dropped],#f-dropped:checked~main .b[data-decision=kept],
#f-loss:checked~main .b:not([data-check=loss]),#f-leak:checked~main .b:not([data-check=leak])
{display:none}
main{margin-top:.5rem}
.b{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem;padding:.35rem .5rem;
border-left:4px solid transparent;border-bottom:1px solid var(--line);
content-visibility:auto;contain-intrinsic-size:auto 2.5rem}
.b .t{white-space:pre-wrap;overflow-wrap:anywhere}
.b .w{font-size:.82rem;color:var(--mute);overflow-wrap:anywhere}
.b .w code{font-size:.78rem}
.b .s{display:inline-block;min-width:3.4rem;font-weight:600;text-transform:uppercase;
font-size:.7rem;letter-spacing:.04em}
.b[data-decision=kept]{border-left-color:var(--kept)}
.b[data-decision=kept] .s{color:var(--kept)}
.b[data-decision=dropped] .t{color:var(--drop);text-decoration:line-through;
text-decoration-color:#d6d6db}
.b[data-check=loss]{border-left-color:var(--loss);background:#fdecec}
.b[data-check=loss] .t{color:#7a3030}
.b[data-check=leak]{border-left-color:var(--leak);background:#fff5e0}
.b .v{font-weight:700;margin-right:.4rem}
.b[data-check=loss] .v{color:var(--loss)}.b[data-check=leak] .v{color:var(--leak)}
"""


def render(ex) -> str:
    """The report of one Explanation (see the module docstring)."""
    a = ex.article
    counts = ex.counts()
    title = a.title or "(no title)"
    out = ["<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
           "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">",
           f"<title>cleaner explain: {escape(title)}</title><style>{_CSS}</style></head>",
           "<body><header>", f"<h1>{escape(title)}</h1>", "<dl class=\"meta\">"]
    meta = a.metadata
    rows = [("URL", a.url), ("encoding", a.encoding), ("reason", a.reason),
            ("authors", ", ".join(meta.authors)), ("published", meta.published),
            ("site", meta.site_name), ("language", meta.language),
            ("container", ex.container), ("reading", ex.reading)]
    by_stage = ", ".join(f"{stage} {n}" for stage, n in
                         sorted(counts["dropped_by_stage"].items(), key=lambda t: -t[1]))
    rows.append(("blocks", f"{counts['blocks']}: {counts['kept']} kept, {counts['dropped']} "
                           f"dropped" + (f" ({by_stage})" if by_stage else "")
                           + (f"; {ex.stripped} script/style elements stripped"
                              if ex.stripped else "")))
    rows.append(("output", f"{len(a.text.split())} words"))
    for name, value in rows:
        if value:
            out.append(f"<dt>{name}</dt><dd>{escape(str(value))}</dd>")
    if ex.scores is not None:
        s = ex.scores
        out.append(f"<dt>expected</dt><dd><span class=\"score\">word F1 {s.f1:.3f}</span> "
                   f"(precision {s.precision:.3f}, recall {s.recall:.3f}); "
                   f"{counts['losses']} lost blocks, {counts['leaks']} leaked blocks</dd>")
    out.append("</dl></header>")
    # The radios sit before .filters and main so that CSS (~) can read them.
    filters = [("all", "all"), ("kept", "kept"), ("dropped", "dropped")]
    if ex.scores is not None:
        filters += [("loss", f"losses ({counts['losses']})"),
                    ("leak", f"leaks ({counts['leaks']})")]
    for key, _ in filters:
        checked = " checked" if key == "all" else ""
        out.append(f"<input type=\"radio\" name=\"f\" id=\"f-{key}\"{checked}>")
    out.append("<nav class=\"filters\">show: " + "".join(
        f"<label for=\"f-{key}\">{escape(label)}</label>" for key, label in filters) + "</nav>")
    out.append("<main>")
    for b in ex.blocks:
        decision = "kept" if b.kept else "dropped"
        verdict = b.verdict
        check = f" data-check=\"{verdict}\"" if verdict else ""
        mark = (f"<span class=\"v\">{verdict}</span>"
                if verdict in ("loss", "leak") else "")
        out.append(
            f"<div class=\"b\" data-decision=\"{decision}\" data-stage=\"{escape(b.stage)}\""
            f"{check}><div class=\"t\">{escape(b.text)}</div><div class=\"w\">{mark}"
            f"<span class=\"s\">{escape(b.stage)}</span> {escape(b.rule)}<br>"
            f"<code>{escape(b.path)}</code></div></div>")
    out.append("</main></body></html>\n")
    return "\n".join(out)
