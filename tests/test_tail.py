"""tail.py, through clean(): what follows the body (related boxes, copyright lines) is cut,
what belongs to it (bylines, credits, a short last sentence) is kept."""

from __future__ import annotations

import pytest
from conftest import PROSE, page, paragraphs

from cleaner import Options, clean

BODIES = {
    "en": PROSE,
    "ko": (
        "서울시의회는 화요일 저녁 공공 도서관과 공원의 새 예산을 논의하기 위해 본회의를 열고 여러 시간 동안 토론을 이어 갔다. 이날 회의에는 시민 백여 명이 방청했다.",
        "여러 주민들은 주말마다 도서관 앞에 긴 줄이 생긴다며 운영 시간을 늘려 달라고 요구했고, 일부 의원들도 이에 공감한다는 뜻을 밝혔다. 논의는 자정 가까이 이어졌다.",
        "시장은 지출 계획을 다시 검토한 뒤 다음 달 안에 최종 결정을 내리겠다고 말했으며, 외곽 지역의 의견도 충분히 듣겠다고 덧붙였다. 결정은 다음 달 발표된다.",
    ),
    "ja": (
        "市議会は火曜日の夜、公共図書館と公園の新しい予算について話し合うために会合を開き、数時間にわたって議論を続けた。会場には百人を超える市民が詰めかけ、発言を求める人も多かった。",
        "多くの住民が週末になると図書館の前に長い行列ができると訴え、開館時間の延長を求めた。一部の議員もこれに賛成する考えを示し、議論は深夜近くまで続いた。市は検討を約束した。",
        "市長は支出計画を見直した上で、来月中に最終的な決定を下すと述べ、郊外の地域の声にも十分に耳を傾けると付け加えた。批判的な人々は提案が不十分だと主張している。",
    ),
    "zh": (
        "市议会周二晚上召开会议，讨论公共图书馆和公园的新预算，会议持续了好几个小时。现场有一百多名市民旁听，许多人要求发言，表达了对图书馆开放时间的关切和期待。",
        "许多居民表示，每到周末图书馆门口都会排起长队，因此要求延长开放时间。部分议员也表示赞同，讨论一直持续到深夜。市政府承诺将认真研究居民提出的各项意见和建议。",
        "市长表示，在重新审查支出计划之后，将于下个月作出最终决定，并会充分听取偏远地区居民的意见。批评者则认为，这项提议仍然忽视了没有图书馆的偏远地区的实际需要。",
    ),
    "id": (
        "Dewan kota bertemu pada Selasa malam untuk membahas anggaran baru bagi perpustakaan umum dan taman kota.",
        "Beberapa warga meminta jam buka yang lebih panjang karena antrean panjang setiap akhir pekan di depan pintu.",
        "Wali kota mengatakan keputusan akhir akan diambil bulan depan setelah rencana belanja ditinjau kembali.",
    ),
    "hi": (
        "नगर परिषद ने मंगलवार की शाम सार्वजनिक पुस्तकालयों और पार्कों के नए बजट पर चर्चा करने के लिए बैठक की।",
        "कई निवासियों ने सप्ताहांत पर लंबी कतारों का हवाला देते हुए पुस्तकालय को देर तक खुला रखने की मांग की।",
        "महापौर ने कहा कि खर्च की योजनाओं की समीक्षा के बाद अगले महीने अंतिम निर्णय लिया जाएगा।",
    ),
    "de": (
        "Der Stadtrat kam am Dienstagabend zusammen, um über den neuen Haushalt für die öffentlichen Bibliotheken und Parks zu beraten.",
        "Mehrere Anwohner sprachen sich für längere Öffnungszeiten aus und verwiesen auf die langen Schlangen am Wochenende vor den Türen.",
        "Der Bürgermeister sagte, eine endgültige Entscheidung werde im nächsten Monat nach einer Prüfung der Ausgabenpläne getroffen.",
    ),
}

# Headlines of other stories: long enough to pass for prose on their own, and unlinked, so
# only the tail trimming (not link density) can remove them.
HEADLINES = (
    "Parks department unveils plan for three hundred new benches this summer",
    "Teenagers sign up for library cards in record numbers across the region",
    "Local bakery wins national award for its sourdough and rye loaves again",
)


def article(*parts: str) -> str:
    return page("<article>" + "".join(parts) + "</article>")


