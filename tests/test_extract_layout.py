"""Where on a page the body lies: pieces of one story spread over the layout (a lead in
the hero, sections split around adverts, the first part above an advert), and the
stories, teasers and boxes around it that are not the page's own.
"""

from __future__ import annotations

import pytest
from prose import paragraphs  # tests/ is on sys.path (no __init__.py)
from selectolax.lexbor import LexborHTMLParser

from scraper.extract import extract
from scraper.extract.content import Body, find_body
from scraper.models import Article

SHARE_BAR = "<ul class='share-buttons'>{}</ul>".format(
    "".join(f"<li><a href='/share/{n}'>Share this article on {n}</a></li>" for n in "ABCDEFGH")
)


def body(html: str, *, explain: bool = False) -> Body:
    return find_body(LexborHTMLParser(html), Article(), explain=explain)


def test_a_block_left_open_in_noscript_does_not_hide_the_page() -> None:
    # Parsed without scripting, `</noscript>` cannot close the `<div>` and the whole page
    # would sit inside the `<noscript>` that cleaning drops; browsers read it as text.
    story = paragraphs("Paragraph", 3, "the story a reader sees. ")
    html = f"<body><noscript><div class='no-js'></noscript><div><h1>Headline</h1>{story}</div>"
    article = extract(html)
    assert article.text.count("the story a reader sees") == 15
    assert "no-js" not in article.text


def _story(headline: str, label: str, count: int, level: int = 1) -> str:
    text = paragraphs(label, count, "told at length in prose. ", times=6, first=0)
    return f"<article><h{level}>{headline}</h{level}>{text}</article>"


def _articles(label: str, count: int, size: int, heading: str = "") -> str:
    """`count` <article>s of `size` paragraphs ("<label> <n> paragraph <m>: …"), each under
    `heading` (with its number) if given."""
    return "".join(
        f"<article>{heading.format(n)}{paragraphs(f'{label} {n} paragraph', size)}</article>"
        for n in range(1, count + 1)
    )


def test_the_story_under_the_pages_headline_beats_longer_ones_loaded_below_it() -> None:
    # An endless scroll appends the next stories; the page's own is under its <h1>.
    html = (
        "<title>Ferries run again</title><main>"
        + _story("Ferries run again", "Own story", 2)
        + _story("Parliament votes on the budget", "Next story", 8)
        + "</main>"
    )
    text = extract(html).text
    assert "Own story 1" in text and "Next story" not in text


def test_articles_with_no_heading_are_parts_of_the_titled_story_not_other_stories() -> None:
    # A CMS wraps each content element of the page in an <article>: the intro under the
    # headline, then the text; only a story has a headline. The part with more text
    # neither beats the intro nor is left out for it.
    intro = "<p>The intro: why the ferries stopped, and what it took to start them.</p>"
    parts = "".join(
        f"<div class='element'><article>{paragraphs(f'Part {n} paragraph', 3)}</article></div>"
        for n in (1, 2)
    )
    html = (
        "<title>Ferries run again</title><body><nav><a href='/'>Home</a></nav><main>"
        f"<div class='element'><article><h1>Ferries run again</h1>{intro}</article></div>"
        f"{parts}</main><footer><a href='/imprint'>Imprint</a></footer></body>"
    )
    text = extract(html).text
    assert text.startswith("The intro: why the ferries stopped")
    assert "Part 1 paragraph 3" in text and "Part 2 paragraph 3" in text
    assert "Imprint" not in text


def test_articles_with_no_heading_after_the_titled_one_are_not_narrowed_away() -> None:
    # The story's first element, under its title, holds the most text of any one piece,
    # but the pieces after it are parts of the same story: none is left out.
    first = f"<article><h3>Ferries run again</h3>{paragraphs('Part 0 paragraph', 4)}</article>"
    html = (
        f"<title>Ferries run again</title><main><div>{first}{_articles('Part', 2, 2)}</div></main>"
    )
    text = extract(html).text
    assert all(f"Part {n} paragraph 2" in text for n in range(3))


@pytest.mark.parametrize(
    "other",
    [
        "<article><h3><a href='/o{0}'>Teaser {0}</a></h3><p>Other {0}: a summary.</p></article>",
        "<article><h2>Next story {0}</h2>" + paragraphs("Other {0} paragraph", 5) + "</article>",
    ],
)
def test_the_titled_storys_parts_stay_and_the_stories_after_them_go(other: str) -> None:
    # The next stories (or teasers) after the story's untitled parts have headlines:
    # they are other stories, even when one holds more text than any part.
    html = (
        "<title>Ferries run again</title><main>"
        f"<article><h1>Ferries run again</h1>{paragraphs('Own intro', 1)}</article>"
        + _articles("Own part", 2, 2)
        + "<section>"
        + "".join(other.format(n) for n in (1, 2))
        + "</section></main>"
    )
    text = extract(html).text
    assert text.count("Own ") == 5 and "Other" not in text


