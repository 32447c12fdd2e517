"""lexicon.py: the keyword patterns catch what they name, in every listed language, and
leave ordinary body text alone."""

from __future__ import annotations

import re

import pytest

from cleaner import lexicon as lx

TAIL_LABELS = [
    # ko
    ("관련기사", "ko"), ("관련 뉴스", "ko"), ("많이 본 뉴스", "ko"), ("추천 기사", "ko"),
    ("이 시각 주요뉴스", "ko"), ("비즈N 탑기사", "ko"), ("오늘의 핫이슈", "ko"),
    ("기자의 다른 기사", "ko"),
    # ja
    ("関連記事", "ja"), ("あわせて読みたい", "ja"), ("こちらもおすすめ", "ja"), ("人気記事", "ja"),
    # zh
    ("相关阅读", "zh"), ("相关新闻", "zh"), ("热门推荐", "zh"), ("延伸阅读", "zh"), ("猜你喜欢", "zh"),
    ("相關新聞", "zh-Hant"),
    # de
    ("Lesen Sie auch", "de"), ("Mehr zum Thema", "de"), ("Das könnte Sie auch interessieren", "de"),
    # fr
    ("À lire aussi", "fr"), ("Sur le même sujet", "fr"),
    # es
    ("Te puede interesar", "es"), ("Noticias relacionadas", "es"),
    # pt
    ("Leia também", "pt"), ("Veja também", "pt"),
    # it
    ("Leggi anche", "it"),
    # ru
    ("Читайте также", "ru"), ("Похожие новости", "ru"),
    # ar
    ("اقرأ أيضا", "ar"),
    # en
    ("Related", "en"), ("Read more", "en"), ("More from", "en"), ("Recommended", "en"),
    ("Most popular", "en"), ("Trending", "en"), ("You may also like", "en"),
    ("Promoted stories", "en"), ("Sponsored", "en"), ("Top Posters In This Topic", "en"),
    # tr, pl, nl, vi
    ("İlgili haberler", "tr"), ("Czytaj także", "pl"), ("Lees ook", "nl"), ("Tin liên quan", "vi"),
    ("Çok okunanlar", "tr"), ("Przeczytaj także", "pl"), ("Meest gelezen", "nl"),
    ("Đọc thêm", "vi"), ("Читайте також", "uk"), ("Voir aussi", "fr"), ("Lee también", "es"),
    # id, hi, bn, ur, fa, th
    ("Baca juga", "id"), ("Berita terkait", "id"), ("यह भी पढ़ें", "hi"), ("আরও পড়ুন", "bn"),
    ("مزید پڑھیں", "ur"), ("مطالب مرتبط", "fa"), ("ข่าวที่เกี่ยวข้อง", "th"),
    # el (also in capitals, which drop the accents), cs, sk, sv, da, no, fi, hu, ro, he
    ("Διαβάστε επίσης", "el"), ("ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ", "el"), ("Čtěte také", "cs"),
    ("Súvisiace články", "sk"), ("Läs också", "sv"), ("Læs også", "da"), ("Les også", "no"),
    ("Lue myös", "fi"), ("Kapcsolódó cikkek", "hu"), ("Citește și", "ro"),
    ("כתבות נוספות", "he"),
    # Romanian in the cedilla letters; most read and a shop's similar products
    ("Citeşte şi", "ro"), ("Nejčtenější", "cs"), ("Πιο δημοφιλή", "el"), ("הכי נקראות", "he"),
    ("সর্বাধিক পঠিত", "bn"), ("এই বিভাগের আরও খবর", "bn"), ("Найпопулярніше", "uk"),
    ("Hasonló termékek", "hu"), ("Podobné produkty", "cs"), ("Produse similare", "ro"),
    ("Liknande produkter", "sv"), ("Produk terkait", "id"), ("สินค้าที่เกี่ยวข้อง", "th"),
]


@pytest.mark.parametrize("label, lang", TAIL_LABELS, ids=[f"{lang}:{label}" for label, lang in TAIL_LABELS])
def test_tail_heading_re_matches_the_label(label, lang):
    assert lx.TAIL_HEADING_RE.search(label.lower())


@pytest.mark.parametrize("label", ["RELATED ARTICLES", "read more", "LESEN SIE AUCH",
                                   "ЧИТАЙТЕ ТАКЖЕ", "À LIRE AUSSI"])