def headline_list(items=HEADLINES) -> str:
    return "<ul>" + "".join(f"<li>{h}</li>" for h in items) + "</ul>"


@pytest.mark.parametrize("label, lang", [
    ("Related articles", "en"),
    ("관련기사", "ko"),
    ("関連記事", "ja"),
    ("相关阅读", "zh"),
    ("Lesen Sie auch", "de"),
    ("Baca juga", "id"),
    ("यह भी पढ़ें", "hi"),
])
def test_tail_label_after_the_body_cuts_the_list_that_follows(label, lang):
    body = BODIES[lang]
    text = clean(article(paragraphs(body), f"<h2>{label}</h2>", headline_list())).text
    for p in body:
        assert p in text
    assert label not in text
    for h in HEADLINES:
        assert h not in text


def test_without_a_tail_label_the_same_list_would_be_kept():
    # The list is content-like on its own: it is the label that makes it a tail.
    text = clean(article(paragraphs(), "<h2>Related articles</h2>", headline_list()),
                 options=Options(trim_tail=False)).text
    assert HEADLINES[0] in text


def test_tail_label_in_a_div_or_paragraph_also_cuts():
    text = clean(article(paragraphs(), "<div class='box-title'>You may also like</div>",
                         headline_list())).text
    assert text == "\n\n".join(PROSE)


def test_body_resumes_after_a_mid_body_read_also_box():
    # Every paragraph here is a full sentence of more than 90 characters.
    html = article(paragraphs(PROSE[:2]), "<div class='inline-box'><p>Read also</p></div>",
                   "<ul><li>Parks get new benches</li><li>Library cards rise</li></ul>",
                   paragraphs(PROSE[2:]))
    text = clean(html).text
    for p in PROSE:
        assert p in text
    assert "Read also" not in text
    assert "Parks get new benches" not in text


def test_a_section_heading_about_copyright_does_not_end_the_body():
    guide = page("<main>" + paragraphs(PROSE[:3]) + "<h2>Copyright</h2>"
                 + paragraphs(PROSE[3:]) + "</main>")
    assert clean(guide).text == "\n\n".join(PROSE[:3] + ("Copyright",) + PROSE[3:])


def test_a_mark_glued_to_a_name_is_no_copyright_line():
    # "CostIt©" marks a product's name, as "®" would: the list goes on after it.
    lines = ["Our toolkit for small charities includes:", ("• a costing tool CostIt© to calculate "
             "the full cost of each service"), *PROSE]
    text = clean(page("<main>" + paragraphs(PROSE) + paragraphs(lines) + "</main>")).text
    assert text.endswith(PROSE[-1]) and "CostIt©" in text


@pytest.mark.parametrize("notice", [
    "ⓒ 예시일보 무단전재 및 재배포 금지",
    "© 2025 Example. All rights reserved.",
    "Copyright 2025 Example Media Group",
])
def test_copyright_line_and_everything_after_it_are_dropped(notice):
    after = "Subscribe to our newsletter to get the latest stories delivered to your inbox."
    text = clean(article(paragraphs(), f"<p>{notice}</p>", f"<p>{after}</p>")).text
    assert text == "\n\n".join(PROSE)


def test_korean_copyright_line_ends_a_korean_article():
    body = BODIES["ko"]
    html = article(paragraphs(body), "<p>ⓒ 예시일보 무단전재 및 재배포 금지</p>",
                   "<p>이 기사를 추천합니다 다른 지역 소식도 함께 확인하시기 바랍니다 오늘의 날씨와 교통 정보를 전해 드립니다.</p>")
    assert clean(html).text == "\n\n".join(body)


def test_a_body_sentence_mentioning_copyright_does_not_end_the_body():
    sentence = "The court rejected the publisher's claim over its copyrighted photographs."
    text = clean(article(paragraphs(PROSE[:3]), f"<p>{sentence}</p>", paragraphs(PROSE[3:]))).text
    assert text == "\n\n".join([*PROSE[:3], sentence, PROSE[3]])


def test_reporter_byline_with_email_at_the_end_is_kept():
    body = BODIES["ko"]
    byline = "홍길동 기자 hong@example.co.kr"
    text = clean(article(paragraphs(body), f"<p>{byline}</p>")).text
    assert text.endswith(byline)
    for p in body:
        assert p in text


