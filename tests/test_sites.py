"""Site-aware cleaning (cleaner/sites.py) on synthetic sites written by hand: several
pages cut from one template, with what the template repeats and what each page says."""

import json

import pytest

import cleaner
from cleaner import sites

STORIES = [
    ("Tide tables move online",
     [("The harbour office has published its tide tables on the web for the first time, "
      "after fifty years of printing them as a folded leaflet each spring."),
      ("Fishermen said the change would help them plan early departures, though several "
      "asked that the paper leaflet stay available at the quay for older skippers.")]),
    ("Ferry timetable changes for winter",
     [("From November the morning ferry will leave twenty minutes later, the operator "
      "announced on Tuesday, citing lower demand during the dark months of the year."),
      ("Commuters who rely on the first crossing have started a petition asking the council "
      "to keep the earlier sailing at least on weekdays through the whole winter.")]),
    ("Lighthouse keeper retires after forty years",
     [("Margaret Olsen climbed the hundred and twelve steps of the north light for the last "
      "time on Friday, ending a career that began when the lamp still burned paraffin."),
      ("She plans to stay in the keeper's cottage, which the trust will now rent to visitors "
      "during the summer season while she keeps the garden and the small museum.")]),
    ("New fish market opens at the quay",
     [("The covered fish market opened its doors on Saturday with twenty stalls selling the "
      "morning's catch directly to residents and to restaurants from the whole coast."),
      ("Traders welcomed the roof after decades of selling in the rain, and the council "
      "expects the market to draw weekend visitors from the towns inland as well.")]),
]

# The per-site tail widget: a box after every story, long enough and plain enough that the
# page-by-page reading keeps it as part of the body.
WIDGET = ("Harbour Gazette readers also enjoy our weekly puzzle edition, delivered every "
          "Saturday morning to subscribers all around the bay and the islands.")
# A disclaimer the site prints inside every story, between the story's own paragraphs.
DISCLAIMER = ("Reporting for this story was supported by the coastal communities fund, "
              "which has no say over what the Harbour Gazette chooses to publish.")


def article(n: int, host: str = "harbour.example", disclaimer: bool = False,
            last: str | None = None) -> str:
    title, paras = STORIES[n]
    body = [f"<p>{paras[0]}</p>"]
    if disclaimer:
        body.append(f"<p>{DISCLAIMER}</p>")
    body.append(f"<p>{paras[1]}</p>")
    if last:
        body.append(f"<p>{last}</p>")
    return (f"<html><head><title>{title}</title>"
            f"<link rel='canonical' href='https://{host}/news/{n}'></head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
            f"<div><div><h1>{title}</h1>{''.join(body)}"
            f"<div><p>{WIDGET}</p></div></div></div>"
            "<footer>Harbour Gazette, Quay Street 1</footer></body></html>")


ARCHIVE_NOTE = ("Our archive holds every story the Harbour Gazette has printed since the "
                "paper was founded, and it is open to every reader free of charge.")


def listing(n: int) -> str:
    items = "".join(f"<li><h2>{STORIES[(n + k) % 4][0]}</h2><p>{STORIES[(n + k) % 4][1][0]}"
                    "</p></li>" for k in range(3))
    return ("<html><head><title>Archive</title>"
            f"<link rel='canonical' href='https://harbour.example/archive/{n}'></head><body>"
            "<header><form><input name=q></form></header>"
            f"<main><section><table><tr><td><p>{ARCHIVE_NOTE}</p></td></tr></table>"
            f"<ul>{items}</ul></section></main></body></html>")


def texts(pages, **kw):
    return [cleaner.clean(html, **kw).text for html in pages]


def test_page_by_page_keeps_the_widget_and_the_profile_drops_it():
    pages = [article(n) for n in range(4)]
    plain = texts(pages)
    assert all(WIDGET in t for t in plain)      # the case the profiles are for
    profiles = cleaner.learn_sites((html, None) for html in pages)
    assert set(profiles) == {"harbour.example"}      # the host from <link rel=canonical>
    for n, t in enumerate(texts(pages, sites=profiles)):
        assert WIDGET not in t
        for para in STORIES[n][1]:
            assert para in t
    # site= gives the same as sites= picking it by host
    one = profiles["harbour.example"]
    assert texts(pages, site=one) == texts(pages, sites=profiles)