@pytest.mark.parametrize("parts", [0, 2])
def test_an_h1_above_the_storys_article_titles_it(parts: int) -> None:
    # The page's header holds the <h1>; its story's <article> (and the untitled parts
    # after it) follow, then longer next stories of an endless scroll, with headlines and
    # bylines (a headed <article> without one is a section of the story: test below).
    next_story = "<h2>Next story {}</h2><p>By Ann Other</p>"
    html = (
        "<title>Ferries run again</title><main><header><h1>Ferries run again</h1></header>"
        f"<article>{paragraphs('Own intro', 2)}</article>{_articles('Own part', parts, 2)}"
        f"{_articles('Other', 2, 6, next_story)}</main>"
    )
    text = extract(html).text
    assert text.count("Own ") == 2 + 2 * parts and "Other" not in text


@pytest.mark.parametrize("sections", [2, 3])
@pytest.mark.parametrize("header", [True, False])
def test_a_story_split_into_headed_articles_around_its_ads_is_kept_whole(
    sections: int, header: bool
) -> None:
    # A header (<h1>, byline), then one <article> a section, each under an <h2> but the
    # first, adverts between them: the sections have no link, byline or date of their
    # own, so they are the story's, not teasers or next stories.
    head = "<h1>Ferries run again</h1><p>By Tom Ek</p>"
    parts = "<div class='ad-slot'>Advertisement</div>".join(
        f"<article class='article-section'>{f'<h2>Section {n}</h2>' if n > 1 else ''}"
        f"<div>{paragraphs(f'Section {n} paragraph', 3)}</div></article>"
        for n in range(1, sections + 1)
    )
    top = f"<article class='article-header'>{head}</article>" if header else head
    text = extract(f"<title>Ferries run again</title><main>{top}{parts}</main>").text
    assert text.count("paragraph") == 3 * sections
    assert all(f"Section {n}\n" in text for n in range(2, sections + 1))


@pytest.mark.parametrize(
    ("label", "signed"), [("<div>Next story</div>", True), ("", True), ("<p>Up next</p>", False)]
)
def test_an_endless_scrolls_next_story_under_an_unlinked_h2_is_not_glued_on(
    label: str, signed: bool
) -> None:
    # The next story has no byline line (an avatar, or none): it follows a whole story
    # (its title, byline and paragraphs), or a label announces it.
    sign = "<p>By Jane Doe</p><time>12 March 2024</time>" if signed else ""
    html = (
        "<title>Bridge approved</title><main>"
        f"<article><h1>Bridge approved</h1>{sign}{paragraphs('Own', 3)}</article>{label}"
        f"<article><h2>Mill fire: a year on</h2>{paragraphs('Other', 3)}</article></main>"
    )
    text = extract(html).text
    assert text.count("Own ") == 3 and "Other" not in text and "Mill fire" not in text


@pytest.mark.parametrize("attribute", ["data-url", "data-scroll-url", "data-permalink"])
def test_an_endless_scrolls_next_story_that_names_its_own_address_is_not_glued_on(
    attribute: str,
) -> None:
    # No byline, no label: only the address each story carries (for the script that puts
    # it in the location bar as the reader scrolls) tells the next story apart.
    html = (
        "<title>Bridge approved</title><main>"
        f"<article {attribute}='/news/bridge-approved-1'><h1>Bridge approved</h1>"
        f"{paragraphs('Own', 3)}</article>"
        f"<article {attribute}='/news/mill-fire-2'><h2>Mill fire: a year on</h2>"
        f"{paragraphs('Other', 3)}</article></main>"
    )
    text = extract(html).text
    assert text.count("Own ") == 3 and "Other" not in text and "Mill fire" not in text
    one = html.replace("/news/mill-fire-2", "/news/bridge-approved-1")  # its own section
    assert "Mill fire" in extract(one).text


def test_a_sections_media_address_does_not_part_it_from_its_story() -> None:
    html = "".join(
        f"<article data-video-url='/v/{n}'>{f'<h2>Section {n}</h2>' if n > 1 else ''}"
        f"{paragraphs(f'Section {n} paragraph', 3)}</article>"
        for n in (1, 2)
    )
    text = extract(f"<title>Ferries</title><main><h1>Ferries</h1>{html}</main>").text
    assert text.count("paragraph") == 6


@pytest.mark.parametrize("posts", [2, 3])
def test_a_live_blogs_posts_each_an_article_inside_the_storys_are_all_its_text(
    posts: int,
) -> None:
    # One <article> a post (its time in a header, no heading), newest first, inside the
    # story's <article>: all are the story's, so a new post adds to it.
    stream = "".join(
        f"<article class='live-post'><header><time>0{n}:05</time></header>"
        f"<p>Post {n}: {'the count goes on at the polling stations. ' * 3}</p></article>"
        for n in range(posts, 0, -1)
    )
    html = (
        "<title>By-election live</title><main><article><h1>By-election live</h1>"
        f"<div class='live-stream'>{stream}</div></article></main>"
    )
    text = extract(html).text
    assert all(f"Post {n}:" in text for n in range(1, posts + 1))