def test_byline_is_kept_but_what_follows_it_is_cut():
    body = BODIES["ko"]
    html = article(paragraphs(body), "<p>홍길동 기자 hong@example.co.kr</p>",
                   "<p>많이 본 뉴스</p><p>구독하기</p>")
    assert clean(html).text.endswith("홍길동 기자 hong@example.co.kr")


@pytest.mark.parametrize("credit", ["(AP)", "(Reuters)", "(연합뉴스)"])
def test_agency_credit_at_the_end_is_kept(credit):
    text = clean(article(paragraphs(), f"<p>{credit}</p>")).text
    assert text.endswith("\n\n" + credit)


def test_english_byline_at_the_end_is_kept():
    text = clean(article(paragraphs(), "<p>By Jane Doe</p>")).text
    assert text.endswith("By Jane Doe")


def test_short_last_sentence_is_kept():
    last = "No one was hurt."
    text = clean(article(paragraphs(), f"<p>{last}</p>")).text
    assert text == "\n\n".join(PROSE) + "\n\n" + last


def test_body_resumes_at_a_long_paragraph_after_a_mid_body_box():
    longer = ("After the break, the finance committee presented three alternative versions of "
              "the plan, each with a different balance between libraries and parks.")
    html = article(paragraphs(PROSE), "<div class='inline-box'><p>Read also</p></div>",
                   "<ul><li>Parks get new benches</li><li>Library cards rise</li></ul>",
                   f"<p>{longer}</p>")
    assert clean(html).text == "\n\n".join([*PROSE, longer])


def test_a_summary_in_a_stream_of_teasers_does_not_resume_the_body():
    # Some teasers' summaries after the label end like sentences: they stand in list
    # items, a stream of other stories, not the body going on.
    stream = "".join(
        f"<li><h3>{h}</h3><div><p>{h}, and the council said the work would take most of "
        "the coming year to finish.</p></div></li>" for h in HEADLINES)
    html = article(paragraphs(PROSE), "<h2>Recommended for you</h2>", f"<ul>{stream}</ul>")
    assert clean(html).text == "\n\n".join(PROSE)


def test_stray_short_lines_after_the_last_paragraph_are_dropped():
    text = clean(article(paragraphs(), "<p>Photo gallery</p><p>Tags</p><p>12 May 2025</p>")).text
    assert text == "\n\n".join(PROSE)


def test_an_updated_timestamp_at_the_end_is_a_stray_date_not_an_editors_note():
    text = clean(article(paragraphs(), "<p>Photo gallery</p><p>Updated 12 May 2025</p>")).text
    assert text == "\n\n".join(PROSE)


def test_an_update_note_at_the_end_is_kept():
    note = "Update: this story was corrected to show the meeting took place on Tuesday"
    text = clean(article(paragraphs(), f"<p>{note}</p>")).text
    assert text.endswith(note)


def test_a_related_label_early_in_the_page_does_not_cut_the_body():
    # Fewer than a fifth of the body precedes it: it is a kicker, not a tail.
    text = clean(article("<p>Related</p>", paragraphs())).text
    for p in PROSE:
        assert p in text


def test_a_long_sentence_mentioning_related_is_prose_not_a_label():
    sentence = ("Officials said the two incidents were related and that a joint inquiry "
                "would begin on Monday.")
    text = clean(article(paragraphs(PROSE[:2]), f"<p>{sentence}</p>",
                         paragraphs(PROSE[2:]))).text
    assert text == "\n\n".join([*PROSE[:2], sentence, *PROSE[2:]])


def test_trim_tail_false_keeps_the_copyright_line():
    notice = "© 2025 Example. All rights reserved."
    text = clean(article(paragraphs(), f"<p>{notice}</p>"), options=Options(trim_tail=False)).text
    assert notice in text


def test_c_literal_matchers_give_the_regexes_answers():
    """tail's C prefilters (disclosure words, copyright anchors) against the lexicon's
    regexes over every line of the corpus and the keywords themselves."""
    from pathlib import Path

    from selectolax.lexbor import LexborHTMLParser

    from cleaner import lexicon as lx
    from cleaner import tail
    assert tail._DISCLOSURE is not None and tail._COPYRIGHT_ANCHORS is not None
    lines = []
    for path in sorted((Path(__file__).parent.parent / "corpus").glob("*.html")):
        body = LexborHTMLParser(path.read_bytes()).body
        lines += [x.lower() for x in body.text(separator="\n").split("\n") if x.strip()]
    made = [w for w in lx.COPYRIGHT_ANCHORS + lx.DISCLOSURE_WORDS]
    made += [f"x {w} y" for w in made] + [w[:-1] for w in made]
    made += ["(c) 2024 acme", "(c)2024", "(c) acme", "copyrighted work", "무단 전재", "재배포  금지"]
    texts = lines + made
    assert len(texts) > 2000
    assert [x for x in texts if tail._has_disclosure(x) != bool(lx.DISCLOSURE_RE.search(x))] == []
    assert [x for x in texts if tail._has_copyright(x) != bool(lx.COPYRIGHT_RE.search(x))] == []


