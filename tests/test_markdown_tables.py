"""Pipe tables in the markdown of the article body: a table in a table's cell stays in
that cell, and a page laid out with a table is no pipe table."""

from __future__ import annotations

from markdown_it import MarkdownIt

from scraper import extract

_PROSE = "<p>The parish council met on Tuesday evening and talked for more than four hours.</p>"
_RENDERER = MarkdownIt("commonmark").enable("table")
_SCORES = "<table><tr><td>Home</td><td>{}</td></tr><tr><td>Away</td><td>{}</td></tr></table>"


def _markdown(body: str) -> str:
    article = f"<article>{_PROSE}{body}{_PROSE}</article>"
    return extract(article, url="https://parish.example/news/2026/meeting").markdown


def test_a_table_in_a_cell_is_lines_of_that_cell_one_row_per_outer_row() -> None:
    markdown = _markdown(
        "<table><tr><th>Team</th><th>Scores</th></tr>"
        f"<tr><td>{_SCORES.format(3, 1)}</td><td>Reds</td></tr>"
        f"<tr><td>Blues</td><td>Second leg:{_SCORES.format(0, 2)}</td></tr>"
        "<tr><td><table><caption>Final</caption><tr><td>Home</td><td>1</td></tr></table></td>"
        "<td>Greens</td></tr></table>"
    )
    assert (
        "| Team | Scores |\n| --- | --- |\n"
        "| Home \\| 3<br>Away \\| 1 | Reds |\n"
        "| Blues | Second leg:<br>Home \\| 0<br>Away \\| 2 |\n"
        "| Final<br>Home \\| 1 | Greens |\n\n"
    ) in markdown


def test_a_table_in_a_layout_s_cell_is_a_table_of_its_own() -> None:
    data = (
        "<table><tr><th>Line</th><th>Opens</th></tr><tr><td>Airport</td><td>2028</td></tr></table>"
    )
    markdown = _markdown(
        f"<table><tr><td><p>The new lines.</p>{data}</td><td>Menu</td></tr></table>"
    )
    assert "The new lines.\n\n| Line | Opens |\n| --- | --- |\n| Airport | 2028 |\n\nMenu" in (
        markdown
    )


def test_a_page_laid_out_with_a_table_of_short_cells_is_no_pipe_table() -> None:
    menu = "<table><tr><td>Notices</td></tr><tr><td>Minutes</td></tr></table>"
    paragraphs = "<p>The hall is open on Mondays.</p><p>Bring your own mug.</p>"
    layouts = [
        f"<table><tr><td>{menu}</td><td>{paragraphs}</td><td>Contact us</td></tr></table>",
        f"<table><tr><td colspan='2'>Parish news</td></tr><tr><td><ul><li>Notices</li>"
        f"<li>Minutes</li></ul></td><td>{paragraphs}</td></tr></table>",
    ]
    for layout in layouts:
        html = _RENDERER.render(_markdown(layout))
        assert "<table>" not in html and "Bring your own mug." in html
