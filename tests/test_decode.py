"""decode.py: bytes in any common encoding reach the parser as the right characters."""

from __future__ import annotations

import codecs
import random

import pytest

from cleaner import clean
from cleaner.decode import decode, looks_binary, normalise_label

# Each story is several sentences in its own script, long enough for a detector to be sure.
KOREAN = ("서울시는 화요일 저녁 도서관 예산을 논의하기 위해 시의회를 열었다. "
          "여러 주민들이 주말에 긴 줄을 이유로 운영 시간 연장을 지지했다. "
          "시장은 지출 계획을 검토한 뒤 다음 달에 최종 결정을 내리겠다고 말했다. "
          "비판자들은 이 제안이 도서관이 전혀 없는 외곽 지역의 요구를 무시했다고 주장했다.")
JAPANESE = ("市議会は火曜日の夜、公共図書館と公園の新しい予算について話し合うために会合を開いた。"
            "多くの住民が週末の長い行列を理由に開館時間の延長を支持した。"
            "市長は支出計画を見直した上で、来月に最終的な決定を下すと述べた。"
            "批判的な人々は、この提案が図書館のない郊外の地域の必要を無視していると主張した。")
CHINESE = ("市议会周二晚上召开会议，讨论公共图书馆和公园的新预算。"
           "许多居民以周末排长队为由，支持延长开放时间。"
           "市长表示，在审查支出计划之后，将于下个月作出最终决定。"
           "批评者认为，这项提议忽视了没有图书馆的偏远地区的需要。")
RUSSIAN = ("Городской совет собрался во вторник вечером, чтобы обсудить новый бюджет библиотек. "
           "Многие жители поддержали продление часов работы, ссылаясь на длинные очереди. "
           "Мэр заявил, что окончательное решение будет принято в следующем месяце. "
           "Критики утверждают, что предложение игнорирует нужды отдалённых районов.")
FRENCH = ("Le conseil municipal s'est réuni mardi soir pour débattre du budget des bibliothèques. "
          "Plusieurs habitants ont soutenu l'élargissement des horaires d'ouverture le week-end. "
          "Le maire a déclaré qu'une décision définitive serait prise le mois prochain, après étude. "
          "Les critiques estiment que la proposition néglige les quartiers éloignés du centre-ville.")

LEGACY = [
    pytest.param(KOREAN, "cp949", "euc-kr", id="korean-cp949"),
    pytest.param(JAPANESE, "shift_jis", "shift_jis", id="japanese-shift_jis"),
    pytest.param(CHINESE, "gb18030", "gb2312", id="chinese-gb18030"),
    pytest.param(RUSSIAN, "windows-1251", "windows-1251", id="russian-windows-1251"),
    pytest.param(FRENCH, "iso-8859-1", "iso-8859-1", id="french-iso-8859-1"),
]


def html_bytes(story: str, codec: str, head: str = "") -> bytes:
    return (f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body>"
            f"<article><p>{story}</p></article></body></html>").encode(codec)


def as_utf8(doc) -> str:
    return doc.data.decode("utf-8") if isinstance(doc.data, bytes) else doc.data


@pytest.mark.parametrize("story, codec, label", LEGACY)
def test_legacy_page_with_meta_charset_decodes_to_its_text(story, codec, label):
    raw = html_bytes(story, codec, f'<meta charset="{label}">')
    assert story in clean(raw).text


@pytest.mark.parametrize("story, codec, label", LEGACY)
def test_legacy_page_with_http_equiv_declaration_decodes_to_its_text(story, codec, label):
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'
    raw = html_bytes(story, codec, head)
    assert story in as_utf8(decode(raw))


@pytest.mark.parametrize("story, codec, label", LEGACY)
def test_legacy_page_without_declaration_is_detected(story, codec, label):
    raw = html_bytes(story, codec)
    assert story in clean(raw).text


def test_xml_declaration_names_the_encoding():
    raw = (b'<?xml version="1.0" encoding="windows-1251"?>'
           + html_bytes(RUSSIAN, "windows-1251"))
    assert RUSSIAN in as_utf8(decode(raw))