def test_forum_member_labels_standing_alone_are_dropped():
    # XenForo-style member details: each label in a block of its own, its value in the next
    def post(n: int, body: str) -> str:
        return (f"<div class='message'><div class='user'><h4>member{n}</h4><dl><dt>Joined</dt>"
                f"<dd>Jun 29, 2016</dd><dt>Messages</dt><dd>11</dd><dt>Reaction score</dt>"
                f"<dd>10</dd></dl></div><div class='body'><p>{body}</p></div></div>")
    text = clean(page("<main>" + "".join(post(n, p) for n, p in enumerate(PROSE)) + "</main>")).text
    lines = text.split("\n")
    assert all(p in text for p in PROSE)
    assert not {"Joined", "Messages", "Reaction score"} & set(lines)


@pytest.mark.parametrize("line", ["Sort by: Newest", "Sorted by:", "Filter & Sort", "Filters",
                                  "In stock", "Out of stock", "No products in the cart.",
                                  "3 Likes", "1 reply", "Senior Member", "Original Poster",
                                  "Free shipping", "Verified Buyer", "Open in app"])
def test_shop_and_thread_status_lines_are_dropped(line):
    # Controls, stock notes, counters and member ranks among the items or the posts.
    text = clean(page("<main>" + "".join(f"<p>{p}</p><div>{line}</div>" for p in PROSE)
                      + "</main>")).text
    assert all(p in text for p in PROSE)
    assert line not in text.split("\n")


@pytest.mark.parametrize("notice", [
    "You need to enable JavaScript to run this app.",
    ("JavaScript is disabled. For a better experience, please enable JavaScript in your "
    "browser before proceeding."),
    "This slideshow requires JavaScript.",
    "Please download a browser that supports JavaScript, or enable it if it's disabled."])
def test_a_notice_that_the_page_needs_javascript_is_dropped(notice):
    text = clean(page("<main>" + paragraphs(PROSE[:2]) + f"<p>{notice}</p>"
                      + paragraphs(PROSE[2:]) + "</main>")).text
    assert text == "\n\n".join(PROSE)


@pytest.mark.parametrize("line", ["Hooks are JavaScript functions, but they impose two rules.",
                                  ("Basic workflows require no coding, but having JavaScript "
                                  "or API knowledge helps."),
                                  ("Anubis requires the use of modern JavaScript features that "
                                  "plugins will disable.")])
def test_sentences_about_javascript_are_no_notice(line):
    from cleaner import tail
    assert not tail._noscript_notice(line)


@pytest.mark.parametrize("line", ["Sold out", "Sorting a list", "Reply", "Member of the board"])
def test_lines_that_only_begin_like_status_lines_stay(line):
    from cleaner import lexicon as lx
    assert not lx.BOILERPLATE_LINE_RE.match(line)


# ---- a page's items after a short introduction are not stray lines (tail.trim_end)

INTRO = ("Our shop offers the best selection of shoes for your rental, and socks come free "
         "with every pair.")
ITEMS = [("Classic Black Tie", "$30.00"), ("Black Miami Slip On", "$30.00"),
         ("Saddle Brown Monaco", "$35.00"), ("Matte Black Monaco", "$35.00"),
         ("Saddle Brown Burnt Toe", "$40.00"), ("Black Rockefeller", "$40.00")]


def _grid(wrapper: str = "div") -> str:
    cells = "".join(f"<div><div>{name}</div><div>Rental price {price}</div></div>"
                    for name, price in ITEMS)
    return f"<{wrapper} class='grid'>{cells}</{wrapper}>"


def _trim_end_all(html: str) -> list[str]:
    from conftest import walk

    from cleaner import tail
    bl = walk(html)
    return [bl.blocks[i].text for i in tail.trim_end(bl, list(range(len(bl.blocks))))]