def test_tail_heading_re_ignores_case(label):
    assert lx.TAIL_HEADING_RE.search(label.lower())


@pytest.mark.parametrize("label", ["Related articles:", "관련기사 >", "More from Example News",
                                   "▶ 관련기사", "Lesen Sie auch:"])
def test_tail_heading_re_matches_labels_with_decoration(label):
    assert lx.TAIL_HEADING_RE.search(label.lower())


@pytest.mark.parametrize("text", [
    "Unrelated", "Scoreboard", "The councillors", "Background", "Reaction",
    "Die Stadt plant neue Parks", "市长发表讲话", "시장은 예산을 발표했다",
])
def test_tail_heading_re_does_not_match_ordinary_short_lines(text):
    assert not lx.TAIL_HEADING_RE.search(text.lower())


@pytest.mark.parametrize("text", [
    "홍길동 기자 hong@example.co.kr",
    "By Jane Doe",
    "Reporting by John Smith; Editing by Mary Jones",
    "Additional reporting by Ana Ruiz",
    "WASHINGTON (AP)",
    "(Reuters)",
    "(연합뉴스)",
    "新华社记者 张三",
    "責任編輯：王小明",
    "Von Anna Schmidt",
    "Par Jean Dupont",
    "Por María López",
    "Editor's note: names have been changed.",
    "Correction: an earlier version misstated the date.",
    "jane.doe@example.com",
    "서울=연합뉴스 김철수 특파원",
])
def test_byline_re_matches_bylines_and_credits(text):
    assert lx.BYLINE_RE.search(text)


@pytest.mark.parametrize("text", [
    "The city council met on Tuesday evening to discuss the new budget.",
    "Several residents spoke in favour of extending opening hours.",
    "The standby generator failed during the storm.",
    "Der Bürgermeister sagte, eine Entscheidung falle im nächsten Monat.",
    "Le maire a déclaré qu'une décision serait prise le mois prochain.",
    "시장은 다음 달에 최종 결정을 내리겠다고 말했다.",
    "市长表示将于下个月作出最终决定。",
    "The report, which was updated last week, runs to 200 pages.",
])
def test_byline_re_does_not_match_body_sentences(text):
    assert not lx.BYLINE_RE.search(text)


@pytest.mark.parametrize("text", [
    "Updated 12 May 2025",
    "Updates from our partners",
])
def test_byline_re_does_not_take_an_updated_timestamp_for_an_editors_note(text):
    assert not lx.BYLINE_RE.search(text)


@pytest.mark.parametrize("text", [
    "ⓒ 예시일보 무단전재 및 재배포 금지",
    "© 2025 Example. All rights reserved.",
    "Copyright 2025 Example Media",
    "(c) 2024 Example Inc.",
    "無断転載を禁じます",
    "版权所有 未经授权禁止转载",
    "Tous droits réservés",
    "Alle Rechte vorbehalten.",
    "Todos los derechos reservados.",
    "Все права защищены.",
    "جميع الحقوق محفوظة",
    "© 2025 Esempio S.p.A. Tutti i diritti riservati.",
    "Todos os direitos reservados.",
    "Wszelkie prawa zastrzeżone.",
    "Hak cipta dilindungi undang-undang.",
    "Всі права захищені.",
    "Minden jog fenntartva.",
    "כל הזכויות שמורות",
    "สงวนลิขสิทธิ์",
])
def test_copyright_re_matches_copyright_notices(text):
    assert lx.COPYRIGHT_RE.search(text.lower())


@pytest.mark.parametrize("text", [
    "The city council met on Tuesday evening to discuss the new budget.",
    "The ruling was a blow to the company's claims over its copyrighted images.",
    "Der Bürgermeister sagte, eine Entscheidung falle im nächsten Monat.",
    "시장은 다음 달에 최종 결정을 내리겠다고 말했다.",
    "He lived at 12 Main Street (c) and moved away.",
])
def test_copyright_re_does_not_match_body_sentences(text):
    assert not lx.COPYRIGHT_RE.search(text.lower())


@pytest.mark.parametrize("token", [
    "navbar", "breadcrumbs", "site-footer", "sidebar", "cookie-notice", "newsletter",
    "share-buttons", "social-links", "related-posts", "jp-relatedposts", "most-read",
    "taboola-below", "outbrain", "ad", "ads", "ad-slot", "top-ad", "ad_unit", "dfp-slot",
    "comments", "disqus_thread", "post-tags", "tag-cloud", "nav", "promo", "right-rail",
])
def test_boilerplate_attr_re_matches_boilerplate_tokens(token):
    assert lx.BOILERPLATE_ATTR_RE.search(token)