def test_declared_encoding_is_reported_on_the_article():
    raw = html_bytes(RUSSIAN, "windows-1251", '<meta charset="windows-1251">')
    assert codecs.lookup(clean(raw).encoding).name == "cp1251"


@pytest.mark.parametrize("bom, codec", [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_byte_order_mark_decides_the_encoding(bom, codec):
    raw = bom + html_bytes(FRENCH, codec)
    assert FRENCH in clean(raw).text


def test_byte_order_mark_is_not_part_of_the_text():
    raw = codecs.BOM_UTF8 + html_bytes(FRENCH, "utf-8")
    assert "\ufeff" not in clean(raw).text


def test_byte_order_mark_beats_a_contradicting_meta():
    raw = codecs.BOM_UTF16_LE + html_bytes(KOREAN, "utf-16-le", '<meta charset="iso-8859-1">')
    assert KOREAN in clean(raw).text


def test_caller_encoding_wins_over_the_meta_declaration():
    # The page claims windows-1251 but the HTTP header (the caller) says koi8-r, and it is.
    raw = html_bytes(RUSSIAN, "koi8-r", '<meta charset="windows-1251">')
    assert RUSSIAN in clean(raw, encoding="koi8-r").text


def test_caller_encoding_that_cannot_read_the_bytes_is_ignored():
    raw = html_bytes(KOREAN, "utf-8")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("cp1252")  # what browsers (and cleaner) read "us-ascii" as
    assert KOREAN in clean(raw, encoding="us-ascii").text


def test_unknown_caller_encoding_is_ignored():
    raw = html_bytes(KOREAN, "utf-8")
    assert KOREAN in clean(raw, encoding="no-such-charset").text


def test_meta_claiming_latin1_over_valid_utf8_is_read_as_utf8():
    raw = html_bytes(FRENCH, "utf-8", '<meta charset="iso-8859-1">')
    article = clean(raw)
    assert FRENCH in article.text
    assert "Ã©" not in article.text  # the mojibake of "é" read as latin-1


def test_euc_kr_label_decodes_cp949_only_syllables():
    # '똠' is not in EUC-KR (KS X 1001) but is in CP949, which browsers use for "euc-kr".
    story = "똠양꿍 전문점이 시내에 문을 열었다. " + KOREAN
    raw = html_bytes(story, "cp949", '<meta charset="euc-kr">')
    with pytest.raises(UnicodeDecodeError):
        raw.decode("euc-kr")
    assert story in as_utf8(decode(raw))


@pytest.mark.parametrize("label, superset", [
    ("euc-kr", "cp949"),
    ("gb2312", "gb18030"),
    ("shift_jis", "cp932"),
    ("iso-8859-1", "cp1252"),
    ("us-ascii", "cp1252"),
])
def test_whatwg_labels_map_to_their_supersets(label, superset):
    assert normalise_label(label) == codecs.lookup(superset).name


@pytest.mark.parametrize("label, codec", [
    ("windows-874", "cp874"),          # the usual Thai label; Python knows it as cp874
    ("x-cp1251", "cp1251"),
    ("win-1251", "cp1251"),
    ("cp-1256", "cp1256"),
    ("iso-8859-8-i", "iso8859-8"),
    ("x-euc-jp", "euc_jp"),
    ("ks_c_5601-1989", "cp949"),
    ("x-mac-cyrillic", "mac_cyrillic"),
])
def test_labels_in_the_wild_that_python_does_not_know_are_read(label, codec):
    assert normalise_label(label) == codecs.lookup(codec).name


THAI = ("สภาเมืองประชุมเมื่อคืนวันอังคารเพื่อหารือเรื่องงบประมาณใหม่ของห้องสมุดประชาชนและสวนสาธารณะ "
        "ชาวบ้านหลายคนสนับสนุนให้ขยายเวลาเปิดทำการในวันหยุดสุดสัปดาห์")


def test_thai_page_declared_windows_874_decodes_to_its_text():
    raw = html_bytes(THAI, "cp874", '<meta charset="windows-874">')
    assert THAI in clean(raw).text
    assert clean(raw).encoding == "cp874"


@pytest.mark.parametrize("label", ["undefined", "unicode_escape", "raw_unicode_escape",
                                   "punycode", "idna", "utf-7", "rot13", "base64"])
def test_a_codec_that_is_no_charset_is_ignored_not_a_crash(label):
    # Python's codecs include escapes, host-name codecs and one that always raises: a page
    # (or a caller) naming one gets the charset found without it, not a traceback.
    raw = html_bytes(FRENCH, "iso-8859-1", f'<meta charset="{label}">')
    for article in (clean(raw), clean(raw, encoding=label)):
        assert FRENCH in article.text
        assert article.reason is None


def test_latin1_label_reads_windows_1252_punctuation():
    # 0x93/0x94 are curly quotes in windows-1252 (what browsers use for "iso-8859-1").
    raw = html_bytes("", "ascii", '<meta charset="iso-8859-1">').replace(
        b"<p></p>", b"<p>He said \x93yes\x94 to the plan.</p>")
    assert "He said \u201cyes\u201d to the plan." in as_utf8(decode(raw))


def test_unknown_label_is_none():
    assert normalise_label("no-such-charset-xyz") is None
    assert normalise_label("") is None
    assert normalise_label(None) is None


def test_str_input_is_handed_on_as_its_utf8_bytes():
    html = f"<html><body><p>{KOREAN}</p></body></html>"
    doc = decode(html)
    assert doc.data == html.encode("utf-8")     # no charset guess on text already decoded
    assert doc.encoding is None
    assert decode("<p>a\ud800b</p>").data == b"<p>a?b</p>"   # a lone surrogate cannot be UTF-8


def test_str_input_article_has_no_encoding():
    assert clean(html_bytes(FRENCH, "utf-8").decode("utf-8")).encoding is None


def test_decoded_bytes_are_utf8():
    raw = html_bytes(JAPANESE, "shift_jis", '<meta charset="shift_jis">')
    doc = decode(raw)
    assert isinstance(doc.data, bytes)
    assert JAPANESE in doc.data.decode("utf-8")


def test_random_bytes_with_nuls_look_binary():
    rng = random.Random(1234)
    data = bytes(rng.randrange(256) for _ in range(4096))
    assert looks_binary(data.decode("latin-1"))


def test_html_does_not_look_binary():
    html = html_bytes(FRENCH, "utf-8").decode("utf-8")
    assert not looks_binary(html)
    assert not looks_binary("<p>a\tb\r\nc\fd</p>")


def test_empty_text_does_not_look_binary():
    assert not looks_binary("")


def test_c_utf8_check_agrees_with_pythons_decoder():
    """decode._is_utf8 (the C check) against bytes.decode('utf-8') on the hard cases
    (overlong forms, surrogates, above U+10FFFF, truncated sequences) inside ASCII runs
    longer than its fast paths, and on seeded random bytes."""
    import random

    from cleaner import decode as dec
    assert dec._UTF8_VALID is not None, "the C extension is not built"
    tricky = [b"\xed\xa0\x80", b"\xed\x9f\xbf", b"\xc0\x80", b"\xc1\xbf", b"\xe0\x80\x80",
              b"\xe0\xa0\x80", b"\xf0\x8f\xbf\xbf", b"\xf0\x90\x80\x80", b"\xf4\x8f\xbf\xbf",
              b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80", b"\xff", b"\xc2", b"\xe2\x82",
              b"\xf0\x9f\x98", b"\x80", "\u00e9\u20ac\U0001F600".encode()]
    # (pads past the fast paths: eight bytes a word, 32 in four words, 64 with AVX2)
    cases = [pad + t + pad2 for t in tricky for pad in (b"", b"a" * 9, b"a" * 70, b"a" * 129)
             for pad2 in (b"", b"b" * 17, b"b" * 130)]
    rng = random.Random(7)
    cases += [bytes(rng.choice((rng.randrange(128), rng.randrange(256), rng.randrange(0x80, 0xC0),
                                rng.randrange(0xC0, 0xF8))) for _ in range(rng.randrange(24)))
              for _ in range(20000)]

    def python_says(data: bytes) -> bool:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True

    assert [c for c in cases if dec._is_utf8(c) != python_says(c)] == []