def test_a_disclaimer_inside_every_body_is_kept():
    pages = [article(n, disclaimer=True) for n in range(4)]
    profiles = cleaner.learn_sites((html, f"https://harbour.example/news/{n}")
                                   for n, html in enumerate(pages))
    without = cleaner.learn_sites((article(n), None) for n in range(4))
    repeated = profiles["harbour.example"].templates[0].repeated
    # it does repeat (one more repeated block than on the same site without it)...
    assert len(repeated) == len(without["harbour.example"].templates[0].repeated) + 1
    for t in texts(pages, sites=profiles):
        assert DISCLAIMER in t                               # ...but stands inside the story
        assert WIDGET not in t


def test_too_few_pages_give_no_profile_and_unknown_hosts_are_cleaned_as_before():
    pages = [article(n) for n in range(2)]
    assert cleaner.learn_sites((html, None) for html in pages) == {}
    profiles = cleaner.learn_sites((article(n), None) for n in range(4))
    other = [article(n, host="other.example") for n in range(4)]
    assert texts(other, sites=profiles) == texts(other)
    assert texts(other, sites={}) == texts(other)


def test_two_templates_on_one_host_stay_apart():
    # The archive note repeats on every listing page, and ends one story too: counted over
    # the host as a whole it would be repeated (5 of 7 pages) and cut from that story.
    pages = [article(0, last=ARCHIVE_NOTE)] + [article(n) for n in (1, 2)]
    pages += [listing(n) for n in range(4)]
    profiles = cleaner.learn_sites((html, None) for html in pages)
    templates = profiles["harbour.example"].templates
    assert sorted(t.pages for t in templates) == [3, 4]
    story = cleaner.clean(pages[0], sites=profiles).text
    assert ARCHIVE_NOTE in story
    assert WIDGET not in story


def test_profiles_round_trip_through_a_file(tmp_path):
    pages = [article(n) for n in range(4)] + [listing(n) for n in range(3)]
    profiles = cleaner.learn_sites((html, None) for html in pages)
    path = tmp_path / "sites.json"
    sites.save(profiles, path)
    doc = json.loads(path.read_text())
    assert doc["format"] == sites.FORMAT and doc["version"] == sites.VERSION
    loaded = sites.load(path)
    assert sites.to_json(loaded) == sites.to_json(profiles)
    assert texts(pages, sites=loaded) == texts(pages, sites=profiles)


@pytest.mark.parametrize("content, message", [
    ('{"format": "cleaner-site-profiles", "version": 99, "hosts": {}}', "version 99"),
    ('{"format": "cleaner-site-profiles", "version": 2, "hosts": {"a.b": {"pa', "not valid JSON"),
    ('[1, 2, 3]', "not a profiles file"),
    ('{"format": "cleaner-site-profiles", "version": 1, "hosts": {}}', "version 1"),
    ('{"format": "cleaner-site-profiles", "version": 2, "hosts": []}', "hosts"),
    (('{"format": "cleaner-site-profiles", "version": 2, "hosts": {"a.b": {"pages": 3, '
     '"templates": [{"pages": 3, "shape": "abc", "repeated": []}]}}}'), "malformed"),
    (('{"format": "cleaner-site-profiles", "version": 2, "hosts": {"a.b": {"pages": 3, '
     '"templates": [{"pages": 3, "shape": ["not hex"], "repeated": []}]}}}'), "malformed"),
    (('{"format": "cleaner-site-profiles", "version": 2, "hosts": {"a.b": {"pages": 3, '
     '"templates": [{"pages": 3}]}}}'), "malformed"),
    ("[" * 100_000, "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not valid JSON"),
])
def test_hostile_profile_files_give_a_clear_error(tmp_path, content, message):
    path = tmp_path / "sites.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(sites.ProfileError, match=message):
        sites.load(path)


def test_a_huge_profile_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "sites.json"
    path.write_text('{"format": "cleaner-site-profiles"' + " " * 5000 + "}")
    monkeypatch.setattr(sites, "MAX_FILE_BYTES", 1000)
    with pytest.raises(sites.ProfileError, match="more than"):
        sites.load(path)
    with pytest.raises(sites.ProfileError, match="cannot read"):
        sites.load(tmp_path / "missing.json")