def test_an_untitled_article_before_the_titled_one_is_not_a_part_of_its_story() -> None:
    # A longer untitled box above the page's own story (another story's text) stays out.
    html = (
        "<title>Ferries run again</title><main>"
        f"<article>{paragraphs('Other text', 6)}</article>"
        f"<article><h1>Ferries run again</h1>{paragraphs('Own story', 3)}</article></main>"
    )
    text = extract(html).text
    assert text.count("Own story") == 3 and "Other text" not in text


@pytest.mark.parametrize("teasers", [2, 4])
def test_an_untitled_story_article_before_headed_teasers_is_the_body(teasers: int) -> None:
    # The <h1> stands above the story's <article>; the teasers after it have headings
    # and prose summaries: they are other stories, not parts of this one.
    summaries = _articles("Teaser", teasers, 2, "<h3>Teaser headline {}</h3>")
    story = paragraphs("Story paragraph", 3)
    html = (
        "<title>Ferry plan</title><main><h1>Ferry plan</h1>"
        f"<article>{story}</article><section>{summaries}</section></main>"
    )
    text = extract(html).text
    assert text.count("Story paragraph") == 3 and "Teaser" not in text


def test_an_aside_that_is_all_of_main_is_the_content_not_a_sidebar() -> None:
    # A template wraps the story in <aside> inside <main>; menus and a long footer make
    # it less than half the page, which would otherwise prune it as a sidebar.
    menu = "".join(f"<li><a href='/{n}'>Section number {n} of the site</a></li>" for n in range(60))
    story = paragraphs("Story paragraph", 3)
    page = f"<body><nav><ul>{menu}</ul></nav><main>{{}}</main><footer><ul>{menu}</ul></footer>"
    text = extract(page.format(f"<aside class='direct-content'>{story}</aside>")).text
    assert text.count("Story paragraph") == 3
    # Beside the story, an <aside> is still a sidebar.
    text = extract(page.format(f"<div>{story}</div><aside>{paragraphs('Sidebar', 1)}</aside>")).text
    assert text.count("Story paragraph") == 3 and "Sidebar" not in text


def test_a_teaser_titled_like_the_page_does_not_take_the_body() -> None:
    html = (
        "<title>Ferries run again</title><main>"
        + _story("Ferries run again in the north", "Own story", 6)
        + _story("Ferries run again", "Teaser", 1, level=3)
        + "</main>"
    )
    text = extract(html).text
    assert "Own story 5" in text and "Teaser" not in text


def test_a_comments_button_in_a_share_bar_does_not_cut_off_the_lead() -> None:
    # "Comments" labels a comment section, which ends the body; as a share bar's button
    # above the body it labels nothing.
    lead = "The lead: ministers agreed overnight on a plan to rebuild the harbour, at a cost of "
    story = paragraphs("Body paragraph", 2)
    more = " ".join(f"<a href='/{n}'>Another story headline number {n}</a>" for n in range(12))
    html = (
        f"<article><div class='head'><div><p>{lead} two billion euros over ten years.</p></div>"
        "<div class='share'><span>Comments</span></div></div>"
        f"<div><div><div><div class='text'>{story}</div></div></div></div>"
        f"<div>{more}</div></article>"
    )
    blocks = body(html).text.split("\n\n")
    assert blocks[0].startswith("The lead:") and blocks[1].startswith("Body paragraph 1")


def test_the_first_part_of_a_story_far_above_its_body_is_kept_whole() -> None:
    # The story's first paragraphs sit in the hero's box, an advert between them: all are
    # the story's, not only the one next to the body.
    first = "<aside>Advertisement</aside>".join(
        f"<p>Opening paragraph {n}: {'how the story began, told in prose. ' * 3}</p>" for n in "12"
    )
    rest = paragraphs("Body paragraph", 8)
    html = (
        f"<main><div class='hero'><h1>Headline</h1><div class='hero-text'>{first}</div></div>"
        f"<div class='grid'><div class='cell'><div class='grid'><div class='cell'>"
        f"<div class='text'>{rest}</div></div></div></div></div></main>"
    )
    blocks = body(html).text.split("\n\n")
    assert [p[:19] for p in blocks[:3]] == [
        "Opening paragraph 1",
        "Opening paragraph 2",
        "Body paragraph 1: t",
    ]


def test_a_photo_caption_above_the_body_goes_with_its_credit() -> None:
    # The lead image's caption reads like prose and sits just above the body's box, so
    # the body takes it as a lead; the credit under it shows it is a caption.
    caption = (
        "The prime minister, centre, passes a passenger aircraft operated by the airline "
        "during the air show at the new airport, on Monday, Nov. 13, 2017."
    )
    html = (
        "<main><div class='col'><div class='image'><div class='wrap'>"
        f"<div>{caption}</div><div>Jane Roe | Bloomberg | Getty Images</div></div></div>"
        f"<div class='group'>{paragraphs('Body paragraph', 6)}</div></div></main>"
    )
    result = body(html, explain=True)
    assert result.text.startswith("Body paragraph 1:")
    assert ("caption", caption) in {(r.rule, r.text) for r in result.removed}


