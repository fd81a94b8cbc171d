"""App shells: pages whose article only a script carries (Next.js, React server components),
or the JSON of an attribute (React on Rails, Inertia)."""

from __future__ import annotations

import html
import json

from scraper import extract

PARAGRAPHS = [
    "The harbour authority approved the new ferry terminal on Tuesday after two years of "
    "hearings, its chair said at a press conference in the old customs house.",
    "Construction starts in spring. The first ferries should dock there in three years, "
    "once the quay has been rebuilt and the channel dredged to its new depth.",
    "Residents of the old town, who had opposed the plan because of the traffic it brings, "
    "said they would take the decision to the regional court before the summer.",
]
BODY_HTML = "".join(f'<p class="editor-p">{p}</p>' for p in PARAGRAPHS)


def shell(script: str, markup: str = "") -> str:
    return (
        "<!doctype html><html lang='en'><head><title>Ferry terminal approved | Harbour News"
        "</title></head><body><div id='__next'><nav><a href='/'>Home</a> "
        f"<a href='/world'>World</a></nav>{markup}</div>{script}</body></html>"
    )


def next_data(body_html: str) -> str:
    state = {"props": {"pageProps": {"article": {"title": "Ferry", "body": body_html}}}}
    return f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'


def server_component_push(body_html: str) -> str:
    # React server components stream markup as JS strings, with "<" escaped as \u003c.
    literal = json.dumps(body_html).replace("<", "\\u003c").replace(">", "\\u003e")
    return f"<script>self.__next_f.push([1,{literal}])</script>"


def test_article_from_next_data() -> None:
    article = extract(shell(next_data(BODY_HTML)), "https://harbour.example/news/ferry")
    assert article.text == "\n\n".join(PARAGRAPHS)
    assert article.title == "Ferry terminal approved"


def test_article_from_a_server_component_push() -> None:
    article = extract(shell(server_component_push(BODY_HTML)))
    assert article.text == "\n\n".join(PARAGRAPHS)


OTHER_STORY = "".join(
    f"<p>Related story, paragraph {n}: the old lighthouse reopens as a museum with a café, "
    "a shop and a terrace over the harbour, after a restoration that took four years.</p>"
    for n in range(1, 6)
)


def react_props(*bodies: str) -> str:
    # React on Rails renders `react_component` as a <div> whose props are JSON, escaped
    # into the attribute.
    props = {"project": {"title": "Ferry", "description": bodies[0]}, "more": list(bodies[1:])}
    escaped = html.escape(json.dumps(props))
    return f'<div data-react-class="StoryPage" data-react-props="{escaped}"></div>'


def described(head: str) -> str:
    return head.replace("</title>", f"</title><meta name='description' content='{PARAGRAPHS[0]}'>")


def test_article_from_the_props_of_a_server_rendered_component() -> None:
    article = extract(shell(react_props(BODY_HTML)))
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_of_the_stories_a_shell_carries_the_one_its_description_begins_is_the_article() -> None:
    # The other story is longer; the page's description quotes the start of its own.
    for carrier in (
        react_props(BODY_HTML, OTHER_STORY),
        next_data(OTHER_STORY) + next_data(BODY_HTML),
    ):
        assert extract(described(shell(carrier))).text == "\n\n".join(PARAGRAPHS)
        assert extract(shell(carrier)).text.startswith(
            "Related story"
        )  # no description: the longest


def test_render_time_placeholders_are_not_text() -> None:
    first, *rest = PARAGRAPHS
    slots = "$$ARTICLEAD$$<p>{{ad_slot}}</p>"
    body = f"<p>{first}</p>{slots}" + "".join(f"<p>{p}</p>" for p in rest)
    article = extract(shell(next_data(body)))
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_the_page_markup_wins_when_it_has_the_article() -> None:
    other = "".join(f"<p>Teaser {n}: {PARAGRAPHS[0]}</p>" for n in range(5))
    markup = f"<article><h1>Ferry terminal approved</h1>{BODY_HTML}</article>"
    article = extract(shell(next_data(other), markup))
    assert article.text == "\n\n".join(PARAGRAPHS)
    assert "Teaser" not in article.text


def test_a_script_string_with_one_paragraph_is_not_an_article() -> None:
    one = f"<p>{PARAGRAPHS[0]} {PARAGRAPHS[1]} {PARAGRAPHS[2]}</p>"
    assert extract(shell(next_data(one))).text == ""


def test_broken_and_hostile_scripts_give_no_text() -> None:
    quotes = '"' + "x" * 500 + "\\u003cp " + "\\" * 3 + '"' * 2000  # unterminated escapes
    undecodable = '"' + "\\x3cp>" + "a" * 600 + "\\x3cp>" + '"'  # JavaScript-only escapes
    for script in (f"<script>{quotes}</script>", f"<script>var s = {undecodable};</script>"):
        assert extract(shell(script)).text == ""


