"""The publish date a page shows in its visible text: a dateline under the headline
("By Jane Doe · March 5, 2024", "Published on 5. März 2024", a ``<time>`` without
``datetime``), for pages whose markup gives none or gives a later one.

    >>> from cleaner.metadata.dateline import parse_visible, dateline
    >>> parse_visible("Published on 5. März 2024", "de")
    '2024-03-05'
    >>> dateline(["My headline", "By Jane Doe", "Updated", "March 5, 2024"], "en")
    '2024-03-05'

metadata's body walk (body.py) hands ``dateline`` the text nodes of its bounded walk from just before the
headline (the same walk that looks for a byline), in document order; when that finds no
date at all, the text nodes of a longer walk, with marks of the elements between them
(``labelled_dateline(..., hinted=True)``). A dateline is short and sits between the
headline and the start of the body, so:

- a date counts only in a short text node that is not a sentence ("On 2 Dec 2024, I
  received ..." is prose), or right after a publication label ("Published",
  "Veröffentlicht", "Publié le", "입력") at the start of a longer one;
- the scan stops once the body has clearly begun (``_PROSE_STOP`` long paragraphs): dates
  further on are in the article's prose, its comments or the teasers after it; on the
  longer walk it also stops at an element whose class names comments or related teasers,
  and takes only a date right after a ``<time>``, a date/meta/byline class or a label;
- a date labelled as something else is skipped: "© 2024", "Released", "Joined", "Event",
  "Valid until", ...;
- of the dates found, the first one not labelled as updated wins, else the first updated one
  ("Updated on July 9, 2025" is often the only date a page shows, and then the one it means).

Formats: month names in English, German, French, Spanish, Italian, Portuguese and Dutch
("March 5, 2024", "Sun Dec 17, 2023", "5 March 2024", "5. März 2024", "5 de marzo de 2024",
"1er mars 2024"); CJK "2024年3月5日" and Korean "2024년 3월 5일"; year first "2024-03-05",
"2024.03.05.", "2024. 3. 5.", "2024/03/05" ("2024.4.4" is a version number, not a date);
numeric day and month "05.03.2024" (day first), "3/5/2024" and "03-05-2024" (month first in
English unless the page's language tag names a day-first region such as en-GB, day first in
the other languages; either way when one number cannot be a month). A time right after the
date ("10:45 AM", "at 3:00 pm", "오후 3:00") makes a datetime without a zone, as metadata's
normalise_date does. Two-digit years, month-and-year alone and relative dates ("3 hours
ago") are not read: they do not give a day. Years before 1990 are not taken.

Cost: only the few text nodes that hold a four-digit year are read further. metadata's C
walk (_meta.following_marks) notes them while it reads the bytes, returns nothing
when there is none (half the walks on WCXB dev) and decodes only the texts that can matter
(``labelled_dateline(..., candidates=...)``); without the extension, the texts are joined
and searched once (a Python loop over every node would cost more than the walk). Both
give the same dates (tests/test_metadata.py compares them).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from itertools import accumulate, compress

try:                                    # Python 3.11+
    from re import _constants as _sre_const
    from re import _parser as _sre_parser
except ImportError:                     # pragma: no cover  (Python 3.10)
    import sre_constants as _sre_const  # type: ignore[no-redef]
    import sre_parse as _sre_parser  # type: ignore[no-redef]

from ..prefix import finditer

__all__ = ["MONTHS", "dateline", "labelled_dateline", "parse_visible"]

# Month names and their common abbreviations, lower case, per language. Names shared by
# several languages ("mar", "mai", "april") name the same month in each.
_MONTH_NAMES = {
    1: "january jan januar jänner janvier janv enero ene gennaio gen janeiro januari",
    2: "february feb februar février fevrier févr fevr febrero febbraio fevereiro fev februari",
    3: "march mar märz maerz mär mars marzo março marco maart mrt",
    4: "april apr avril avr abril abr aprile",
    5: "may mai mayo maggio mag maio mei",
    6: "june jun juni juin junio giugno giu junho",
    7: "july jul juli juillet juil julio luglio lug julho",
    8: "august aug août aout agosto ago augustus",
    9: "september sep sept septembre septiembre setiembre settembre set setembro",
    10: "october oct oktober okt octobre octubre ottobre ott outubro out",
    11: "november nov novembre noviembre novembro",
    12: "december dec dezember dez décembre decembre déc dic diciembre dicembre dezembro",
}
MONTHS = {name: n for n, names in _MONTH_NAMES.items() for name in names.split()}


def _trie(words) -> str:
    """An alternation of ``words`` as a prefix tree ("sep(?:t(?:ember)?)?"): the same
    matches, groups included, as the words longest first (at each letter the longer
    words are tried before the word that ends there; words that part at a letter never
    both match), without trying each of ~100 month names at every position of a text."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in node.items() if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(root)