def test_a_servers_error_messages_do_not_make_a_sidebar_the_body() -> None:
    # A short post, and a sidebar whose widget printed a plugin's PHP warnings: long lines
    # that read as prose, and outweighed the post.
    warning = (
        "<br><b>Warning</b>: Use of undefined constant comments - assumed 'comments' (this "
        "will throw an Error in a future version of PHP) in <b>/htdocs/wp-content/plugins/"
        "recent-comments/recent-comments.php</b> on line <b>928</b><br>"
    )
    post = (
        "<p>It has been a while since Henry arrived. A few days ago Leo made it too.</p>"
        "<p>This is how it looked when Henry first saw the newcomer and sniffed at him:</p>"
    )
    comments = "".join(
        f"<li><a href='/c/{n}'>Reader {n}</a>:<br>Hello everyone,...</li>" for n in range(3)
    )
    archive = "".join(f"<li><a href='/2015/{n}'>Month {n} (3)</a></li>" for n in range(12))
    html = (
        "<div id='content'><div class='post'><h2>Number two: Leo</h2>"
        f"<div class='entry'>{post}</div></div></div><div id='sidebar'><ul>"
        f"<li><h2>Recent comments</h2><ul>{warning * 4}{comments}</ul></li>"
        f"<li><h2>Archive</h2><ul>{archive}</ul></li></ul></div>"
    )
    text = body(html).text
    assert text.startswith("It has been a while") and "Hello everyone" not in text


def test_a_slideshows_captions_are_its_text() -> None:
    # Each slide puts its caption and the photo's credit in one paragraph, and the page
    # has no other text: dropping the credits' boxes as captions would leave nothing.
    slides = "".join(
        f"<div class='slide'><h2>Slide {n}</h2><p>The new phone {n} is smaller than the "
        f"last one and costs less than half of what the flagship models cost this year."
        f"<br>Image credit: www.example.com</p></div>"
        for n in range(1, 6)
    )
    html = f"<main><h1>The new phone, in five pictures</h1>{slides}</main>"
    result = body(html, explain=True)
    assert result.text.count("The new phone") == 5
    assert "Image credit" not in result.text
    # With a story beside them, the same boxes are captions.
    result = body(html.replace("</h1>", f"</h1>{paragraphs('Story paragraph', 4)}"))
    assert "Story paragraph 4" in result.text and "The new phone 1" not in result.text


def test_a_list_the_story_introduces_is_the_storys_however_short_its_items() -> None:
    # One paragraph of prose ends with a colon and a list of short points follows: the
    # paragraph alone is the best element, and the points carry no prose of their own.
    points = "".join(f"<li>Point {n}: a timetable</li>" for n in range(1, 6))
    teasers = "".join(f"<p><a href='/n/{n}'>Another story about the city {n}</a></p>" for n in "12")
    html = (
        "<div><h1>Ferry points</h1><div><p>The council listed its points for the vote on "
        f"Tuesday evening:</p><ul>{points}</ul></div></div><div class='box'>{teasers}</div>"
    )
    text = body(html).text
    assert text.count("Point") == 5 and "Another story" not in text


def test_a_related_box_between_paragraphs_does_not_end_the_story() -> None:
    # "Related" and its list stand inside the article's text; the story goes on after.
    first = paragraphs("Before", 2)
    rest = paragraphs("After", 3, "the story goes on in prose. ")
    links = "".join(
        f"<li><a href='/s/{n}'>Another story about the harbour {n}</a></li>" for n in "12"
    )
    html = (
        f"<article><h1>Harbour</h1><div itemprop='articleBody'>{first}"
        f"<h2>Related</h2><ul class='related-links'>{links}</ul>{rest}</div></article>"
    )
    text = body(html).text
    assert "After 3:" in text and "Another story" not in text and "Related" not in text


@pytest.mark.parametrize("where", ["first", "between"])
def test_a_bare_list_of_related_links_does_not_take_the_story_after_it(where: str) -> None:
    # An editor's "Related" heading and a plain list of links, with no class, at the top
    # of the text or between its paragraphs: the story's paragraphs after it stay.
    links = "".join(f"<li><a href='/s/{n}'>Another harbour story {n}</a></li>" for n in "12")
    first = paragraphs("Before", 2) if where == "between" else ""
    html = (
        f"<article><h1>Harbour</h1><div class='entry'>{first}<h3>Related</h3><ul>{links}</ul>"
        f"{paragraphs('After', 3)}</div></article>"
    )
    text = body(html).text
    assert text.count("After") == 3 and "Another harbour story" not in text