def test_a_blogger_post_in_a_template_script_replaces_a_placeholder_body() -> None:
    # Google's Blogger themes send the post as a template's markup; the page's own markup
    # holds only a sidebar line.
    template = f"<script type='text/template'><span>Posted by Ann Lee</span>{BODY_HTML}</script>"
    feedback = "<div class='widget'><p>Give us feedback in our Product Forums.</p></div>"
    article = extract(shell(template, markup=feedback))
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_a_short_body_stays_when_the_template_scripts_hold_no_article() -> None:
    template = "<script type='text/template'><div class='{{cls}}'><p>{{name}}</p></div></script>"
    markup = (
        "<article><h1>Ferry terminal approved</h1><p>Watch the video of the vote.</p></article>"
    )
    article = extract(shell(template * 3, markup=markup))
    assert article.text == "Watch the video of the vote."


def jsonld(body: str, **more: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "articleBody": body}
    return f'<script type="application/ld+json">{json.dumps({**data, **more})}</script>'


def test_the_jsonld_article_body_replaces_a_placeholder_body() -> None:
    # The shell renders the story in the browser; only its JSON-LD, printed for search
    # engines, carries the text (one paragraph per line).
    article = extract(shell(jsonld("\r\n\r\n".join(PARAGRAPHS)), markup="<p>Loading…</p>"))
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_a_jsonld_article_body_in_markup_is_read_as_markup() -> None:
    body = BODY_HTML + "<p>Read more: <a href='/ferries'>All our ferry stories</a></p>"
    article = extract(shell(jsonld(body)))
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_a_page_with_its_own_body_ignores_the_jsonld_article_body() -> None:
    markup = "<article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2]) + "</article>"
    article = extract(shell(jsonld("A different summary for search engines. " * 20), markup))
    assert article.text == "\n\n".join(PARAGRAPHS[:2])


def test_a_paywall_teaser_gives_way_to_the_whole_story_in_jsonld() -> None:
    # The page shows the first paragraph (longer than a placeholder), then a subscribe box;
    # its JSON-LD, printed for search engines, carries the whole story.
    more = [
        f"{p} The council will hear the appeal in {n + 2030}." for n, p in enumerate(PARAGRAPHS)
    ]
    story = [*PARAGRAPHS, *more]
    teaser = f"<article><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></article>"
    walled = {"isAccessibleForFree": False}  # (as search engines ask a paywalled page to say)
    article = extract(shell(jsonld("\n".join(story), **walled), markup=teaser))
    assert article.text == "\n\n".join(story)
    part = {"hasPart": {"@type": "WebPageElement", "isAccessibleForFree": "False"}}
    assert extract(shell(jsonld("\n".join(story), **part), markup=teaser)).text == article.text
    # Another text (a summary for search engines) is no continuation of the teaser.
    other = "A different summary for search engines, written apart from the story. " * 12
    article = extract(shell(jsonld(other, **walled), markup=teaser))
    assert article.text == "\n\n".join(PARAGRAPHS[:2])
    # Without a wall, the page's own text is the story, however much longer the JSON-LD's
    # (a stale copy that still holds what the page took out).
    article = extract(shell(jsonld("\n".join(story)), markup=teaser))
    assert article.text == "\n\n".join(PARAGRAPHS[:2])


def test_a_jsonld_teaser_does_not_replace_a_short_body() -> None:
    # A short body stays unless the JSON-LD text is several times longer (a teaser of
    # the same story is not worth the page's own words).
    markup = "<article><p>The harbour authority approved the ferry terminal today.</p></article>"
    article = extract(shell(jsonld(PARAGRAPHS[0]), markup))
    assert article.text == "The harbour authority approved the ferry terminal today."


def _blocks(kind: str = "paragraph", key: str = "content") -> list[dict[str, str]]:
    return [{"type": kind, key: html.escape(text)} for text in PARAGRAPHS]


def test_article_from_a_list_of_blocks_in_next_data() -> None:
    state = {"props": {"pageProps": {"story": {"title": "Ferry", "content": _blocks(key="html")}}}}
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'
    assert extract(shell(script)).text == "\n\n".join(PARAGRAPHS)


def test_article_from_a_list_of_blocks_a_script_assigns() -> None:
    # Arc XP's globalContent: `content_elements`, text and header blocks.
    elements = [{"type": "header", "content": "What happens next"}, *_blocks("text")]
    state = {"headlines": {"basic": "Ferry"}, "content_elements": elements}
    assigned = f"window.Fusion=window.Fusion||{{}};Fusion.globalContent={json.dumps(state)};"
    script = f"<script>{assigned}</script>"
    assert extract(shell(script)).text == "\n\n".join(["What happens next", *PARAGRAPHS])


def test_article_from_portable_text() -> None:
    # Sanity's portable text: blocks of spans.
    blocks = [
        {"_type": "block", "style": "normal", "children": [{"_type": "span", "text": text}]}
        for text in PARAGRAPHS
    ]
    script = f'<script type="application/json">{json.dumps({"body": blocks})}</script>'
    assert extract(shell(script)).text == "\n\n".join(PARAGRAPHS)