def test_items_after_a_short_introduction_are_kept():
    kept = _trim_end_all(page(f"<main><p>{INTRO}</p>{_grid()}</main>"))
    assert kept[0] == INTRO
    for name, price in ITEMS:
        assert name in kept and f"Rental price {price}" in kept


def test_a_stray_line_after_the_items_still_goes():
    kept = _trim_end_all(page(f"<main><p>{INTRO}</p>{_grid()}<div>Our promise</div></main>"))
    assert "Black Rockefeller" in kept
    assert "Our promise" not in kept


def test_a_few_short_lines_after_a_paragraph_are_still_stray():
    # fewer lines than a list of items, and less text than the paragraph above them
    kept = _trim_end_all(page(f"<main><p>{INTRO}</p><p>Photo gallery</p><p>Tags</p></main>"))
    assert kept == [INTRO]


def test_short_lines_in_a_form_after_the_paragraph_are_not_items():
    form = "<form>" + "".join(f"<div>{label}*</div>" for label in (
        "First name", "Last name", "Email address", "Company name", "Phone number",
        "Number of employees", "Industry")) + "</form>"
    kept = _trim_end_all(page(f"<main><p>{INTRO}</p>{form}</main>"))
    assert kept == [INTRO]


# ---- status lines of listing and forum software (lexicon.STATUS_LINE_RE)

@pytest.mark.parametrize("line", [
    "Showing 1–24 of 291 results", "Showing 24 of 291 results", "Showing 36 of 84",
    "Not open for further replies.",
])
def test_status_lines_around_the_items_are_dropped(line):
    text = clean(article(paragraphs(), f"<p>{line}</p>", paragraphs(PROSE[:2]))).text
    assert line not in text
    assert text.startswith(PROSE[0])


def test_a_bare_result_count_is_kept():
    text = clean(article("<p>291 results</p>", paragraphs())).text
    assert "291 results" in text


MORE = (
    ("The library board will publish the revised opening hours online once the council's "
     "vote is final, together with the budget for each branch."),
    ("Residents can comment on the plan at two public hearings scheduled for the coming "
     "weeks in the town hall and in the northern district's community centre."),
)


EARLIER = ("A first draft of the plan had proposed closing two branches on Mondays, an idea "
           "the council dropped after complaints.")


def test_a_photo_credit_mid_story_does_not_end_the_body():
    # A "©" credit under a picture looks like a copyright line, but half the story's
    # paragraphs still follow it.
    credit = "Harbour at dawn | © 2024 Jane Doe"
    html = article(paragraphs((*PROSE, EARLIER)), f"<p>{credit}</p>", paragraphs(MORE))
    text = clean(html).text
    for p in (*PROSE, EARLIER, *MORE):
        assert p in text


def test_a_question_about_the_author_mid_story_does_not_end_the_body():
    question = "Who is the author? What else has she written, and for whom?"
    html = article(paragraphs((*PROSE, EARLIER)), f"<p>{question}</p>", paragraphs(MORE))
    text = clean(html).text
    for p in (*PROSE, EARLIER, *MORE):
        assert p in text


def test_a_label_like_heading_over_a_section_of_the_story_is_kept():
    # "Recommended ..." opens a wrapper holding a good share of the story's paragraphs:
    # a section of the story, not a "recommended" box.
    html = article(paragraphs(PROSE), "<section><h2>Recommended reading habits</h2>",
                   paragraphs(MORE), "</section><p>Tags</p>")
    text = clean(html).text
    for p in (*PROSE, *MORE):
        assert p in text


def test_a_copyright_line_still_ends_the_body_before_a_little_prose():
    after = ("Our newsroom also publishes a weekly digest of the region's most-read stories "
             "for members.")
    html = article(paragraphs((*PROSE, *MORE)), "<p>© 2025 Example. All rights reserved.</p>",
                   f"<p>{after}</p>")
    assert clean(html).text == "\n\n".join((*PROSE, *MORE))


def test_a_label_over_a_box_of_headlines_in_a_wrapper_still_cuts_it():
    html = article(paragraphs(), "<section><h2>Recommended</h2>", headline_list(),
                   "</section><p>Tags</p>")
    assert clean(html).text == "\n\n".join(PROSE)