@pytest.mark.parametrize(
    "promo",
    [
        "<h3>Lesen Sie auch</h3><p><a href='/s/7'>New bike lanes planned downtown</a></p>",
        "<h4>Related:</h4><p><a href='/s/7'>New bike lanes planned downtown</a></p>",
        "<h3>Lesen Sie auch</h3><div><a href='/s/7'><h4>New bike lanes planned</h4></a></div>",
    ],
)
def test_a_promo_heading_over_one_linked_line_does_not_take_the_story_after_it(
    promo: str,
) -> None:
    # "Read also" over the headline it points to, between paragraphs of the text: the
    # story's paragraphs after it are the story's, not the promo's section.
    html = (
        f"<article><h1>Harbour</h1><div class='entry'>{paragraphs('Before', 2)}{promo}"
        f"{paragraphs('After', 3)}</div></article>"
    )
    result = body(html, explain=True)
    assert result.text.count("After") == 3
    assert "bike lanes" not in result.text and "Related" not in result.text
    assert "Lesen" not in result.text


def test_the_storys_last_paragraph_after_a_promo_card_stays() -> None:
    # One paragraph after "Read also" and a card holding only its linked headline: a
    # teaser's summary would stand in the card.
    promo = (
        "<h3>Lesen Sie auch</h3><div><a href='/s/7'><h4>New bike lanes planned downtown</h4>"
        "</a></div>"
    )
    html = (
        f"<article><h1>Harbour</h1><div class='entry'>{paragraphs('Story', 3)}{promo}"
        f"{paragraphs('Last', 1)}</div></article>"
    )
    text = body(html).text
    assert "Last 1:" in text and "bike lanes" not in text and "Lesen" not in text


def test_a_promo_headings_teasers_with_summaries_after_the_story_are_its_section() -> None:
    # The same shape at the end: each linked headline is followed by one sentence of
    # summary, never by two paragraphs, so the section runs on to the end.
    teasers = "".join(
        f"<p><a href='/s/{n}'>Another harbour story {n}</a></p>"
        f"<p>A summary of that other story, in one sentence of prose {n}.</p>"
        for n in "12"
    )
    html = (
        f"<article><h1>Harbour</h1><div class='entry'>{paragraphs('Story', 4)}"
        f"<h3>More on this</h3>{teasers}</div></article>"
    )
    text = body(html).text
    assert text.count("Story") == 4 and "summary" not in text


def test_a_subheading_in_the_words_of_a_label_keeps_the_story_under_it() -> None:
    # "Weitere Informationen zur Sperrung" heads two paragraphs of the story, not links.
    html = (
        f"<article><h1>Harbour</h1><div class='entry'>{paragraphs('Before', 2)}"
        f"<h2>Weitere Informationen zur Sperrung</h2>{paragraphs('After', 2)}</div></article>"
    )
    text = body(html).text
    assert "Weitere Informationen zur Sperrung" in text and text.count("After") == 2


def test_the_author_box_heading_takes_its_bio_however_long() -> None:
    bio = paragraphs("Jane Roe has covered the harbour for ten years", 2)
    html = (
        f"<article><h1>Harbour</h1><div class='entry'>{paragraphs('Story', 3)}"
        f"<h3>About the author</h3>{bio}</div></article>"
    )
    text = body(html).text
    assert text.count("Story") == 3 and "Jane Roe" not in text and "About" not in text


def test_sources_under_a_label_heading_are_no_story() -> None:
    sources = "".join(
        f"<p>₁ WWF ({year}): Living Planet Report, https://www.wwf.de/report-{year}.</p>"
        for year in (2020, 2021)
    )
    html = (
        f"<article><h1>Harbour</h1><div class='entry'>{paragraphs('Story', 3)}"
        f"<h3>Quellenangaben:</h3>{sources}</div></article>"
    )
    assert "WWF" not in body(html).text


def test_a_section_label_in_the_text_takes_the_paragraphs_under_it() -> None:
    story = paragraphs("Story", 3)
    preview = "<p>Next week: a review of a crime novel set on the islands, and more.</p>"
    html = (
        f"<article><div itemprop='articleBody'>{story}<h3>Read next</h3>{preview}</div></article>"
    )
    assert "crime novel" not in body(html).text


def test_teaser_cards_after_the_story_are_dropped() -> None:
    story = paragraphs("Story", 4)
    cards = "".join(
        f"<div class='teaser'><h2><a href='/news/{n}'>Another headline about the harbour {n}</a>"
        f"</h2><p>A summary of that other story, told in one sentence of prose {n}.</p></div>"
        for n in "12"
    )
    result = body(f"<article><h1>Harbour</h1>{story}<div>{cards}</div></article>", explain=True)
    assert "Story 4:" in result.text and "summary" not in result.text
    assert "Another headline" not in result.text
    assert {r.rule for r in result.removed if "summary" in r.text} == {"teaser-card"}


def _card(n: int) -> str:
    return (
        f"<div class='embed'><a href='/news/{n}'><img src='/t{n}.jpg'><h4>Another headline "
        f"about the harbour {n}</h4></a><p>A summary of that other story in one sentence {n}.</p>"
        "</div>"
    )


def test_a_teaser_card_between_two_paragraphs_of_the_story_is_dropped() -> None:
    html = (
        f"<article><h1>Harbour</h1>{paragraphs('Story', 2)}{_card(1)}"
        f"{paragraphs('Story', 2, first=3)}</article>"
    )
    result = body(html, explain=True)
    assert result.text.count("Story") == 4 and "summary" not in result.text
    assert {r.rule for r in result.removed if "summary" in r.text} == {"teaser-card"}