def test_blocks_are_not_read_when_the_markup_holds_the_article() -> None:
    decoy = [{"type": "paragraph", "content": f"Another story, part {n}."} for n in range(5)]
    script = f'<script type="application/json">{json.dumps({"other": decoy})}</script>'
    assert extract(shell(script, f"<article>{BODY_HTML}</article>")).text == "\n\n".join(PARAGRAPHS)


def element(tag: str, children: object, class_name: str | None = None) -> list[object]:
    props: dict[str, object] = {"children": children}
    if class_name:
        props["className"] = class_name
    return ["$", tag, None, props]


def flight(*rows: object) -> str:
    """React flight data as a Next.js app-router page streams it: `ID:JSON` rows, one
    string cut into pushes at any character."""
    data = "".join(f"{n:x}:{json.dumps(row)}\n" for n, row in enumerate(rows, start=1))
    half = len(data) // 2
    return "<script>(self.__next_f=self.__next_f||[]).push([0])</script>" + "".join(
        f"<script>self.__next_f.push([1,{json.dumps(part)}])</script>"
        for part in (data[:half], data[half:])
    )


def test_article_from_react_elements_in_flight_data() -> None:
    """A page that bailed out to client rendering: the story only as React elements."""
    story = element(
        "article",
        [
            element("h1", "Ferry terminal approved"),
            ["$", "$L5", None, {"children": [element("p", p) for p in PARAGRAPHS]}],
            element("p", ["$$2 million ", "$undefined", element("a", "more")], "share-bar"),
        ],
    )
    bailed_out = '<template data-dgst="BAILOUT_TO_CLIENT_SIDE_RENDERING"></template>'
    article = extract(shell(flight(["$", "$L1", None, {}], story), bailed_out))
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_flight_elements_with_one_paragraph_are_no_article() -> None:
    article = extract(shell(flight(element("div", [element("p", PARAGRAPHS[0])]))))
    assert article.text == ""


def app(fallback: str, markup: str = "<div id='root'></div>") -> str:
    return shell("<script src='/static/main.js'></script>", markup + fallback)


def test_a_story_only_in_noscript_is_the_article() -> None:
    story = f"<noscript><div class='story'><h1>Ferry</h1>{BODY_HTML}</div></noscript>"
    article = extract(app(story))
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_a_story_only_in_noframes_is_the_article() -> None:
    frameset = (
        "<html><head><title>Ferry terminal approved - Harbour News</title></head>"
        "<frameset cols='150,*'><frame src='/nav.html'><frame src='/story.html' name='main'>"
        f"</frameset><noframes><body>{BODY_HTML}<p><a href='/story.html'>Text only</a></p>"
        "</body></noframes></html>"
    )
    assert extract(frameset).text == "\n\n".join(PARAGRAPHS)


def test_a_story_only_in_a_declarative_shadow_root_is_the_article() -> None:
    host = f"<story-page><template shadowrootmode='open'><style>p {{}}</style>{BODY_HTML}"
    assert extract(app("", host + "</template></story-page>")).text == "\n\n".join(PARAGRAPHS)


def test_noscript_pixels_and_pleas_are_never_text() -> None:
    fallbacks = (
        "<noscript><img src='https://px.example/t.gif' width='1' height='1'></noscript>"
        "<noscript><p>Please enable JavaScript to read Harbour News.</p>"
        "<p>This site requires JavaScript to work.</p></noscript>"
    )
    assert extract(app(fallbacks)).text == ""


def test_a_visible_story_is_never_replaced_by_its_fallbacks() -> None:
    visible = f"<article><h1>Ferry</h1>{BODY_HTML}</article>"
    article = extract(app(f"<noscript><div>{OTHER_STORY}</div></noscript>", visible))
    assert article.text == "\n\n".join(PARAGRAPHS)


NOTICE = (
    "<noscript><h2>JavaScript is disabled</h2><p>Harbour News uses JavaScript to play videos,"
    " show live scores and let you comment on stories. Your browser has it turned off, or an"
    " extension blocks it.</p><p>To watch this video, turn JavaScript on in your browser's"
    " settings and reload the page. An ad blocker or a privacy extension may need to allow our"
    " site.</p><p>Need help? Visit our help centre or contact our reader support team, Monday"
    " to Friday from 9am to 5pm.</p></noscript>"
)


def test_a_long_plea_to_turn_javascript_on_is_never_text() -> None:
    assert extract(app(NOTICE)).text == ""


def test_a_short_visible_caption_is_never_replaced_by_a_fallback() -> None:
    caption = "<article><p>Watch: firefighters rescue a horse from a flooded field.</p></article>"
    for fallback in (NOTICE, f"<noscript><div>{OTHER_STORY}</div></noscript>"):
        article = extract(app(fallback, caption))
        assert article.text == "Watch: firefighters rescue a horse from a flooded field."