def test_host_of():
    assert sites.host_of("https://www.Example.com/a") == "example.com"
    assert sites.host_of("/relative") is None
    assert sites.host_of("http://[::1") is None
    assert sites.host_of(None) is None


def test_the_batch_hooks_take_one_profiles_file(tmp_path):

    from cleaner.integrations import spark
    from cleaner.stream import iter_clean

    pages = [article(n) for n in range(4)]
    profiles = cleaner.learn_sites((html, None) for html in pages)
    path = tmp_path / "sites.json"
    sites.save(profiles, path)
    records = [{"id": n, "url": f"https://harbour.example/news/{n}", "html": html}
               for n, html in enumerate(pages)]
    expected = texts(pages, sites=profiles)
    assert [o["text"] for o in iter_clean(records, sites=profiles)] == expected
    rows = list(spark.row_partitions(site_profiles=str(path))(records))
    assert [r[3] for r in rows] == expected                # (id, url, title, text, ...)
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    with pytest.raises(sites.ProfileError):
        spark.row_partitions(site_profiles=str(bad))


@pytest.mark.datatrove
def test_the_datatrove_extractor_takes_one_profiles_file(tmp_path):
    import pickle

    from cleaner.integrations.datatrove import CleanerExtractor

    pages = [article(n) for n in range(4)]
    profiles = cleaner.learn_sites((html, None) for html in pages)
    path = tmp_path / "sites.json"
    sites.save(profiles, path)
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    expected = texts(pages, sites=profiles)
    ext = CleanerExtractor(site_profiles=str(path))
    ext.extract(pages[0])                                  # loads the file in this process
    clone = pickle.loads(pickle.dumps(ext))
    assert clone._sites is None                            # the path travels, not the data
    assert [clone.extract(html) for html in pages] == expected
    with pytest.raises(sites.ProfileError):
        CleanerExtractor(site_profiles=str(bad))


def test_a_recurring_section_heading_atop_each_story_is_kept():
    # The site opens every story with the same heading: it repeats, it stands before the
    # story's first own block, and it is a heading, so it is the story's, not the template's.
    pages = [article(n).replace(f"<h1>{STORIES[n][0]}</h1>", "<h2>What happened</h2>")
             for n in range(4)]
    assert all(t.startswith("What happened") for t in texts(pages))
    profiles = cleaner.learn_sites((html, None) for html in pages)
    without = cleaner.learn_sites((article(n), None) for n in range(4))
    assert (len(profiles["harbour.example"].templates[0].repeated)
            == len(without["harbour.example"].templates[0].repeated) + 1)
    for t in texts(pages, sites=profiles):
        assert t.startswith("What happened") and WIDGET not in t


def test_the_learner_is_bounded(monkeypatch):
    monkeypatch.setattr(sites, "MAX_HOSTS", 1)
    monkeypatch.setattr(sites, "MAX_PAGES_PER_HOST", 3)
    learner = sites.Learner()
    hosts = [learner.add(article(n % 4)) for n in range(5)]
    hosts += [learner.add(article(n, host="other.example")) for n in range(4)]
    assert hosts == ["harbour.example"] * 3 + [None] * 6
    assert set(learner.profiles()) == {"harbour.example"}


GUIDELINES = ("Comments should stay on the topic of the story and be kind to other readers; "
              "the editors remove abusive comments and those that share personal details.")


def test_the_comment_areas_guidelines_after_the_story_are_left_to_the_comment_rules():
    # Repeated after every story, in a box whose class names comments: the comment area's
    # own prose, kept as the page-by-page reading keeps it; what stands after that box
    # goes.
    def page(n, note=GUIDELINES):
        return article(n).replace(
            f"<div><p>{WIDGET}</p></div>",
            f"<div><p>{WIDGET}</p></div><div class='commenting-guidelines'><div>{note}</div>"
            "</div><div>Posted from the harbour office.</div>")
    pages = [page(n) for n in range(4)]
    assert all(GUIDELINES in t and "Posted from" in t for t in texts(pages))
    profiles = cleaner.learn_sites((html, None) for html in pages)
    for n, t in enumerate(texts(pages, sites=profiles)):
        assert GUIDELINES in t and WIDGET in t           # the box ends what is kept
        assert "Posted from" not in t
        assert STORIES[n][1][1] in t