@pytest.mark.parametrize("token", [
    "header-lead", "shadow", "loaded", "adapted-text", "download", "canvas", "headline",
    "badge", "gradient", "article-body", "entry-content", "content", "story", "readability",
    "thread-title", "metadata-free", "paddle",
])
def test_boilerplate_attr_re_leaves_ordinary_tokens_alone(token):
    assert not lx.BOILERPLATE_ATTR_RE.search(token)


@pytest.mark.parametrize("text", ["It ended.", "Really?", "Wow!", "会议结束了。", "本当ですか？",
                                  "هل انتهى؟", "He said “no.”", "(See below.)"])
def test_sentence_end_matches_sentence_endings(text):
    assert lx.ends_sentence(text)


@pytest.mark.parametrize("text", ["Photo gallery", "12 May 2025", "Tags", "관련기사"])
def test_sentence_end_does_not_match_labels(text):
    assert not lx.ends_sentence(text)


# --- the _words helper ---------------------------------------------------------------------

@pytest.mark.parametrize("groups", [("a||b",), ("a|b|",), ("|a",), ("a|b", " "), ("a| |b",)])
def test_words_refuses_an_empty_entry(groups):
    with pytest.raises(ValueError):
        lx._words(*groups)


def test_words_matches_exactly_its_entries():
    pattern = re.compile(f"(?:{lx._words('read more|read|related', 'rail')})")
    for word in ("read more", "read", "related", "rail"):
        assert pattern.fullmatch(word)
    for word in ("rea", "rel", "reads", "trail", ""):
        assert not pattern.fullmatch(word)


def test_words_escapes_regex_metacharacters():
    pattern = re.compile(lx._words("a.b|c+d|editor's"))
    assert pattern.fullmatch("a.b")
    assert pattern.fullmatch("c+d")
    assert not pattern.fullmatch("axb")
    assert not pattern.fullmatch("ccd")


@pytest.mark.parametrize("text", [
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
    "Tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam.",
    "Stet clita kasd gubergren, no sea takimata sanctus est.",
    "Natus eaque totam provident obcaecati nisi praesentium iusto velit fuga debitis?",
])
def test_filler_latin_is_told_without_lorem_ipsum(text):
    assert lx.is_filler_latin(text)


@pytest.mark.parametrize("text", [
    "Sed in the city, the council met et cetera.",        # a few Latin words in English
    "Ut labore",                                          # too short to tell
    "In vino veritas, dixit Plinius, et in aqua sanitas.",  # Latin, not the filler's
    "",
])
def test_filler_latin_is_not_other_text(text):
    assert not lx.is_filler_latin(text)


@pytest.mark.parametrize("label", [
    "Advertisement", "Anzeige", "Iklan", "विज्ञापन", "โฆษณา", "تبلیغات", "Διαφήμιση",
    "Reklama", "Annons", "Advertentie", "Mainos", "Hirdetés", "פרסומת", "Quảng cáo",
])
def test_boilerplate_line_re_matches_ad_labels_in_many_languages(label):
    assert lx.BOILERPLATE_LINE_RE.match(label)


@pytest.mark.parametrize("text", [
    "Iklan ini ditolak oleh dewan kota setelah protes warga.",
    "Reklama w telewizji kosztuje coraz więcej, mówią eksperci.",
])
def test_boilerplate_line_re_does_not_take_a_sentence_that_starts_with_an_ad_word(text):
    assert not lx.BOILERPLATE_LINE_RE.match(text)


@pytest.mark.parametrize("label", [
    "Comments", "Share this", "Bagikan", "Komentar (3)", "Yorumlar", "Udostępnij",
    "Reacties", "Bình luận", "Σχόλια", "Komentáře", "Kommentarer", "Hozzászólások",
    "Коментарі", "نظرات", "תגובות", "ความคิดเห็น", "แชร์", "মন্তব্য", "टिप्पणियां",
])
def test_tail_box_re_matches_closing_box_labels_in_many_languages(label):
    # Thai and Devanagari words end in combining marks, after which \b never matches.
    assert lx.TAIL_BOX_RE.match(label)