def lead(pattern: str, flags: int = 0) -> re.Pattern:
    """``pattern`` compiled behind a look-ahead for the characters its matches can open
    with, read from its parse when each alternative opens with a literal (after \\b or ^):
    the same matches, but a position that opens with none of them is turned away by one
    class test instead of a try of every alternative (a case-blind alternation of words
    costs about 0.3 us a character). Any other pattern is compiled as it is."""
    compiled = re.compile(pattern, flags)
    try:
        items = list(_sre_parser.parse(pattern, flags))
        alts = items[0][1][1] if len(items) == 1 and items[0][0] is _sre_const.BRANCH else [items]
        firsts = set()
        for alt in alts:
            ops = [x for x in alt]
            while ops and ops[0][0] is _sre_const.AT:
                ops.pop(0)
            if not ops or ops[0][0] is not _sre_const.LITERAL:
                return compiled
            firsts.add(chr(ops[0][1]))
    except Exception:  # noqa: BLE001 - a parse this cannot read: no look-ahead
        return compiled
    chars = "".join(re.escape(c) for c in sorted(firsts))
    return re.compile(f"(?=[{chars}])(?:{pattern})", flags)


# Longest first, so that "sept" is not read as "sep" and "t".
_MON = _trie(sorted(MONTHS, key=len, reverse=True))
# The letters a month name opens with (a date opens with one or with a digit).
_MON_FIRST = "".join(sorted({name[0] for name in MONTHS}))

_TIME = (r"(?:\s*(?:,|at|um|à|a las|alle|às|om|-|\||·)?\s*(오전|오후|午前|午後)?\s*"
         r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\b\.?)?)?")

# One pattern, its alternatives named by their layout.
_DATE = re.compile(
    r"(?=[\d" + _MON_FIRST + r"])(?<![\w.])(?:"
    # March 5, 2024 / Mar. 5th 2024 / Sun Dec 17, 2023
    r"(?P<mdy_m>" + _MON + r")\.?\s+(?P<mdy_d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<mdy_y>\d{4})"
    # 5 March 2024 / 5. März 2024 / 5 de marzo de 2024 / 1er mars 2024 / 5th of March, 2024
    r"|(?P<dmy_d>\d{1,2})(?:st|nd|rd|th|er|º|°|\.)?\s*(?:of\s+|de\s+)?(?P<dmy_m>"
    + _MON + r")\.?,?\s+(?:de\s+|del\s+)?(?P<dmy_y>\d{4})"
    # 2024年3月5日 / 2024년 3월 5일
    r"|(?P<cjk_y>\d{4})\s*[年년]\s*(?P<cjk_m>\d{1,2})\s*[月월]\s*(?P<cjk_d>\d{1,2})\s*[日일]?"
    # 2024-03-05 / 2024.03.05. / 2024/03/05
    r"|(?P<ymd_y>\d{4})(?:(?P<ymd_s>[-/])(?P<ymd_m>\d{1,2})(?P=ymd_s)(?P<ymd_d>\d{1,2})"
    # with dots: two-digit parts or a closing dot ("2024.4.4" is a version number)
    r"|\.\s?(?P<ymd_m2>\d\d)\.\s?(?P<ymd_d2>\d\d)\.?|\.\s?(?P<ymd_m3>\d{1,2})\.\s?"
    r"(?P<ymd_d3>\d{1,2})\.)"
    # 05.03.2024 / 3/5/2024 / 03-05-2024
    r"|(?P<num_a>\d{1,2})(?P<num_s>[-/.])(?P<num_b>\d{1,2})(?P=num_s)(?P<num_y>\d{4})"
    r")(?!\d)" + _TIME,
    re.IGNORECASE)