def test_cards_in_a_row_between_paragraphs_are_the_storys_list() -> None:
    # A listicle's items look like cards; one after another, they are the story.
    html = (
        f"<article><h1>Harbour</h1>{paragraphs('Story', 2)}{_card(1)}{_card(2)}{_card(3)}"
        f"{paragraphs('Story', 2, first=3)}</article>"
    )
    assert body(html).text.count("summary") == 3


def test_a_teaser_cards_date_between_its_headline_and_summary_is_passed_over() -> None:
    story = paragraphs("Story", 4)
    cards = "".join(
        f"<div class='box'><div><a href='/news/{n}'>Another headline about the harbour {n}</a>"
        f"</div><div>April 26, 2014 -- Updated 1358 GMT</div>"
        f"<div>A summary of that other story, told in one sentence of prose {n}.</div></div>"
        for n in "12"
    )
    result = body(f"<article><h1>Harbour</h1>{story}<div>{cards}</div></article>", explain=True)
    assert "Story 4:" in result.text and "summary" not in result.text
    assert {r.rule for r in result.removed if "summary" in r.text} == {"teaser-card"}


def test_a_linked_paragraph_and_the_one_after_it_are_the_storys_own() -> None:
    story = paragraphs("Story", 4)
    coda = (
        "<div><p><a href='/news/1'>The prince made a heartbreaking reply to the offer</a></p>"
        "<p>At the end of June last year, a statement said the couple had moved out.</p></div>"
    )
    text = body(f"<article><h1>Harbour</h1>{story}{coda}</article>").text
    assert "At the end of June" in text


def test_a_class_that_holds_the_main_run_marks_no_boilerplate_on_that_page() -> None:
    # The story comes in "widgets", a word that elsewhere names a sidebar's boxes.
    def widget(word: str, count: int) -> str:
        text = "".join(
            f"<p>{word} {n}: {'the story is told in prose. ' * 5}</p>" for n in range(count)
        )
        return f"<div class='article-widget article-widget-text'>{text}</div>"

    aside = "<div class='sidebar-widget'><p>Most read: a story about something else.</p></div>"
    story = f"{widget('Lead', 2)}<figure>x</figure>{widget('Body', 6)}"
    html = f"<article><h1>Harbour</h1>{story}</article>{aside}"
    text = body(html).text
    assert "Lead 0:" in text and "Body 5:" in text and "Most read" not in text


def test_the_body_climbs_past_a_wrapper_that_adds_nothing() -> None:
    # A paywalled story: the lead in the header's wrapper, one paragraph in the body's.
    lead = "The lead: " + "ministers agreed on a plan to rebuild the harbour. " * 4
    rest = "The first paragraph: " + "the plan was a decade in the making. " * 4
    html = (
        f"<main><div class='head'><div class='dek'><p>{lead}</p>{SHARE_BAR}</div></div>"
        "<div class='content'><div class='text'><figure>x</figure>"
        f"<div><div><p>{rest}</p></div></div></div></div></main>"
    )
    text = body(html).text
    assert "The lead:" in text and "The first paragraph:" in text


def test_the_body_does_not_climb_out_of_its_article() -> None:
    # Beside the story's <article>, a box of other prose with its links: the wrapper
    # holds more prose than the story, but an <article> is a whole of its own.
    links = "".join(
        f"<li><a href='/o/{n}'>Opinion piece number {n} on the city</a></li>" for n in "0123456789"
    )
    html = (
        "<main><div class='wrap'><article><h1>Harbour</h1><div class='text'>"
        f"{paragraphs('Story', 2)}</div></article><div class='box'>"
        f"{paragraphs('Column', 3, 'a columnist argues about transport. ')}<ul>{links}</ul>"
        "</div></div></main>"
    )
    text = body(html).text
    assert text.count("Story") == 2 and "Column" not in text


def _sections(marks: list[str], wrapper: str = "section") -> str:
    return "<aside class='sidebar'><p>Advertisement</p></aside>".join(
        f"<div><{wrapper} {mark}><p>Part {n}: {'prose of the story, at length. ' * (4 + n)}</p>"
        f"<p>{'More of it follows here. ' * 5}</p></{wrapper}></div>"
        for n, mark in enumerate(marks)
    )


def test_a_body_split_into_marked_sections_around_ads_is_one_body() -> None:
    marks = ["itemprop='articleBody'"] * 3
    text = body(f"<article><h1>Headline</h1><div>{_sections(marks)}</div></article>").text
    assert [f"Part {n}:" in text for n in range(3)] == [True] * 3
    assert "Advertisement" not in text


def test_marked_bodies_of_separate_articles_are_separate_stories() -> None:
    marks = ["itemprop='articleBody'"] * 3
    text = body(f"<main>{_sections(marks, wrapper='article')}</main>").text
    assert "Part 2:" in text and "Part 0:" not in text and "Part 1:" not in text