def test_tail_labels_are_found_through_the_literal_test_as_by_the_regex():
    # _is_label tests TAIL_HEADING_RE's words in C first: the same answers as the regex
    # alone, on the words themselves, on longer lines and on near misses.
    from cleaner import lexicon as lx
    from cleaner import tail
    assert tail._HEADING_WORDS is not None or tail.literals(["ab"]) is None
    words = lx.WORDS_OF[next(p for p in lx.WORDS_OF
                             if lx.TAIL_HEADING_RE.pattern.endswith("(?:" + p + ")"))]
    lines = list(words) + [w.title() for w in words] + [f"More: {w}!" for w in words]
    lines += ["Unrelated", "relatedness", "Comments (3)", "Share this", "Weather", "İlgili"]
    for line in lines:
        expected = len(line) <= lx.TAIL_HEADING_MAX_CHARS and (
            lx.TAIL_HEADING_RE.search(line.lower()) is not None
            or lx.TAIL_BOX_RE.match(line) is not None)
        assert tail._is_label(line, len(line)) == expected, line


STANDFIRST = "The library budget grows by a tenth, and the branches stay open until nine."


@pytest.mark.parametrize("dateline", [
    "Published 14 March 2025, 06:00",
    "Jane Doe Publicerad 14 mars 2025 kl. 06.00",
    "राकेश शर्मा अपडेटेड: 21 अगस्त 2025, 09:40 AM IST",
])
def test_a_dateline_under_a_standfirst_that_ends_like_a_sentence_is_dropped(dateline):
    html = article(f"<h1>Libraries stay open later</h1><p>{STANDFIRST}</p>",
                   f"<div>{dateline}</div>", paragraphs())
    assert clean(html).text == "\n\n".join((STANDFIRST,) + PROSE)


def test_a_line_naming_a_year_under_the_first_sentence_is_the_storys():
    # No word says it is the publication date: a byline the story keeps, a subheading.
    line = "by Jane Doe on November 12, 2012"
    html = article(f"<p>{STANDFIRST}</p>", f"<p>{line}</p>", paragraphs())
    assert clean(html).text == "\n\n".join((STANDFIRST, line) + PROSE)


THAI = (
    "การรถไฟเปิดให้บริการสถานีแห่งใหม่อย่างเป็นทางการเมื่อวันจันทร์ที่ผ่านมา หลังโครงการรถไฟทางคู่ก่อสร้างแล้วเสร็จ ทำให้ขบวนรถวิ่งสวนกันได้โดยไม่ต้องจอดรอ",
    "นายสถานีกล่าวว่า ระยะเวลาเดินทางเข้ากรุงเทพฯ ด้วยขบวนรถด่วนลดลงประมาณหนึ่งชั่วโมง และในอนาคตจะเพิ่มจำนวนขบวนรถในช่วงเทศกาลเพื่อรองรับผู้โดยสาร",
    "อาคารสถานีหลังใหม่เป็นอาคารยกระดับสองชั้น ชั้นล่างเป็นพื้นที่จำหน่ายตั๋วและร้านค้า ส่วนชั้นบนเป็นชานชาลา มีลิฟต์และบันไดเลื่อนสำหรับผู้สูงอายุ",
    "ผู้โดยสารหลายคนที่มาใช้บริการในวันแรกต่างชื่นชมว่าสถานีสะอาดและกว้างขวาง แต่บางส่วนยังสับสนเรื่องทางเข้าออก เนื่องจากป้ายบอกทางยังติดตั้งไม่ครบ",
)


def test_a_thai_body_resumes_after_a_mid_body_box_though_no_mark_ends_its_sentences():
    box = "<p>ข่าวที่เกี่ยวข้อง</p>" + "".join(f"<p>{h}</p>" for h in HEADLINES[:2])
    html = page("<article><h1>สถานีใหม่</h1>" + paragraphs(THAI[:2]) + box
                + paragraphs(THAI[2:]) + "</article>")
    assert clean(html).text == "\n\n".join(THAI)


def test_a_label_among_the_paragraphs_of_a_body_div_skips_only_its_links():
    # The body's own <div> holds the label: that <div> is not the label's box, so the
    # label goes with the headlines after it and the story resumes.
    box = "<p><strong>Related articles</strong></p>" + "".join(
        f"<p>{h}</p>" for h in HEADLINES[:2])
    html = page("<div class='story'><h1>Libraries</h1><div class='body'>"
                + paragraphs(PROSE[:2]) + box + paragraphs(PROSE[2:])
                + "</div><p>Photo: City archive, 2024</p></div>")
    assert clean(html).text == "\n\n".join(PROSE)