_DIGIT = re.compile(r"\d")
# Every date read here has a four-digit year: a cheap test before the full pattern.
# (Its digit boundaries are checked apart: a look-behind makes the search 3x slower.)
_YEAR = re.compile(r"(?:19|20)\d\d")
# Labels before a date, in the languages above and CJK.
_PUBLISHED = lead(
    r"publi(?:shed|cado|cada|é|ée|cato|cata|ziert)|posted|first (?:published|posted)"
    r"|veröffentlicht|erschienen|gepubliceerd|geplaatst|date:|datum:|fecha:|data:"
    r"|입력|등록|작성|게시|公開|投稿|发布|發佈|发表|發表|掲載", re.IGNORECASE)
_UPDATED = lead(
    r"updated|modified|revised|edited|reviewed|aktualisiert|geändert|mis à jour|modifié"
    r"|actualizado|modificado|aggiornat|modificat|atualizado|bijgewerkt|gewijzigd"
    r"|수정|업데이트|更新|修改|最終更新")
# Labels of dates that are not the page's publication: a product's release, a member's
# sign-up, an event's, an offer's end, a footer's copyright, a thread's last post.
_OTHER = lead(
    r"©|\(c\)|copyright|releas|joined|registered|member since|\bborn\b|expir|deadline"
    r"|valid|\bevents?\b|\bstarts?\b|\bends?\b|\buntil\b|\bsale\b|sortie|lanzamiento"
    r"|uscita|lançamento|beigetreten|inscrit|registrado|iscritto|lid sinds"
    r"|last (?:post|reply|comment|activity)|latest (?:post|reply)", re.IGNORECASE)

# Element marks (see labelled_dateline): the class of what follows an article, and of what
# holds a date.
# A class token that starts with the word: "comment-list", not an icon's "fa-comments".
_AFTER_ARTICLE = re.compile(r"[\x01\s](?:comment|related|recommend|teaser|copyright)")
_DATE_MARK = re.compile(r"^\x01(?:\x02|.*?(?:date|time|posted|publish|meta|author|byline))",
                        re.IGNORECASE)

# A text node longer than this is prose: a date in it counts only after a label.
_SHORT = 100
# Words after a date that make its text a sentence rather than a dateline.
_SENTENCE = 6
# The text before a date (in its node, or the node before) read as its label.
_LABEL = 40
# A lead this short ("Mon", "·") is no label: the node before is read too.
_WEEKDAY = 12
# In a longer one, only its start is read: a labelled date opens a paragraph.
_LONG = 300
# Paragraphs of at least _PROSE characters after which the body has begun.
_PROSE = 200
_PROSE_STOP = 3
# Languages whose numeric dates put the month first (3/5/2024 = March 5).
_MONTH_FIRST = frozenset(("en",))
_DAY_FIRST_EN = frozenset(("gb", "au", "nz", "ie", "in", "za", "sg", "uk"))


def _month_first(lang: str | None) -> bool:
    """Whether "3/5/2024" means March 5 in a page of language tag ``lang`` ("en-GB",
    "de"); unknown: yes, as metadata's normalise_date reads it."""
    if not lang:
        return True
    parts = lang.replace("_", "-").lower().split("-")
    if parts[0] not in _MONTH_FIRST:
        return False
    return not (len(parts) > 1 and parts[1] in _DAY_FIRST_EN)


def parse_visible(text: str, lang: str | None = None) -> str | None:
    """The first date written in ``text`` as ISO 8601, or None (formats: module docstring).
    ``lang`` (a language tag) decides between day and month first in "3/5/2024"."""
    if not text or _DIGIT.search(text) is None:
        return None
    for m in finditer(_DATE, text):
        iso = _match_iso(m, lang)
        if iso is not None:
            return iso
    return None