def test_the_learner_memory_is_capped_over_all_hosts(monkeypatch):
    # Past MAX_LIVE_TEXTS distinct texts, those seen once are forgotten everywhere; when
    # that is not enough, no new host is taken (the hosts taken are still learned).
    monkeypatch.setattr(sites, "MAX_LIVE_TEXTS", 12)
    learner = sites.Learner()
    for n in range(4):
        assert learner.add(article(n)) == "harbour.example"
    assert learner.live <= 12 and not learner.full
    assert learner.add(article(0, host="b.example")) == "b.example"
    monkeypatch.setattr(sites, "MAX_LIVE_TEXTS", 2)
    learner.add(article(1, host="b.example"))
    assert learner.full
    assert learner.add(article(0, host="c.example")) is None
    assert learner.add(article(2, host="b.example")) == "b.example"
    assert "harbour.example" in learner.profiles()


def test_a_line_the_site_prints_among_the_storys_paragraphs_after_it_is_kept():
    # The same closing line ends every story, in the story's own element (a sibling of its
    # paragraphs): the story's. The widget, in a box of its own, still goes.
    line = "For updates on this story follow the Harbour Gazette on the social networks."
    pages = [article(n, last=line) for n in range(4)]
    assert all(line in t for t in texts(pages))
    profiles = cleaner.learn_sites((html, None) for html in pages)
    for t in texts(pages, sites=profiles):
        assert line in t and WIDGET not in t


def test_a_sidebar_list_of_links_that_changes_page_by_page_does_not_stretch_the_story():
    # After the story, a repeated "About me" box, then the archive's links: they differ
    # page by page (the latest posts), so they are page-own, but links are no story: the
    # story ends at its last own block of text, and the repeated box and all after it go.
    # The story's own linked title, next to its text, stays.
    from selectolax.lexbor import LexborHTMLParser

    from cleaner import blocks
    html = ("<body><div><h3><a href='/p/1'>Tide tables move online</a></h3>"
            "<p>The harbour office has published its tide tables on the web.</p>"
            "<p>Fishermen said the change would help them plan early departures.</p></div>"
            "<div><h2>About me</h2><p>I have written about the harbour for twenty years.</p>"
            "</div><ul><li><a href='/p/2'>Ferry timetable changes for winter</a></li>"
            "<li><a href='/p/3'>Lighthouse keeper retires</a></li></ul></body>")
    bl = blocks.build(LexborHTMLParser(html).body)
    text = [b.text for b in bl.blocks]
    repeated = {"About me", "I have written about the harbour for twenty years."}
    own = [t not in repeated for t in text]
    kept = sites._trim_repeated(bl, list(range(len(text))), own)
    assert [text[i] for i in kept] == text[:3]
    # A page whose own blocks are all links: its edges are those blocks, as before.
    own_links_only = [t not in repeated for t in text]
    own_links_only[1] = own_links_only[2] = False
    kept = sites._trim_repeated(bl, list(range(len(text))), own_links_only)
    assert [text[i] for i in kept] == text


def test_when_the_story_ends_in_the_comment_areas_guidelines_their_box_stays_whole():
    # The comment area's guidelines are the page's own (they vary, or name the post), so
    # the story ends there; the repeated rule line beside them in the area's box is the
    # same comment area, and the comment rules decide on all of it, not the profile.
    from selectolax.lexbor import LexborHTMLParser

    from cleaner import blocks
    html = ("<body><div><div><p>The harbour office has published its tide tables on the "
            "web for the first time.</p><p>Fishermen said the change would help them.</p>"
            "</div><div><div class='comments'><div>Guidelines: readers who comment on "
            "tide tables move online should keep to the subject and be civil.</div></div>"
            "<div>Comments may be no longer than 2000 characters.</div></div></div>"
            "<div><p>Harbour Gazette, Quay Street 1</p></div></body>")
    bl = blocks.build(LexborHTMLParser(html).body)
    text = [b.text for b in bl.blocks]
    rule = text.index("Comments may be no longer than 2000 characters.")
    guide = rule - 1
    own = [i < rule for i in range(len(text))]
    everything = list(range(len(text)))
    kept = sites._trim_repeated(bl, everything, own, lambda: [(guide, guide + 1)])
    assert [text[i] for i in kept] == text[:rule + 1]
    # Without a comment area there, the rule line after the story's end goes.
    kept = sites._trim_repeated(bl, everything, own, list)
    assert [text[i] for i in kept] == text[:rule]
