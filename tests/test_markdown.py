"""The markdown of the article body, read back with a CommonMark renderer (GFM tables on):
lists, quotes, code and tables nest and number as on the page, and text that reads as
markdown syntax is escaped."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from scraper import extract

_PROSE = "<p>The parish council met on Tuesday evening and talked for more than four hours.</p>"
_RENDERER = MarkdownIt("commonmark").enable("table")


def _markdown(body: str, url: str = "https://parish.example/news/2026/meeting") -> str:
    return extract(f"<article>{_PROSE}{body}{_PROSE}</article>", url=url).markdown


def _html(body: str) -> str:
    return _RENDERER.render(_markdown(body))


def _count(html: str, tag: str) -> int:
    return len(re.findall(f"<{tag}[ >]", html))


def test_a_br_in_a_table_cell_keeps_its_row_whole() -> None:
    rows = "".join(
        f"<tr><td>{ward}</td><td>{name}<br><small>({party})</small></td><td>{votes}</td></tr>"
        for ward, name, party, votes in [
            ("Abbey", "Helen Marsh", "Labour", "1,412"),
            ("Castle", "Tom Greaves", "Green", "1,208"),
        ]
    )
    markdown = _markdown(
        f"<table><tr><th>Ward</th><th>Winner</th><th>Votes</th></tr>{rows}</table>"
    )
    assert "| Abbey | Helen Marsh<br>(Labour) | 1,412 |\n| Castle | Tom Greaves<br>(Green) |" in (
        markdown
    )


def test_spanned_cells_leave_each_value_under_its_column() -> None:
    table = (
        "<table><tr><th>District</th><th>Type</th><th>Price</th></tr>"
        "<tr><td rowspan='2'>Northgate</td><td>Detached</td><td>£412,000</td></tr>"
        "<tr><td>Flat</td><td>£168,500</td></tr>"
        "<tr><td colspan='2'>All districts</td><td>£301,000</td></tr></table>"
    )
    assert (
        "| Northgate | Detached | £412,000 |\n|  | Flat | £168,500 |\n"
        "| All districts |  | £301,000 |"
    ) in _markdown(table)


def test_two_tables_in_a_row_are_two_tables() -> None:
    table = "<table><tr><td rowspan='2'>{0}</td><td>a</td></tr><tr><td>b</td></tr></table>"
    html = _html(table.format("first") + table.format("second"))
    assert _count(html, "table") == 2 and "<th>second</th>" in html  # (no cell above it)


def test_a_list_item_of_several_blocks_is_one_item() -> None:
    items = (
        "<li><p>Library hours.</p><p>The branches lose a day each.</p></li>"
        "<li><h3>Bus subsidy</h3><p>The evening service ends.</p></li>"
        "<li>Youth centres merge:<br>Eastfield moves<ul><li>to Holloway Road</li></ul>"
        "and Marsh Lane stays.</li><li>Grit bins go.</li>"
    )
    markdown = _markdown(f"<ol>{items}</ol>")
    assert "1. Library hours.\n\n   The branches lose a day each.\n2. ### Bus subsidy" in markdown
    assert "3. Youth centres merge:\\\n   Eastfield moves\n   - to Holloway Road" in markdown
    assert "\n\n   and Marsh Lane stays.\n4. Grit bins go." in markdown
    html = _html(f"<ol>{items}</ol>")
    assert (_count(html, "ol"), _count(html, "li")) == (1, 5)


def test_code_and_quotes_in_a_list_item_stay_in_it() -> None:
    items = (
        "<li><p>Create the bucket:</p><pre>objcli create\nobjcli lock</pre></li>"
        "<li><p>Test the restore, as the engineer wrote:</p>"
        "<blockquote><p>The index was empty.</p></blockquote></li><li>Test again.</li>"
    )
    markdown = _markdown(f"<ol>{items}</ol>")
    assert (
        "1. Create the bucket:\n\n   ```\n   objcli create\n   objcli lock\n   ```\n2." in markdown
    )
    assert (
        "2. Test the restore, as the engineer wrote:\n\n   > The index was empty.\n3." in markdown
    )
    html = _html(f"<ol>{items}</ol>")
    assert (_count(html, "ol"), _count(html, "li")) == (1, 3)


def test_a_list_nested_in_item_ten_is_indented_under_its_text() -> None:
    items = "".join(f"<li>Town {n}</li>" for n in range(1, 10))
    nested = "<li>Llandudno:<ul><li>change at Chester</li><li>book the tram</li></ul></li>"
    markdown = _markdown(f"<ol>{items}{nested}<li>Ilkley</li></ol>")
    assert "10. Llandudno:\n    - change at Chester\n    - book the tram\n11. Ilkley" in markdown
    html = _html(f"<ol>{items}{nested}<li>Ilkley</li></ol>")
    assert (_count(html, "ol"), _count(html, "ul")) == (1, 1)


@pytest.mark.parametrize(
    ("item", "written"),
    [
        ("1. FC Köln, 24 Punkte", "1\\. FC Köln, 24 Punkte"),
        ("- 9 Tore Differenz", "\\- 9 Tore Differenz"),
        ("# 1 pick of the week", "\\# 1 pick of the week"),
        ("+ 3 points", "\\+ 3 points"),
    ],
)
def test_a_list_items_text_is_escaped_at_its_start(item: str, written: str) -> None:
    markdown = _markdown(f"<ol><li>{item}</li><li>Union Berlin</li></ol>")
    assert f"1. {written}\n2. Union Berlin" in markdown
    assert _count(_html(f"<ol><li>{item}</li><li>Union Berlin</li></ol>"), "li") == 2


def test_a_paragraph_starting_with_tildes_opens_no_code_fence() -> None:
    html = _html("<p>~~~ I. The oil store ~~~</p><p>The lamp was lit.</p>")
    assert "<pre>" not in html and "<p>~~~ I. The oil store ~~~</p>" in html


def test_an_exclamation_mark_before_a_link_makes_no_image() -> None:
    body = "<p>He won on Jeopardy!<a href='/interview'>(Read our interview.)</a></p>"
    assert "Jeopardy\\![(Read our interview.)](https://parish.example/interview)" in (
        _markdown(body)
    )
    assert "<img" not in _html(body)


def test_tabs_and_newlines_in_an_href_are_dropped_as_a_browser_does() -> None:
    body = (
        "<p>The council says in its <a href='/documents/2026/\n\tflood-notice.pdf'>decision"
        " notice</a> that the new flood wall will be built along the river next spring.</p>"
    )
    assert "[decision notice](https://parish.example/documents/2026/flood-notice.pdf)" in (
        _markdown(body)
    )


def test_a_character_reference_in_the_text_stays_as_written() -> None:
    body = "<p>The headline read “Marks &amp;amp; Spencer” and the teaser ended in &amp;hellip;</p>"
    markdown = _markdown(body)
    assert "Marks \\&amp; Spencer" in markdown and "ended in \\&hellip;" in markdown
    assert "Marks &amp;amp; Spencer" in _html(body) and "&amp;hellip;" in _html(body)


def test_quotes_keep_their_nesting_and_their_boundaries() -> None:
    nested = (
        "<blockquote><p>The mayor wrote back:</p><blockquote><p>Is the hall closed?</p>"
        "</blockquote><p>It is not.</p></blockquote>"
    )
    markdown = _markdown(nested)
    assert "> The mayor wrote back:\n>\n> > Is the hall closed?\n>\n> It is not." in markdown
    two = "<blockquote><p>The best wedding.</p></blockquote><blockquote><p>No parking.</p>"
    assert "> The best wedding.\n\n> No parking." in _markdown(f"{two}</blockquote>")
    assert _count(_html(f"{two}</blockquote>"), "blockquote") == 2


def test_a_data_tables_rows_stay_whole_when_their_first_cell_is_a_link() -> None:
    rows = "".join(
        f"<tr><td><a href='/topics/{name.lower()}'>{name} Borough Council</a></td><td>{n}</td></tr>"
        for name, n in [("Northgate", "1,204"), ("Eastbury", "986")]
    )
    years = "<tr><td>2024</td><td>3</td><td>1</td></tr><tr><td></td><td>4</td><td>2</td></tr>"
    table = f"<table><tr><th>Council</th><th>Sales</th></tr>{rows}</table>"
    article = extract(f"<article>{_PROSE}{table}<table>{years}</table>{_PROSE}</article>")
    assert "Northgate Borough Council 1,204\n\nEastbury Borough Council 986" in article.text
    assert "| [Northgate Borough Council](/topics/northgate) | 1,204 |" in article.markdown
    assert "\n\n4 2\n\n" in article.text  # (figures, not a calendar's days)


def test_headings_that_are_links_to_the_picks_of_a_guide_are_kept() -> None:
    review = "<p>The {} has the sharpest screen at the price, and its battery lasts a month.</p>"
    picks = "".join(
        f"<h2><a href='/reviews/{name.lower()}'>{n}. {name}</a></h2>{review.format(name)}"
        for n, name in [(1, "Kobo"), (2, "Kindle")]
    )
    article = extract(f"<article>{_PROSE}{picks}</article>", "https://guide.example/best")
    assert "## [1. Kobo](https://guide.example/reviews/kobo)\n\nThe Kobo" in article.markdown
    assert "\n\n2. Kindle\n\nThe Kindle" in article.text


_RAIN = (
    "<table><tr><td>Month</td><td>Rain</td></tr><tr><td>January</td><td>80mm</td></tr>"
    "<tr><td>February</td><td>62mm</td></tr></table>"
)


@pytest.mark.parametrize(
    "figure",
    [
        f"<figure class='wp-block-table'>{_RAIN}<figcaption>At the weather station</figcaption>"
        "</figure>",
        f"<figure class='table'>{_RAIN}</figure>",  # CKEditor 5
    ],
)
def test_a_table_in_a_figure_is_the_story_s_and_its_caption_no_text(figure: str) -> None:
    article = extract(f"<article>{_PROSE}{figure}{_PROSE}</article>", url="https://x.example/a")
    assert "January 80mm" in article.text and "weather station" not in article.text
    assert "| January | 80mm |" in article.markdown


def test_code_in_a_figure_is_the_story_s() -> None:
    code = "rain = sum(monthly_totals)  # mm"
    markdown = _markdown(f"<figure class='highlight'><pre><code>{code}</code></pre></figure>")
    assert f"```\n{code}\n```" in markdown


def test_a_photo_s_figure_is_still_a_caption() -> None:
    figure = "<figure><img src='/a.jpg'><figcaption>The hall on Tuesday</figcaption></figure>"
    assert "hall" not in _markdown(figure)


def test_a_layout_s_spans_do_not_blow_up_the_table() -> None:
    # Each row pushed right past the cells above still spanning: 20 x 20 x 50 columns.
    cell = "<td rowspan='50' colspan='50'>row {} cell {}</td>"
    rows = "".join(f"<tr>{''.join(cell.format(r, c) for c in range(20))}</tr>" for r in range(20))
    markdown = _markdown(f"<table>{rows}</table>")
    assert max(line.count("|") for line in markdown.splitlines()) == 21


def test_two_lists_in_a_row_are_two_lists_each_numbered_as_on_the_page() -> None:
    html = _html(
        "<ol><li>Kobo Clara, the best all-round reader</li><li>Kindle, for Amazon users</li></ol>"
        "<ol><li>Onyx Boox, if you read PDFs</li><li>Kindle Scribe, to take notes</li></ol>"
        "<ul><li>Pro: weeks of battery</li></ul><ul><li>Con: no colour screen</li></ul>"
        "<ul><li>Price: £149</li></ul>"
    )
    assert _count(html, "ol") == 2 and _count(html, "ul") == 3
    assert html.count('<ol start="') == 0  # (the second numbered from 1 again)


_SAID = "<p>{} The minister said the rail link to the airport would open two years late.</p>"


def test_a_story_in_one_list_item_is_no_list() -> None:
    paragraphs = "".join(_SAID.format(f"Paragraph {n}.") for n in range(4))
    story = (
        f"<ul class='as'><li><h1>Rail link delayed</h1>{paragraphs}<ul><li>Cost</li></ul></li></ul>"
    )
    html = _RENDERER.render(extract(f"<body>{story}</body>", url="https://x.example/a").markdown)
    assert _count(html, "p") == 4 and _count(html, "li") == 1  # (its nested list stays)


def test_a_long_item_among_others_and_a_short_list_of_one_are_lists() -> None:
    long = "".join(_SAID.format(f"Point {n}.") for n in range(4))
    html = _html(f"<ol><li>{long}</li><li>Then the vote.</li></ol><ul><li>One aside</li></ul>")
    assert _count(html, "li") == 3


def test_a_cell_s_list_items_and_paragraphs_stay_in_their_cell() -> None:
    pros = "<ul><li>Battery lasts two days</li><li>Bright screen</li></ul>"
    cons = "<ul><li>No charger</li><li>Weak night camera</li></ul>"
    notes = "<td><p>128GB storage.</p><p>Three colours.</p></td>"
    markdown = _markdown(
        f"<table><tr><th>Pros</th><th>Cons</th></tr><tr><td>{pros}</td><td>{cons}</td></tr></table>"
        "<table><tr><th>Model</th><th>Price</th><th>Notes</th></tr>"
        f"<tr><td>Base</td><td>£699</td>{notes}</tr><tr><td><p>Pro</p></td><td></td>"
        "<td><p>Titanium.</p></td></tr></table>"
    )
    assert (
        "| Pros | Cons |\n| --- | --- |\n"
        "| • Battery lasts two days<br>• Bright screen | • No charger<br>• Weak night camera |"
    ) in markdown
    assert "| Base | £699 | 128GB storage.<br>Three colours. |\n| Pro |  | Titanium. |" in markdown


def test_a_layout_s_cell_keeps_its_paragraphs_and_tables() -> None:
    story = "".join(_SAID.format(f"Paragraph {n}.") for n in range(3))
    data = (
        "<table><tr><th>Line</th><th>Opens</th></tr><tr><td>Airport</td><td>2028</td></tr></table>"
    )
    html = _RENDERER.render(
        extract(
            f"<table><tr><td>{story}{data}<p>Short line after.</p></td><td>Menu</td></tr></table>",
            url="https://x.example/a",
        ).markdown
    )
    assert _count(html, "p") >= 4 and _count(html, "tr") == 2


def test_empty_cells_beside_a_cell_s_paragraphs_keep_the_columns() -> None:
    rows = (
        "<tr><td><p>Northgate</p></td><td></td><td><p>Flats only</p></td></tr>"
        "<tr><td><p>Southgate</p></td><td><p>Detached</p></td><td><p></p></td></tr>"
    )
    markdown = _markdown(
        f"<table><tr><th>District</th><th>Type</th><th>Notes</th></tr>{rows}</table>"
        "<ul><li>A point after the table</li></ul>"
    )
    assert (
        "| Northgate |  | Flats only |\n| Southgate | Detached |  |\n\n- A point after the table"
    ) in markdown