def test_a_menus_indentation_does_not_make_it_most_of_the_page() -> None:
    # A mega-menu of a few words, deeply indented as templates write it, holds more
    # characters than the story: only its words count, so it is still one pruned block.
    indent = "\n" + " " * 400
    menu = "".join(
        f"{indent}<li>{indent}<a href='/s/{n}'>Section {n}</a>{indent}</li>" for n in range(12)
    )
    html = f"<body><nav><ul>{menu}</ul></nav><article>{paragraphs('Story', 2)}</article></body>"
    removed = body(html, explain=True).removed
    menu_text = " ".join(f"Section {n}" for n in range(12))
    assert [r.text for r in removed if r.rule == "navigation"] == [menu_text]


def test_a_short_post_that_the_description_quotes_beats_a_longer_widget() -> None:
    # A post of two short lines; a widget beside it (a tweet) outweighs it on prose, but
    # the page describes itself with the post's first line.
    quote = "“I know I am tired and should not say this…”"
    post = f"<div class='post'><h2>A quiet evening</h2><p>{quote}</p><p>– “Then don’t.”</p></div>"
    tweet = (
        "At the start of the action film they should all shoot each other at once, and then"
        " spend the rest of the film on long views of the mountains and the sea instead"
    )
    widget = f"<ul class='tweets'><li>{tweet} 6 years ago</li></ul>"
    links = "".join(f"<a href='/{n}'>Archive of the year {n}</a> " for n in range(2001, 2006))
    html = (
        f"<html><head><meta name='description' content='{quote} – “Then don’t.”'></head>"
        f"<body><div id='page'><div id='main'><div id='content'>{post}</div></div></div>"
        f"<div>{links}</div><div id='extras'><div class='box'>{widget}</div></div></body></html>"
    )
    text = extract(html).text
    assert quote in text and "shoot each other" not in text


def test_amp_components_placeholders_and_fallbacks_are_no_text() -> None:
    components = (
        "<amp-ad type='doubleclick'><div fallback>Ad failed to load</div></amp-ad>"
        "<amp-iframe src='https://poll.example/1'><div placeholder>Loading poll…</div>"
        "</amp-iframe><amp-list src='/related.json'><div fallback>Could not load related "
        "stories</div></amp-list>"
    )
    html = (
        f"<article><h1>Harbour</h1>{paragraphs('Story', 2)}{components}"
        f"{paragraphs('Story', 2, first=3)}</article>"
    )
    text = body(html).text
    assert text.count("Story") == 4
    assert "failed" not in text and "Loading" not in text and "Could not" not in text


_SUBHEADS = ["What happened", "The repairs", "What it means for you"]


def _listed_sections(before: str = "") -> str:
    story = paragraphs("Lead", 1)
    parts = "".join(
        f"<h2 id='s{n}'>{head}</h2>{paragraphs('Part', 1, first=n)}"
        for n, head in enumerate(_SUBHEADS)
    )
    return f"<body><article><h1>Ferries resume</h1>{story}{before}{parts}</article></body>"


def _entries(tag: str = "li") -> str:
    return "".join(f"<{tag}><a href='#s{n}'>{head}</a></{tag}>" for n, head in enumerate(_SUBHEADS))


@pytest.mark.parametrize(
    "contents",
    [
        f"<h2>Contents</h2><ul>{_entries()}</ul>",
        f"<div><strong>Inhaltsverzeichnis</strong><ol>{_entries()}</ol></div>",
        f"<div class='callout'><b>In this article:</b><br>{_entries('span')}</div>",
        "<p>Jump to: " + " | ".join(f"<a href='#s{n}'>{h}</a>" for n, h in enumerate(_SUBHEADS)),
    ],
)
def test_a_table_of_contents_goes_and_the_sections_it_lists_stay(contents: str) -> None:
    text = extract(_listed_sections(contents)).text
    for head in _SUBHEADS:
        assert text.count(head) == 1  # the subheading, not its entry in the contents
    for n in range(3):
        assert f"Part {n}:" in text
    assert "Contents" not in text and "Inhaltsverzeichnis" not in text
    assert "In this article" not in text and "Jump to" not in text


def test_a_label_repeated_in_each_box_of_a_list_is_no_table_of_contents() -> None:
    boxes = "".join(
        f"<div class='product'><p>Toy {n}</p><p>Material</p><p>Wool and cotton.</p></div>"
        for n in range(3)
    )
    html = f"<body><article><h1>Cat toys</h1>{paragraphs('Intro', 2)}{boxes}<h2>Material</h2>"
    text = extract(html + f"{paragraphs('Guide', 2)}</article></body>").text
    assert text.count("Material") == 4