def _match_iso(m: re.Match, lang: str | None) -> str | None:
    g = m.groupdict()
    if g["mdy_m"] is not None:
        y, mo, d = int(g["mdy_y"]), MONTHS[g["mdy_m"].lower()], int(g["mdy_d"])
    elif g["dmy_m"] is not None:
        y, mo, d = int(g["dmy_y"]), MONTHS[g["dmy_m"].lower()], int(g["dmy_d"])
    elif g["cjk_y"] is not None:
        y, mo, d = int(g["cjk_y"]), int(g["cjk_m"]), int(g["cjk_d"])
    elif g["ymd_y"] is not None:
        y = int(g["ymd_y"])
        mo, d = ((int(g["ymd_m"]), int(g["ymd_d"])) if g["ymd_m"] is not None else
                 (int(g["ymd_m2"]), int(g["ymd_d2"])) if g["ymd_m2"] is not None else
                 (int(g["ymd_m3"]), int(g["ymd_d3"])))
    else:
        a, b, y = int(g["num_a"]), int(g["num_b"]), int(g["num_y"])
        if g["num_s"] == "." or a > 12:
            mo, d = b, a
        elif b > 12 or _month_first(lang):
            mo, d = a, b
        else:
            mo, d = b, a
    if not 1990 <= y <= 2100:
        return None
    try:
        day = date(y, mo, d)
    except ValueError:
        return None
    groups = m.groups()
    half, hh, mm, ss, ampm = groups[-5:]
    if hh is None:
        return day.isoformat()
    h, mi, s = int(hh), int(mm), int(ss or 0)
    pm = (ampm or "").lower().startswith("p") or half in ("오후", "午後")
    am = (ampm or "").lower().startswith("a") or half in ("오전", "午前")
    if pm and h < 12:
        h += 12
    elif am and h == 12:
        h = 0
    if h > 23 or mi > 59 or s > 59:
        return day.isoformat()
    return f"{day.isoformat()}T{h:02d}:{mi:02d}:{s:02d}"


def dateline(texts: Iterable[str], lang: str | None = None) -> str | None:
    """The publish date among the text nodes that follow a headline (see the module
    docstring for which date wins), or None."""
    return labelled_dateline(texts, lang)[0]


def labelled_dateline(texts: Iterable[str], lang: str | None = None, *, hinted: bool = False,
                      candidates: tuple[list[int], ...] | None = None
                      ) -> tuple[str | None, bool, int]:
    """dateline's date, whether it is labelled as an update, and the index among the text
    nodes of the one it was read from (-1 without a date).

    ``texts`` may hold marks of elements among the text nodes: "\x01" + the element's class
    ("\x01" + "\x02" for a ``<time>``). A mark whose class names what follows an article
    (comments, related teasers) ends the search; with ``hinted``, a date counts only right
    after a ``<time>`` or an element whose class names a date, a meta line or a byline, or
    after a publication label (for a longer walk, where a stray date is more likely).

    ``candidates`` (from metadata's C walk, which reads the bytes anyway): the indices of
    the texts that may hold a year, of those that may be an ending mark and (optionally)
    of those that may be a long paragraph, each a superset of what the searches below
    find; the result is the same, without joining and searching every text."""
    texts = texts if isinstance(texts, list) else list(texts)
    if not texts:
        return None, False, -1
    if candidates is not None:
        return _candidate_dateline(texts, lang, hinted, *candidates)
    # Most text nodes hold no year: one search over them all joined finds the few that do
    # (a Python loop over every node would cost more than the rest of metadata's walk).
    joined = "\x00".join(texts)
    if _YEAR.search(joined) is None:         # most walks: nothing more to read
        return None, False, -1
    lengths = list(map(len, texts))
    starts = list(accumulate(map((1).__add__, lengths), initial=0))   # each text's offset
    stop = _prose_stop(texts)               # the body has begun
    # On the longer walk, a labelled date may also close the article ("Posted on the
    # 15/12/2025 at 19:00 by ..."): read on to the comments, for those only.
    end = len(joined) if hinted else starts[stop]
    for word in finditer(_AFTER_ARTICLE, joined, 0, end):
        at = joined.rfind("\x00", 0, word.start()) + 1
        if joined[at] == "\x01":             # in an element's class, not in a text
            end = at
            break

    def holding_a_year():
        seen = -1
        for year in finditer(_YEAR, joined, 0, end):
            at = year.start()
            if (at and joined[at - 1].isdigit()) or joined[at + 4:at + 5].isdigit():
                continue
            i = bisect_right(starts, at) - 1
            if i == seen or texts[i][:1] == "\x01":    # a class such as "archive-2024-03-05"
                continue
            seen = i
            yield i

    return _first_dateline(texts, holding_a_year(), stop, lang, hinted)