@pytest.mark.parametrize("text", ["Commentary on the budget", "Tagsüber geöffnet",
                                  "Deleniti atque corrupti"])
def test_tail_box_re_wants_the_whole_word(text):
    assert not lx.TAIL_BOX_RE.match(text)


@pytest.mark.parametrize("line", [
    "Create an account or sign in to comment", "You need to be a member in order to leave a comment",
    "Already have an account? Sign in here.", "Subscribe to our newsletter", "Berlangganan sekarang", "Abone ol", "Zapisz się",
    "Prenumerera på nyhetsbrevet", "Feliratkozás", "Підпишіться на розсилку", "สมัครสมาชิก",
    "सदस्यता लें",
])
def test_cta_re_matches_calls_to_subscribe_in_many_languages(line):
    assert lx.CTA_RE.match(line)


@pytest.mark.parametrize("text", [
    "Penulis: Ahmad Fauzi | Editor: Dewi Lestari",
    "Autor: Jan Novotný",
    "Författare: Erik Holmberg",
    "Szerző: Kovács Anna",
    "Автор: Олена Коваль",
    "लेखक: राकेश शर्मा",
    "نویسنده: مریم احمدی",
    "יוסי אברהם, כתב חדשות הגליל",
    "মাহমুদুল হাসান, খুলনা প্রতিনিধি",
])
def test_byline_re_matches_writer_labels_in_more_languages(text):
    assert lx.BYLINE_RE.search(text)


@pytest.mark.parametrize("text", [
    "Autorul cărții a fost premiat anul trecut.",
    "Editorial boards rarely agree on anything.",
    "הוא כתב ספר על תולדות העיר.",
])
def test_byline_re_wants_the_label_not_the_word(text):
    assert not lx.BYLINE_RE.search(text)


@pytest.mark.parametrize("label", [
    "Vásárlói vélemények", "Vélemények (23)", "Recenze", "Recensioner", "Відгуки",
    "Lasă un răspuns", "Tinggalkan Balasan", "Napsat komentář", "Lämna ett svar",
    "Αφήστε μια απάντηση", "כתיבת תגובה", "ใส่ความเห็น", "মন্তব্য করুন",
])
def test_tail_box_re_matches_reviews_and_comment_forms(label):
    assert lx.TAIL_BOX_RE.match(label)


@pytest.mark.parametrize("line", [
    "Iratkozzon fel hírlevelünkre, és értesüljön elsőként az akciókról!",
    "Přihlaste se k odběru novinek", "Abonaţi-vă la newsletter", "Abonați-vă la newsletter",
    "Daftar sekarang", "Registrera dig för vårt nyhetsbrev", "Підписатися на розсилку",
])
def test_cta_re_matches_more_calls_to_subscribe(line):
    assert lx.CTA_RE.match(line)


@pytest.mark.parametrize("text", [
    "© 2024 Ειδήσεις Κρήτης. Με επιφύλαξη παντός δικαιώματος.",
    "স্বত্ব © ২০২৫ দেশবার্তা | সর্বস্বত্ব সংরক্ষিত",
    "Všetky práva vyhradené.",
])
def test_copyright_re_matches_notices_in_more_languages(text):
    assert lx.COPYRIGHT_RE.search(text.lower())


@pytest.mark.parametrize("text", [
    "یہ منصوبہ اگلے سال مکمل ہو گا۔",                 # Urdu full stop
    "គម្រោងនេះនឹងបញ្ចប់នៅឆ្នាំក្រោយ។",                  # Khmer khan
    "စီမံကိန်းသည် လာမည့်နှစ်တွင် ပြီးစီးမည်။",           # Myanmar section mark
    # Thai: no mark at all, the paragraph's end is the sentence's
    "ระยะเวลาเดินทางจากขอนแก่นไปกรุงเทพฯ ด้วยขบวนรถด่วนลดลงประมาณหนึ่งชั่วโมง และในอนาคตจะเพิ่มจำนวนขบวนรถในช่วงเทศกาล",
])
def test_ends_sentence_in_scripts_with_their_own_marks_or_none(text):
    assert lx.ends_sentence(text)


def test_a_short_thai_line_is_a_headline_not_a_sentence():
    assert not lx.ends_sentence("ฝนตกหนักหลายอำเภอ น้ำท่วมถนนสายหลัก")
