"""render.py: kept blocks become plain text with a predictable layout."""

from __future__ import annotations

from conftest import PROSE, page, paragraphs, walk

from cleaner import clean, render


def rendered(body: str) -> str:
    """Render every block of the body, so only the layout rules are under test."""
    bl = walk(page(body))
    return render.to_text(bl, list(range(len(bl.blocks))))


def test_paragraphs_are_separated_by_exactly_one_blank_line():
    assert rendered("<p>First.</p><p>Second.</p><p>Third.</p>") == "First.\n\nSecond.\n\nThird."


def test_paragraphs_in_different_containers_are_still_one_blank_line_apart():
    assert rendered("<div><p>First.</p></div><section><div><p>Second.</p></div></section>") \
        == "First.\n\nSecond."


def test_list_items_are_one_per_line():
    assert rendered("<ul><li>Apples</li><li>Pears</li><li>Plums</li></ul>") == "Apples\nPears\nPlums"


def test_ordered_list_items_are_one_per_line():
    assert rendered("<ol><li>Preheat the oven.</li><li>Mix the flour.</li></ol>") \
        == "Preheat the oven.\nMix the flour."


def test_nested_list_items_are_one_per_line():
    assert rendered("<ul><li>Fruit<ul><li>Apples</li><li>Pears</li></ul></li><li>Bread</li></ul>") \
        == "Fruit\nApples\nPears\nBread"


def test_list_is_a_paragraph_apart_from_surrounding_text():
    assert rendered("<p>Ingredients:</p><ul><li>Flour</li><li>Water</li></ul><p>Mix well.</p>") \
        == "Ingredients:\n\nFlour\nWater\n\nMix well."


def test_table_rows_are_one_per_line_with_tab_separated_cells():
    table = ("<table><tr><th>City</th><th>Population</th></tr>"
             "<tr><td>Oslo</td><td>709,000</td></tr>"
             "<tr><td>Bergen</td><td>291,000</td></tr></table>")
    assert rendered(table) == "City\tPopulation\nOslo\t709,000\nBergen\t291,000"


def test_cells_with_inline_markup_stay_on_their_row():
    table = ("<table><tr><td><b>Oslo</b></td><td><a href='/o'>709,000</a></td></tr>"
             "<tr><td>Bergen</td><td>291,000</td></tr></table>")
    assert rendered(table) == "Oslo\t709,000\nBergen\t291,000"


def test_a_row_with_an_empty_cell_is_still_one_line():
    table = ("<table><tr><td>Oslo</td><td></td><td>709,000</td></tr>"
             "<tr><td>Bergen</td><td>Vestland</td><td>291,000</td></tr></table>")
    lines = rendered(table).split("\n")
    assert len(lines) == 2
    assert lines[0].startswith("Oslo\t") and lines[0].endswith("\t709,000")


def test_table_is_a_paragraph_apart_from_surrounding_text():
    table = "<table><tr><td>a</td><td>b</td></tr></table>"
    assert rendered(f"<p>Before.</p>{table}<p>After.</p>") == "Before.\n\na\tb\n\nAfter."


def test_headings_are_on_their_own_line():
    text = rendered("<h2>Background</h2><p>The plan was first proposed in 2019.</p>"
                    "<h3>Costs</h3><p>It would cost ten million.</p>")
    assert text.split("\n\n") == ["Background", "The plan was first proposed in 2019.",
                                  "Costs", "It would cost ten million."]


def test_br_lines_are_separated_by_a_single_newline():
    assert rendered("<p>12 Main Street<br>Springfield<br>USA</p>") == "12 Main Street\nSpringfield\nUSA"


def test_double_br_renders_as_a_blank_line():
    assert rendered("<div>First part.<br><br>Second part.</div>") == "First part.\n\nSecond part."


def test_pre_block_is_rendered_verbatim():
    code = "def f(x):\n    return x + 1"
    assert rendered(f"<p>Example:</p><pre>{code}</pre>") == f"Example:\n\n{code}"


def test_only_kept_blocks_are_rendered_in_order():
    bl = walk(page("<p>A.</p><p>B.</p><p>C.</p>"))
    assert render.to_text(bl, [0, 2]) == "A.\n\nC."


def test_nothing_kept_renders_empty_text():
    bl = walk(page("<p>A.</p>"))
    assert render.to_text(bl, []) == ""


def test_clean_output_has_no_leading_trailing_or_triple_newlines():
    html = page("<article><h1>Council budget</h1>" + paragraphs()
                + "<ul><li>One point that matters here.</li><li>Another point that matters.</li>"
                "</ul></article>")
    text = clean(html).text
    assert text == text.strip()
    assert "\n\n\n" not in text
    assert "\n\n".join(PROSE) in text


def test_cells_whose_text_is_wrapped_in_a_paragraph_stay_tab_separated():
    table = ("<table><tr><td><p>Oslo</p></td><td><div>709,000</div></td></tr>"
             "<tr><td>Bergen</td><td>291,000</td></tr></table>")
    assert rendered(table) == "Oslo\t709,000\nBergen\t291,000"