def _first_dateline(texts: list[str], indices, stop: int, lang: str | None, hinted: bool
                    ) -> tuple[str | None, bool, int]:
    """Of the texts at ``indices`` (in order), the first date not labelled as an update,
    else the first update; with its index among the text nodes."""
    first_updated = None
    updated_at = -1
    for i in indices:
        found = _read_text(texts, i, stop, lang, hinted)
        if found is None:
            continue
        if not found[1]:
            return found[0], False, _text_index(texts, i)
        if first_updated is None:
            first_updated, updated_at = found[0], _text_index(texts, i)
    return first_updated, first_updated is not None, updated_at


def _text_index(texts: list[str], i: int) -> int:
    """The index of texts[i] among the text nodes (element marks not counted)."""
    return i - sum(1 for t in texts[:i] if t[:1] == "\x01")


def _read_text(texts: list[str], i: int, stop: int, lang: str | None, hinted: bool
               ) -> tuple[str, bool] | None:
    """The date labelled_dateline reads from texts[i] (a text holding a year) and whether it
    is labelled as an update: its first date not so labelled, else its first one; None."""
    text = texts[i].strip()
    if i >= stop and _PUBLISHED.search(text, 0, _LABEL) is None:
        return None
    if len(text) > _SHORT and _PUBLISHED.search(text, 0, _LONG) is None:
        return None
    before = ""
    mark = None
    for j in range(i - 1, max(i - 4, -1), -1):  # the text before, past element marks
        if texts[j][:1] == "\x01":
            mark = mark or texts[j]
            continue
        before = texts[j].strip()
        break
    if len(before) > _LABEL:
        before = ""
    if hinted and not (mark is not None and _DATE_MARK.search(mark)
                       or _PUBLISHED.search(before + " " + text[:_LABEL])):
        return None
    updated = None
    for m in finditer(_DATE, text, 0, _LONG):
        iso = _match_iso(m, lang)
        if iso is None:
            continue
        lead = text[:m.start()]
        if len(lead.strip(" \t\n:|·•-–—,»")) <= _WEEKDAY:   # "Mon Jul 24, 2017"
            lead = before + " " + lead
        label = lead[-_LABEL:].lower()
        if _OTHER.search(label):
            continue
        published = _PUBLISHED.search(label) is not None
        if len(text) > _SHORT and not published:
            continue
        if not published and len(text[m.end():m.end() + _LONG].split()) >= _SENTENCE:
            continue              # "On 2 Dec 2024, I received ...": prose, not a dateline
        if not _UPDATED.search(label):
            return iso, False
        if updated is None:
            updated = iso
    return (updated, True) if updated is not None else None


def _prose_stop(texts: list[str], longs: list[int] | None = None) -> int:
    """The index of the text at which the body has clearly begun (_PROSE_STOP long
    paragraphs), or len(texts). ``longs``: the indices, in order, of texts that may be
    that long (a superset: metadata's C walk counts bytes)."""
    prose = 0
    if longs is None:
        longs = compress(range(len(texts)), map(_PROSE.__le__, map(len, texts)))
    for i in longs:
        if texts[i][:1] != "\x01" and len(texts[i].strip()) >= _PROSE:
            prose += 1
            if prose >= _PROSE_STOP:
                return i
    return len(texts)


def _candidate_dateline(texts: list[str], lang: str | None, hinted: bool, years: list[int],
                        afters: list[int], longs: list[int] | None = None
                        ) -> tuple[str | None, bool, int]:
    """labelled_dateline reading only the candidate texts (see its ``candidates``)."""
    if not years:
        return None, False, -1
    stop = _prose_stop(texts, longs)
    end = len(texts) if hinted else stop
    for j in afters:
        if j >= end:
            break
        if texts[j][:1] == "\x01" and _AFTER_ARTICLE.search(texts[j]):
            end = j
            break

    def holding_a_year():
        for i in years:
            if i >= end:
                return
            text = texts[i]
            if text[:1] != "\x01" and any(
                    not ((at := y.start()) and text[at - 1].isdigit())
                    and not text[at + 4:at + 5].isdigit() for y in finditer(_YEAR, text)):
                yield i

    return _first_dateline(texts, holding_a_year(), stop, lang, hinted)
