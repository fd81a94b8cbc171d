"""A recipe's ingredients, which its template prints in a box of links beside the prose,
are kept because the page's own structured data (schema.org `Recipe`) lists them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prose import paragraphs  # tests/ is on sys.path (no __init__.py)

from scraper.extract import extract
from scraper.extract.listings import listed_texts

INGREDIENTS = ["125 g flour", "65 g sugar", "1 egg", "500 ml milk", "2 tins of mandarins"]
STEPS = ["Knead the flour, sugar and egg into a dough.", "Bake at 175 °C for 80 minutes."]


def recipe_page(
    *, listed: list[str] = INGREDIENTS, split_cells: bool = False, data: bool = True
) -> str:
    """A recipe: its story in the article, the ingredients in a box beside it, each a link
    to a shop (as most recipe sites print them), and a box of other recipes."""
    recipe = {
        "@context": "https://schema.org",
        "@type": "Recipe",
        "name": "Mandarin cheesecake",
        "author": {"@type": "Person", "name": "Jo Baker"},
        "datePublished": "2006-10-10T08:00:00+02:00",
        "keywords": "cake, fruit, baking",
        "recipeIngredient": listed,
        "recipeInstructions": [{"@type": "HowToStep", "text": step} for step in STEPS],
    }
    script = f"<script type='application/ld+json'>{json.dumps(recipe)}</script>" if data else ""
    if split_cells:  # amount and ingredient each in a cell of its own
        rows = "".join(
            f"<div class='row'><div class='amount'>{line.split(' ', 2)[0]} "
            f"{line.split(' ', 2)[1]}</div><div class='name'><a href='/shop/{n}'>"
            f"{line.split(' ', 2)[2]}</a></div></div>"
            for n, line in enumerate(INGREDIENTS[:2] + INGREDIENTS[3:])
        )
    else:
        rows = "".join(
            f"<li><a href='/shop/{n}'>{line}</a></li>" for n, line in enumerate(INGREDIENTS)
        )
        rows = f"<ul>{rows}</ul>"
    others = "".join(
        f"<li><a href='/recipes/{n}'>Another cake recipe number {n}</a></li>" for n in range(8)
    )
    story = paragraphs("The cake", 4, "is the creamiest I know, and simple to bake. ")
    return f"""<html><head>{script}</head><body>
        <nav><a href='/'>Home</a> <a href='/cakes'>Cakes</a></nav>
        <div class='page'>
          <div class='ingredients-box'>
            <h3>Ingredients</h3>
            <p>For the dough:</p>
            {rows}
            <a class='button' href='/list/add'>Add to shopping list</a>
          </div>
          <article><h1>Mandarin cheesecake</h1>{story}
            <h2>Method</h2><p>{STEPS[0]}</p><p>{STEPS[1]}</p></article>
          <aside class='popular'><h3>Popular</h3><ul>{others}</ul></aside>
        </div></body></html>"""


def test_the_ingredients_the_recipe_lists_are_kept_with_their_box() -> None:
    text = extract(recipe_page()).text
    for line in INGREDIENTS:
        assert f"\n\n{line}\n\n" in text
    assert "For the dough:" in text and "Ingredients" in text  # the box's own headings
    assert text.index("125 g flour") < text.index("The cake 1")  # in page order
    assert "Add to shopping list" not in text  # a button in the box
    assert "Another cake recipe" not in text and "Home" not in text


def test_without_the_data_the_box_is_beside_the_article_as_before() -> None:
    text = extract(recipe_page(data=False)).text
    assert "125 g flour" not in text and "The cake 1" in text


def test_lines_the_page_does_not_show_keep_nothing() -> None:
    text = extract(recipe_page(listed=["3 apples", "1 pinch of cinnamon", "2 pears"])).text
    assert "125 g flour" not in text and "For the dough:" not in text


def test_an_amount_and_its_ingredient_in_cells_of_their_own_are_one_line() -> None:
    text = extract(recipe_page(split_cells=True)).text
    assert "\n\n125 g flour\n\n" in text and "\n\n2 tins of mandarins\n\n" in text


def test_the_lines_of_recipes_and_how_tos() -> None:
    steps: list[Any] = [
        {"@type": "HowToSection", "name": "Dough", "itemListElement": [
            {"@type": "HowToStep", "text": "Mix."}, {"@type": "HowToStep", "name": "Knead."}
        ]},
        "Bake.\nServe.",
    ]  # fmt: skip
    objects = [
        {"@type": "Recipe", "recipeIngredient": ["1 egg", " ", "2 cups flour"]},
        {"@type": "HowTo", "step": steps, "tool": [{"@type": "HowToTool", "name": "Whisk"}]},
    ]
    assert listed_texts(objects) == [
        ["1 egg", "2 cups flour"],
        ["Mix.", "Knead.", "Bake.", "Serve."],
        ["Whisk"],
    ]
    assert listed_texts([{"@type": "Recipe", "recipeIngredient": [[[[[["too deep"]]]]]]}]) == []


def test_a_recipe_is_the_pages_article_for_its_metadata() -> None:
    article = extract(recipe_page())
    assert article.title == "Mandarin cheesecake"
    assert article.authors == ["Jo Baker"]
    assert article.published == "2006-10-10T08:00:00+02:00"
    assert article.tags == ["cake", "fruit", "baking"]


QUESTIONS = [
    ("Who can apply for the grant?", "Every household with an income below the median can."),
    ("When does the scheme start?", "Applications open on the first of March next year."),
    ("How much is paid out?", "Up to two thousand euros, paid in two instalments."),
]


def faq_page(*, data: bool = True) -> str:
    """A story and, beside it, the publisher's FAQ box, whose questions a table of
    contents above the story also lists."""
    faq = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}}
            for q, a in QUESTIONS
        ],
    }
    script = f"<script type='application/ld+json'>{json.dumps(faq)}</script>" if data else ""
    contents = "".join(f"<li><a href='#q{n}'>{q}</a></li>" for n, (q, _) in enumerate(QUESTIONS))
    answers = "".join(  # as the FAQ blocks of WordPress's SEO plugins print them
        f"<div class='faq-section'><strong class='faq-question'>{q}</strong>"
        f"<p class='faq-answer'>{a}</p></div>"
        for q, a in QUESTIONS
    )
    story = paragraphs("The grant", 4, "will help households pay their heating bills. ")
    return f"""<html><head>{script}</head><body>
        <nav><a href='/'>Home</a> <a href='/money'>Money</a></nav>
        <ul class='toc'>{contents}</ul>
        <article><h1>Heating grant announced</h1>{story}</article>
        <div class='widget faq-widget'><h3>Frequently asked questions</h3>{answers}</div>
        <footer><a href='/imprint'>Imprint</a></footer></body></html>"""


def test_a_faqs_questions_and_answers_are_kept_once() -> None:
    before = extract(faq_page(data=False)).text
    assert QUESTIONS[0][1] not in before  # the box beside the story, to the general rules
    text = extract(faq_page()).text
    for question, answer in QUESTIONS:
        assert text.count(question) == 1 and text.count(answer) == 1
        assert text.index(question) < text.index(answer)
    assert text.index("The grant 1") < text.index(QUESTIONS[0][0])
    assert "Imprint" not in text and "Home" not in text


def test_lists_are_read_within_bounds() -> None:
    deep: Any = "x"
    for _ in range(4):
        deep = [deep] * 200  # 200⁴ lines, were they all read
    wide = [{"@type": "Recipe", "recipeIngredient": [f"{n} g of flour"]} for n in range(100)]
    assert listed_texts([{"@type": "HowTo", "step": deep}]) == [["x"] * 200]
    assert len(listed_texts(wide)) == 12


_PAGE_LINES = [*INGREDIENTS, "Ingredients", "For the dough:", "Home", "Method", *STEPS]
_LINE = st.one_of(
    st.sampled_from(_PAGE_LINES),
    st.sampled_from(_PAGE_LINES).map(lambda line: line[: len(line) // 2]),
    st.text(max_size=40),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_LINE, max_size=12), st.booleans())
def test_whatever_the_data_lists_no_word_of_the_text_is_lost(
    listed: list[str], split_cells: bool
) -> None:
    without = extract(recipe_page(split_cells=split_cells, data=False)).text.split()
    text = extract(recipe_page(listed=listed, split_cells=split_cells)).text
    words = text.split()
    assert all(words.count(word) >= without.count(word) for word in set(without))


def test_a_faq_after_a_signed_story_leaves_the_signature_its_last_line() -> None:
    signed = "<p style='text-align: right;'><strong>Lê Phương</strong></p>"
    html = faq_page().replace("</article>", f"{signed}</article>")
    article = extract(html)
    assert article.authors == ["Lê Phương"] and "Lê Phương" not in article.text
    assert QUESTIONS[2][1] in article.text


def review_page(*, notes: bool = True, rating: dict[str, Any] | None = None) -> str:
    """A product review: a verdict box of pros and cons between byline and body (outside
    the story's run of paragraphs), the verdict's prose closing the story."""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Review",
        "name": "Nordic Kettle Pro review",
        "author": {"@type": "Person", "name": "Ben Vik"},
        "itemReviewed": {"@type": "Product", "name": "Nordic Kettle Pro"},
        "reviewRating": rating or {"@type": "Rating", "ratingValue": 3, "bestRating": 5},
    }
    if notes:
        review["positiveNotes"] = {
            "@type": "ItemList",
            "itemListElement": [
                {"@type": "ListItem", "position": n, "name": name} for n, name in enumerate(PROS, 1)
            ],
        }
        review["negativeNotes"] = {"@type": "ItemList", "itemListElement": [{"name": CONS}]}
    pros = "".join(f"<li>{line}</li>" for line in PROS)
    return (
        f"<html><head><script type='application/ld+json'>{json.dumps(review)}</script></head>"
        "<body><article><h1>Nordic Kettle Pro review</h1><p class='byline'>By Ben Vik</p>"
        f"<div class='verdict-box'><h2>Pros</h2><ul>{pros}</ul><h2>Cons</h2><ul><li>{CONS}"
        "</li></ul><a class='buy' href='https://shop.example/kettle?aff=1'>£129 at Shop</a>"
        f"</div><div class='article-body'>{paragraphs('Review', 5)}<h2>Verdict</h2>"
        f"<p>{VERDICT}</p></div></article></body></html>"
    )


PROS = ["Boils a litre in 2 minutes 10 seconds", "Quietest kettle we have tested"]
CONS = "Lid hinge feels flimsy after six weeks"
VERDICT = "Fast and quiet, but at twice the price of our budget pick it is hard to recommend."


def test_a_reviews_pros_and_cons_its_data_lists_are_kept() -> None:
    article = extract(review_page())
    assert all(line in article.text for line in [*PROS, CONS, "Pros", "Cons"])
    assert "£129" not in article.text  # (the shop's link is no line of theirs)
    assert article.text.endswith(f"Verdict\n\n{VERDICT}")  # the conclusion stays


def test_without_the_lists_in_its_data_the_box_stays_out() -> None:
    article = extract(review_page(notes=False))
    assert CONS not in article.text
    assert article.text.endswith(VERDICT)


@pytest.mark.parametrize(
    ("rating", "expected"),
    [
        ({"ratingValue": 3, "bestRating": 5}, "3/5"),
        ({"ratingValue": "4.5"}, "4.5/5"),  # best: 5 unless said
        ({"ratingValue": 8, "bestRating": "10"}, "8/10"),
        ({"bestRating": 5}, None),
    ],
)
def test_a_reviews_own_rating_is_metadata(rating: dict[str, Any], expected: str | None) -> None:
    article = extract(review_page(rating=rating))
    assert article.rating == expected
    assert article.to_dict().get("rating") == expected


def test_readers_ratings_are_no_reviews() -> None:
    html = recipe_page().replace(
        '"keywords"', '"aggregateRating": {"ratingValue": 4.8, "ratingCount": 120}, "keywords"'
    )
    assert extract(html).rating is None
    assert "rating" not in extract(html).to_dict()