def test_a_layout_tables_column_ends_its_last_paragraph() -> None:
    # An old page set in a table: the story's lines end with <br>, the last one with the
    # cell, and the links column beside it must not join (and drop) that last paragraph.
    story = "<br><br>".join(
        f"Paragraph {n}: {'the story goes on in its column. ' * 4}" for n in range(4)
    )
    links = "<b>Latest</b><br>" + "<br>".join(
        f"<a href='/n/{n}'>Other story {n}</a>" for n in range(3)
    )
    row = f"<tr><td><b>Ferries resume</b><br><br>{story}</td><td>{links}</td></tr>"
    html = f"<body><table>{row}</table></body>"
    text = extract(html).text
    assert text.endswith(
        "Paragraph 3: "
        + "the story goes on in its column. " * 3
        + "the story goes on in its column."
    )
    assert "Other story" not in text and "Latest" not in text


def test_a_data_rows_cells_stay_one_line_when_a_cell_breaks_its_name() -> None:
    rows = "".join(
        f"<tr><td>Pension /<br>month</td><td>{n}00 €</td><td>{n}50 €</td></tr>" for n in (6, 7)
    )
    story = f"<h1>Pensions</h1>{paragraphs('Story', 3)}<table>{rows}</table>"
    html = f"<body><article>{story}</article></body>"
    text = extract(html).text
    assert "month 600 € 650 €" in text


@pytest.mark.parametrize("subheading", ["<h3>The repairs</h3>", "<p><b>The repairs</b></p>"])
def test_the_subheading_after_a_related_box_is_the_storys(subheading: str) -> None:
    links = "".join(f"<li><a href='/news/{n}'>Another island story {n}</a></li>" for n in range(3))
    story = (
        f"<h1>Ferries resume</h1>{paragraphs('Story', 2)}<h2>Related</h2><ul>{links}</ul>"
        f"{subheading}{paragraphs('Story', 2, first=3)}"
    )
    text = extract(f"<body><article>{story}</article></body>").text
    assert "The repairs\n\nStory 3:" in text
    assert "Another island story" not in text and "Related" not in text


_TEASERS = [
    ("Council approves new school budget", "Council approves a new budget for the schools after "),
    ("Storm warning issued for the weekend", "Forecasters expect gusts of up to 100 km/h on the "),
    ("Island team wins the cup final", "The local team wins the cup final in a dramatic shootout "),
]


@pytest.mark.parametrize("where", ["after", "before"])
def test_a_short_story_outweighed_by_teaser_summaries_is_still_the_story(where: str) -> None:
    cards = "".join(
        f"<div><a href='/n/{n}'>{head}</a><p>{summary * 3}and more.</p></div>"
        for n, (head, summary) in enumerate(_TEASERS)
    )
    story = (
        "<div><h1>Ferries resume on Monday</h1><p>Ferries will resume their timetable on"
        " Monday after repairs to the pier, the harbour authority said.</p>"
        "<p>The crossing was closed for three weeks.</p></div>"
    )
    page = story + f"<div class='x'>{cards}</div>"
    if where == "before":
        page = f"<div class='x'>{cards}</div>" + story
    text = extract(f"<body>{page}</body>").text
    assert text.startswith("Ferries will resume") and text.endswith("for three weeks.")


def test_a_kickers_links_over_the_lead_make_no_teaser_card() -> None:
    kicker = "<div><a href='/interviews'>Interviews</a> <a href='/europe'>Mediterranean</a></div>"
    lead = "<div class='lead'>As the borders open again, we talk to a historian of migration.</div>"
    story = f"<h1>The weight of geography</h1>{kicker}{lead}{paragraphs('Answer', 4)}"
    text = extract(f"<body><article>{story}</article></body>").text
    assert text.startswith("As the borders open again")


def test_a_label_in_capitals_over_a_dropped_box_goes_with_it() -> None:
    box = "<div class='social-share'><a href='/fb'>Facebook</a> <a href='/x'>X</a></div>"
    story = f"<h1>Ferries resume</h1>{paragraphs('Story', 3)}<div><p>SOCIAL MEDIA</p>{box}</div>"
    text = extract(f"<body><article>{story}</article></body>").text
    assert text.endswith("the story is told in prose.") and "SOCIAL MEDIA" not in text
    shout = f"<h1>Ferries resume</h1>{paragraphs('Story', 3)}<p>THE FERRIES ARE BACK</p>"
    assert extract(f"<body><article>{shout}</article></body>").text.endswith("ARE BACK")


def test_a_short_line_introducing_a_dropped_box_goes_with_it() -> None:
    links = "<ul class='related-links'><li><a href='/a'>Another story</a></li></ul>"
    story = (
        f"<h1>Ferries resume</h1>{paragraphs('Story', 3)}<div><p>Weitere Links:</p>{links}</div>"
    )
    text = extract(f"<body><article>{story}</article></body>").text
    assert text.endswith("the story is told in prose.")
    # A sentence of the story over an embed it introduces stays, even with the embed gone.
    intro = "<p>This is how the harbour looked on the morning after the storm:</p>"
    embed = "<div class='video-player'><a href='/v'>Play video</a></div>"
    story = f"<h1>Ferries resume</h1>{paragraphs('Story', 3)}<div>{intro}{embed}</div>"
    text = extract(f"<body><article>{story}</article></body>").text
    assert text.endswith("after the storm:")
