"""Every boilerplate rule in rules.toml, with one text or element it must drop and one
it must keep. `test_every_rule_has_a_case` fails when a rule is added without a test
here. How the engine matches (case, `needs`, the loader's errors) is in
test_rules_engine.py.
"""

from __future__ import annotations

import pytest
from prose import paragraphs  # tests/ is on sys.path (no __init__.py)

from scraper.extract import extract
from scraper.extract.rules import default_rules

RULES = default_rules()
PROSE = (
    "<p>The council approved the budget on Tuesday after a debate that lasted most of the "
    "afternoon and ended with a narrow vote.</p>"
    "<p>Officials said the new plan would take effect next spring, pending a final review "
    "by the regional authority later this year.</p>"
)

# rule -> (text it drops, share of link text, text it keeps)
LINE_CASES: dict[str, tuple[str, float, str]] = {
    "promo-label": (
        "READ MORE: Russia Lacks Nearly 5 Million Workers This Year",
        0.8,
        "Read more about the ruling in the court's published summary of the case.",
    ),
    "link-line": ("Kim Jong Un Calls South Korea 'Principal Enemy'", 1.0, "A short line."),
    "read-also": ("Lire aussi", 0.0, "Lire aussi les lettres du ministre, a-t-il dit."),
    "link-block": (
        "Home News Sport Business Culture Weather Travel Science Opinion Obituaries Video "
        "Audio Podcasts Newsletters Puzzles Crosswords Horoscopes Archive About Contact",
        0.9,
        "A paragraph with a link in it.",
    ),
    "photo-credit": (
        "(Photo : JUNG YEON-JE/AFP via Getty Images)",
        0.0,
        "Photographers waited outside the court for hours.",
    ),
    "image-slug": ("SKOREA-NKOREA-SATELLITE", 0.0, "COVID-19"),
    "copyright": (
        "© 2024 VCPOST, All rights reserved. Do not reproduce without permission.",
        0.0,
        "The copyright claim was dismissed by the judge on Monday.",
    ),
    "comment-prompt": ("Join the Conversation", 0.0, "Join the conversation about schools."),
    "house-line": (
        "To contact the reporter on this story: Jane Doe in London at jdoe@news.example",
        0.0,
        "The minister said she would contact the reporter on Monday about this story.",
    ),
    "letters-invitation": (
        "Do you have an opinion on the issues raised in this article? If you would like to"
        " submit a response of up to 300 words by email to be considered for publication in"
        " our letters section, please click here.",
        0.0,
        "She wrote a letter to the council asking for the response to be published.",
    ),
    "share-prompt": ("Share this article", 0.0, "Share prices fell sharply on Monday."),
    "no-words": ("💡", 0.0, "=)"),
    "subscribe-pitch": (
        "Like this story? Subscribe to the Courier for $1 a week.",
        0.0,
        "Netflix said more people would subscribe to its plan, which costs $7 a month.",
    ),
    "newsletter-prompt": (
        "Sign up for our daily newsletter and get the news in your inbox.",
        0.0,
        "Readers signed up in large numbers, the editor said.",
    ),
    "follow-prompt": (
        "Follow the Daily Courier on Twitter and Instagram @courier.",
        0.0,
        "Follow these steps shared on Twitter to stay safe on the train.",
    ),
    "widget-text": ("Real Time Analytics", 0.0, "Real time analytics changed the trading floor."),
    "browser-notice": (
        "Der Browser wird leider nicht mehr unterstützt! Bitte aktiviere JavaScript.",
        0.0,
        "The newsroom moved its archive to a browser-based reader last year.",
    ),
    "byline": ("By Jace Dela Cruz", 0.0, "By the end of the year, prices had doubled."),
    "dateline": (
        "Jan 16, 2024 05:06 AM EST",
        0.0,
        "On Jan 16, 2024 the minister arrived in Moscow.",
    ),
    "teaser-excerpt": (
        "Oil prices climb again. Analysts expect the rally to continue into the next …",
        0.3,
        "He paused and said … nothing at all.",
    ),
    "markup-text": ('<img height="1" width="1" src="https://t.example/p">', 0.0, "a < b"),
    "section-label": ("You may also like", 0.0, "You may also like the new design."),
    "author-label": ("Über die Autorin", 0.0, "Über die Autorin des Berichts ist wenig bekannt."),
    "entry-meta": (
        "Posted in News, Transport | Tagged ferries, harbour | Leave a comment",
        0.4,
        "Posted in March, the letter reached the council a week later.",
    ),
    "bare-url": ("https://www.example.com/news/article-123.html", 0.0, "See example.com."),
    "contents-line": (
        "Jump to: What happened | The repairs | What it means for you",
        0.0,
        "Jump to the end of the report and you find the costs.",
    ),
    "credit-suffix": ("Fans at the parade. © Jane Roe / Agency", 0.0, "Its © mark was new."),
    "paywall-prompt": ("To read the full story, subscribe now.", 0.0, "Fans subscribe to it."),
    "support-appeal": ("Please consider supporting our work.", 0.0, "Funds support our schools."),
    "app-prompt": ("For breaking news alerts, get our app for iOS.", 0.0, "Get the app for iOS."),
    "letters-prompt": ("Submit a letter to the editor here.", 0.0, "She wrote to the mayor."),
    "disclaimer": ("Views expressed here are those of the author.", 0.0, "Views were heard."),
    "license-notice": ("This text is published under CC-BY-SA.", 0.0, "CC-BY-SA was debated."),
    "embed-consent": ("Ein Klick für den Datenschutz", 0.0, "Ein Klick genügt dem Datenschutz."),
    "download-link": ("Annual report 2023 (PDF, 2.4 MB)", 0.0, "The PDF was leaked in March."),
    "server-error": ("Warning: Undefined index in /www/a.php on line 12", 0.0, "Warning: storm"),
    "bookmark-notice": (
        "You can find this story in My Bookmarks. Or by navigating to the user icon.",
        0.0,
        "The story saved the paper, its editor said.",
    ),
    "comment-invite": ("Let us know in the comments!", 0.0, "Comments from the minister drew ire."),
    "issue-promo": ("Das Heft gibt es am Kiosk und im Abo.", 0.0, "Der Kiosk am Bahnhof schließt."),
    "citation-note": ("Suggested citation: Roe, Jane: On Courts, 2020.", 0.0, "Citation needed."),
    "reading-time": ("Reading time: 5 minutes", 0.0, "The reading time was 5 minutes."),
    "agency-signoff": ("ab/kna", 0.0, "CDU/CSU"),
    "legal-links": ("Impressum | Datenschutz | AGB", 0.0, "Datenschutz ist ihr Thema."),
    "player-notice": ("Sorry, this video has failed to load.", 0.0, "The video was viewed."),
    "media-teaser": ("VIDEO 4:42", 0.0, "Video 4 shows the arrest."),
    "republish-note": ("First published in The Review.", 0.0, "First published in 1951, it."),
    "error-report": (
        "Found a typo? Select the text and press Ctrl+Enter.",
        0.0,
        "Press Ctrl+Enter to send the message.",
    ),
    "editor-credit": ("【责任编辑：张三 】", 0.0, "编辑部的故事是一部电视剧。"),
    "empty-label": ("Publish date:", 0.0, "Publish date: set for May."),
    "agency-credit": ("AP Photo/Evan Vucci, File", 0.0, "Reuters/Ipsos poll shows support"),
    "wire-credit": (
        "Reporting by Jane Roe in London; Editing by John Doe",
        0.0,
        "Reporting by the BBC found that the council had misled the harbour board.",
    ),
    "comment-heading": (
        "12 thoughts on “Ferry plan approved”",
        0.0,
        "Two thoughts on the ferry plan occurred to the mayor during the meeting.",
    ),
    "click-prompt": (
        "12 issues for £11.99. Click here for more information.",
        0.0,
        "Users click through three screens before the form appears.",
    ),
    "cookie-notice": (
        "We use cookies to improve your experience on our site.",
        0.0,
        "The bakery said cookies sold out within an hour.",
    ),
    "subscription-offer": (
        "Try 3 months for £3, then £9.99 a month. Cancel anytime.",
        0.0,
        "The streaming service will cost £9.99 a month from March.",
    ),
    "price-offer": (
        "Get unlimited access to all our stories for just €1 for the first 3 months.",
        0.0,
        "Subscribers pay €1 for the first month and €9.99 after that, the paper said.",
    ),
    "reader-offer": (
        "You've read 3 of 5 free articles this month.",
        0.0,
        "Users can try the app free for 30 days, the company said.",
    ),
    "ai-summary-note": (
        "This summary was generated by AI and reviewed by our editors.",
        0.0,
        "The image was generated by AI, the agency said.",
    ),
    "subscriber-notice": (
        "This article is for subscribers only.",
        0.0,
        "The streaming service said its new drama series would be for subscribers only at first.",
    ),
    "app-interstitial": (
        "E-Paper und News in einer App",
        0.0,
        "Die Zeitung bietet ihr E-Paper seit Montag auch in einer App an, sagte der Verlag.",
    ),
    "initials-signoff": ("(jg)", 0.0, "Nein."),
    "news-signoff": ("（記者 王小明／台北報導）", 0.0, "記者王小明說，港口預算引發爭議。"),
    "relative-time": ("vor 5 Minuten", 0.0, "Vor 5 Minuten begann die Sitzung."),
    "tag-line": ("Tags: Budget, Council, Harbour", 0.0, "Tags were sold out, she said."),
    "taxonomy-line": ("Category : Press Releases", 0.0, "Categories of risk were discussed."),
    "info-line": (
        "News date : 04/21/2022 Category : Press Releases",
        0.0,
        "Views: mixed, they said.",
    ),
}

# rule -> (element it drops, element it keeps)
CONTAINER_CASES: dict[str, tuple[str, str]] = {
    "navigation": ('<ul class="main-nav">{}</ul>', '<div class="canvas">{}</div>'),
    "page-header": ("<header>{}</header>", "<article><header>{}</header><p>x</p></article>"),
    "page-footer": ("<footer>{}</footer>", '<div class="footnote">{}</div>'),
    "sidebar": ('<div class="sidebar">{}</div>', '<div class="has-sidebar">{}</div>'),
    "share-bar": ('<div class="social-share">{}</div>', '<div class="story">{}</div>'),
    "newsletter": ('<div class="newsletter-box">{}</div>', '<div class="news">{}</div>'),
    "related": ('<section class="related-posts">{}</section>', "<section>{}</section>"),
    "comments": ('<div id="comments">{}</div>', '<div class="commentary">{}</div>'),
    "advert": ('<div class="ad-slot">{}</div>', '<div class="head">{}</div>'),
    "tags": ('<div class="entry-tags">{}</div>', '<div class="tag-review">{}</div>'),
    "byline-box": ('<div class="author-bio">{}</div>', '<div class="authority">{}</div>'),
    "disclosure": ('<div class="affiliate-disclosure">{}</div>', '<div class="closure">{}</div>'),
    "caption": ("<figure>{}</figure>", '<div class="captioned-text">{}</div>'),
    "hidden": ('<div style="display: none">{}</div>', '<div style="color: red">{}</div>'),
    "field-label": ('<div class="field-label">{}</div>', '<div class="field-items">{}</div>'),
    "contact-box": ('<div class="contact-box">{}</div>', '<div class="contacts-list">{}</div>'),
    "rating": ('<div class="kk-star-ratings">{}</div>', '<div class="review-rating">{}</div>'),
    "poll": ('<div class="poll-widget">{}</div>', '<div class="election-polls">{}</div>'),
    "media-player": ('<div class="podcast-player">{}</div>', '<div class="video">{}</div>'),
    "appeal": ('<div class="support-us">{}</div>', '<div class="supporters">{}</div>'),
    "paywall-box": ('<div class="paywall-prompt">{}</div>', '<p class="paywall">{}</p>'),
    "ai-summary": ('<div class="ai-summary">{}</div>', '<div class="summary">{}</div>'),
    "summary-box": (
        '<div class="summary"><p>This summary was generated by AI.</p>{}</div>',
        '<div class="summary">{}</div>',
    ),
    "paywall": (
        '<div class="paywall"><p>Already a subscriber? <a href="/login">Log in</a></p>{}</div>',
        '<div class="paywall">{}</div>',
    ),
}
BOX_TEXT = "<p>Some words of a box, long enough to read as a sentence on the page.</p>"


def test_every_rule_has_a_case() -> None:
    assert {r.name for r in RULES.lines} == set(LINE_CASES)
    assert {r.name for r in RULES.containers} == set(CONTAINER_CASES)


@pytest.mark.parametrize("name", sorted(LINE_CASES))
def test_line_rule(name: str) -> None:
    dropped, link_share, kept = LINE_CASES[name]
    tail = next(rule.tail for rule in RULES.lines if rule.name == name)
    assert RULES.line_rule(dropped, link_share, after_article=tail) == name
    assert RULES.line_rule(kept, 0.0, after_article=tail) is None
    if tail:  # (inside the story, the same line stays)
        assert RULES.line_rule(dropped, link_share, after_article=False) is None


# More labels, in the other languages the rules cover: (rule, label it drops, sentence
# it keeps). A section label or a comment prompt takes the section under it along.
MORE_LINE_CASES = [
    ("photo-credit", "Photograph: Anna Berg/The Harbour Gazette", "Photographs show the quay."),
    ("photo-credit", "Photographs: Anna Berg", "Photographs by Don McCullin open the show."),
    ("photo-credit", "Photography: Lee Chan", "Photography: the art form the mayor dismissed."),
    (
        "house-line",
        "Sigue toda la información de Internacional en Facebook y X, o en nuestra"
        " newsletter semanal.",
        "Sigue toda la noche la lluvia en la costa.",
    ),
    (
        "house-line",
        "Únete al canal de WhatsApp de El Diario",
        "El canal de Suez reabrió el martes.",
    ),
    (
        "house-line",
        "To contact the editors responsible for this story: John Roe at jroe@news.example",
        "Editors said the story was accurate.",
    ),
    ("house-line", "اقرأ أيضاً: الحكومة تعلن خطة جديدة", "قال الوزير إن الخطة جديدة."),
    (
        "house-line",
        "المصدر : الجزيرة + وكالات",
        "قال المصدر إن الاجتماع سيعقد غدا في العاصمة بعد مشاورات طويلة بين الأطراف المعنية.",
    ),
    ("house-line", "تابعونا على تطبيق واتساب", "تابع الوزير الاجتماع."),
    (
        "house-line",
        "新浪财经公众号 24小时滚动播报最新的财经资讯和视频，"
        "更多粉丝福利扫描二维码关注（sinafinance）",
        "他说，二维码支付在农村地区迅速普及。",
    ),
    ("house-line", "资料图", "资料图显示，该桥建于1990年。"),
    (
        "house-line",
        "Related to this story",
        "Related to this story, the council also met on Monday.",
    ),
    ("widget-text", "Read transcript", "Read the transcript of the hearing online."),
    # Calls to action, labels and credits in the languages of the extraction QA's pages
    ("follow-prompt", "📲 Siga o canal do g-news SP no WhatsApp", "Siga a rua até o fim."),
    (
        "follow-prompt",
        "Bądź na bieżąco! Obserwuj nas w Wiadomościach Google.",
        "Obserwuj nas, mówili protestujący w Krakowie.",
    ),
    (
        "follow-prompt",
        "Son dakika haberler için bizi Google News'ten takip edin.",
        "Polis şüpheliyi üç gün takip etti.",
    ),
    (
        "follow-prompt",
        "देश-दुनिया की ताज़ा खबरें पढ़ने के लिए हमें Google News पर फॉलो करें",
        "उन्होंने नियमों का पालन करने को कहा।",
    ),
    ("follow-prompt", "更多精彩内容，请关注“上海发布”微信公众号。", "市民关注公园改造的进度。"),
    (
        "follow-prompt",
        'Mari bergabung di Grup Telegram "Kompas News Update", kemudian join.',
        "Warga bergabung dalam aksi bersih sungai.",
    ),
    ("follow-prompt", "Join our WhatsApp channel for the latest news", "Join the queue."),
    # House lines of the Indian and Asian press (heldout30 F10)
    (
        "follow-prompt",
        "Join ST's WhatsApp Channel and get the latest news and must-reads.",
        "Officials urged residents to join the city's WhatsApp channel for flood alerts.",
    ),
    (
        "follow-prompt",
        "Keep up with all the latest news from the UK and around the world by following Sky News",
        "Investors keep up with the latest rates by following the central bank.",
    ),
    (
        "app-prompt",
        "Get the latest news delivered to your WhatsApp: join our channel.",
        "Scammers send fake news to your WhatsApp, police warned.",
    ),
    (
        "disclaimer",
        "(Except for the headline, this story has not been edited by NDTV staff and is"
        " published from a syndicated feed.)",
        "The syndicated feed carried the story to 40 papers, the agency said.",
    ),
    (
        "disclaimer",
        "(Only the headline and picture of this report may have been reworked by the Business"
        " Standard staff; the rest of the content is auto-generated from a syndicated feed.)",
        "The rest of the content was reworked by staff, the editor said.",
    ),
    (
        "disclaimer",
        "(This story has not been edited by Outlook staff and is auto-generated from news"
        " agency feeds.)",
        "Agency feeds were down for an hour, editors said.",
    ),
    ("promo-label", "VÍDEOS: Tudo sobre São Paulo e região metropolitana", "Vídeos mostram."),
    ("promo-label", "BUNLARI DA OKUYUN: Marmaray seferleri uzatıldı", "Bunları okudu."),
    ("promo-label", "延伸閱讀：老屋健檢補助", "延伸的道路很長。"),
    ("promo-label", "更多中央社新聞：北市公車調漲", "更多市民參與了討論。"),
    ("widget-text", "विज्ञापन", "विज्ञापन पर खर्च बढ़ा है।"),
    ("widget-text", "פרסומת", "הפרסומת עוררה ויכוח ציבורי."),
    ("widget-text", "Dalszy ciąg materiału pod wideo", "Dalszy ciąg rozmów odbędzie się jutro."),
    ("widget-text", "Halaman:", "Halaman sekolah itu luas."),
    ("widget-text", "12Selanjutnya", "Selanjutnya, gubernur menjelaskan rencana itu."),
    ("widget-text", "点赞 128 | 收藏 | 分享", "点赞的人很多。"),
    ("copyright", "声明：本文版权归原作者所有，转载请注明出处。", "版权问题引发讨论。"),
    (
        "support-appeal",
        "Dziękujemy, że przeczytałaś/eś nasz artykuł do końca.",
        "Dziękujemy wszystkim za pomoc.",
    ),
    ("support-appeal", "Thank you for reading to the end.", "Thank you, she said."),
    ("photo-credit", "新华社记者 王刚 摄", "这是记者王刚拍摄的照片，摄于周一。"),
    ("bare-url", "hong@yna.co.kr", "Write to hong@yna.co.kr with tips."),
    ("agency-signoff", "انتهای پیام/", "انتهای پیام را نخواندیم و رفتیم."),
    ("section-label", "بیشتر بخوانید:", "بیشتر بخوانید و بیشتر بدانید، گفت."),
    (
        "dateline",
        "12 marzo 2024 (modifica il 12 marzo 2024 | 16:30)",
        "La modifica della legge è stata approvata il 12 marzo 2024.",
    ),
    ("wire-credit", "SOURCE Acme Robotics Inc.", "Source of the figures: the council."),
    ("section-label", "Media Contact:", "Media contacts were not told."),
    ("section-label", "Pressekontakt", "Pressekontakte gab es kaum."),
    ("widget-text", "Rate this recipe ★★★★★ 4.8 from 212 votes", "Rate this year: 4.8%."),
    (
        "section-label",
        "Das könnte dich auch interessieren:",
        "Das könnte dich auch interessieren, sagte sie.",
    ),
    ("section-label", "War dieser Artikel hilfreich?", "War dieser Artikel hilfreich? Kaum."),
    ("section-label", "Key events", "Key events of the week were the vote and the storm."),
    ("section-label", "Was this article helpful?", "Was this article helpful to the court?"),
    ("section-label", "Weiterführende Links", "Weiterführende Links zur Studie fehlen."),
    ("section-label", "MORE ABOUT", "More about the plan came out on Monday."),
    ("section-label", "See also", "See also the report of the commission."),
    ("section-label", "Also read", "Also read by millions: the harbour report."),
    ("section-label", "Table of contents", "The table of contents lists six chapters."),
    ("section-label", "Latest", "Latest figures show a fall in prices."),
    ("section-label", "Sommaire", "Sommaire et rapide, le jugement a surpris."),
    ("section-label", "Spis treści", "Spis treści liczy sześć rozdziałów."),
    ("section-label", "目次", "目次には六つの章がある。"),
    ("author-label", "Об авторе", "Об авторе книги известно мало."),
    ("author-label", "Sobre el autor", "Sobre el autor de la ley se sabe poco."),
    ("author-label", "作者简介", "作者简介在书的最后一页。"),
    ("section-label", "Berita Terkait", "Berita terkait banjir datang pagi ini."),
    ("section-label", "Související články", "Související články vyšly včera."),
    ("section-label", "Σχετικά άρθρα", "Τα σχετικά άρθρα του νόμου αλλάζουν."),
    ("section-label", "أخبار ذات صلة", "أخبار ذات صلة بالانتخابات نشرت أمس"),
    ("section-label", "Tin liên quan", "Tin liên quan đến bão được cập nhật."),
    ("section-label", "Quellen:", "Quellen im Ministerium bestätigten den Bericht."),
    ("section-label", "Ähnliche Beiträge", "Ähnliche Beiträge gab es 2019 nicht."),
    ("section-label", "【関連記事】", "関連記事の数が増えた。"),
    ("section-label", "관련기사", "관련기사에 따르면 그는 떠났다."),
    ("author-label", "About the author", "About the author of the report, little is known."),
    ("section-label", "Neueste Beiträge", "Die neueste Beiträge-Erhöhung trifft Rentner."),
    ("section-label", "Lesen Sie auch die folgenden Beiträge:", "Lesen Sie auch die Studie."),
    ("section-label", "Weitere Beiträge aus der Kolumne:", "Weitere Beiträge sind geplant."),
    ("section-label", "Mehr zum Thema auf example.de", "Mehr zum Thema sagte er nicht."),
    ("section-label", "Auch auf example.de", "Auch auf example.de las man davon."),
    ("section-label", "Das Thema könnte dich auch interessieren:", "Das Thema ist alt."),
    ("section-label", "Vorschau auf den nächsten Artikel", "Den nächsten Artikel schreibt sie."),
    ("section-label", "Schlagworte", "Schlagworte wie diese prägen die Debatte."),
    ("section-label", "Artikel bewerten", "Den Artikel bewerten Leser gut."),
    (
        "section-label",
        "Más sobre La Tercera",
        "Más sobre el caso se sabrá el lunes, dijo la fiscal.",
    ),
    ("comment-prompt", "12 Kommentare", "Kommentare von Lesern geben nicht unsere Meinung wieder."),
    (
        "comment-prompt",
        "Schreiben Sie einen Kommentar",
        "Schreiben Sie einen Kommentar zum Gesetz?",
    ),
    ("comment-prompt", "Laisser un commentaire", "Laisser un commentaire sur le projet de loi."),
    ("comment-prompt", "Comentarios", "Comentario"),
    ("comment-prompt", "1 Kommentar", "Kommentar"),
    # Other languages and shapes of older rules.
    ("copyright", "<저작권자 ⓒ 항구일보, 무단 전재-재배포 금지>", "저작권 분쟁이 계속됐다."),
    ("copyright", "版权所有，未经授权禁止转载", "版权问题引起了争议。"),
    ("paywall-prompt", "この記事は会員限定です。続きをお読みいただけます。", "会員が増えた。"),
    ("dateline", "November 28, 2013 -- Updated 0203 GMT (1003 HKT)", "HKT 1003 flight"),
    # A time zone's letters are a word of their own: "Castle" holds "cast" and "le".
    ("dateline", "Mon 3 Mar 2024 10:15 BST", "Castle 38 35 21 22"),
    ("error-report", "Нашли ошибку? Выделите её и нажмите Ctrl+Enter", "Ошибку нашли быстро."),
    ("error-report", "Kļūda rakstā?", "Kļūda rakstā tika labota vakar."),
    ("error-report", "【纠错】", "纠错机制很重要。"),
    ("editor-credit", "来源：新华网", "新华网报道了此事。"),
    ("comment-prompt", "Tell us what YOU think...", "Tell us what you think of it, she said."),
    ("comment-prompt", "Добавить отзыв", "Отзывы покупателей были хорошими, говорят в компании."),
    ("section-label", "Самые популярные диеты", "Самые популярные диеты часто опасны."),
    ("promo-label", "Читайте также: Мэр открыл мост", "Читайте также книгу мэра, советует он."),
    ("share-prompt", "Поделиться", "Поделиться хлебом было трудно."),
    ("copyright", "© 2024 Пример. Все права защищены.", "Права защищены законом, сказал судья."),
    ("newsletter-prompt", "Подпишитесь на нашу рассылку", "Рассылка писем остановлена."),
    ("app-prompt", "Подписывайтесь на наш канал в Telegram", "Канал закрыли в мае."),
    (
        "comment-invite",
        "Comments are moderated and may take a while to appear.",
        "Comments by the minister were approved by parliament.",
    ),
    ("markup-text", '[button link="/submit" type="big"] Send us your review[/button]', "[1] Roe"),
    ("empty-label", "Kontakt:", "Kontakt: Jane Roe, Tel. 123"),
    ("section-label", "İlgili Haberler", "İlgili haberler yüzünden bakan istifa etti."),
    ("promo-label", "Läs också: Regeringen föll", "Läs också boken, sa hon."),
    # A label and a headline; not a label and a sentence of the story.
    (
        "promo-label",
        "Related: What pests attack bougainvillea?",
        "Related: officials said the drought was linked to a third dry year.",
    ),
    ("comment-prompt", "Yorumlar", "Yorumlar olumluydu, dedi bakan."),
    ("share-prompt", "Paylaş", "Paylaşım ekonomisi büyüyor."),
    ("copyright", "© 2024 Örnek. Tüm hakları saklıdır.", "Hakları saklı tutuldu, dedi."),
    ("taxonomy-line", "Filed under: Politics", "Filed under the wrong name, the papers were lost."),
    ("taxonomy-line", "Posted in: Local News", "Published in 1998, the book sold well."),
    ("taxonomy-line", "Abgelegt unter: Politik", "Abgelegt unter Vorbehalt, sagte sie."),
    ("info-line", "Zugriffe: 12.345", "The date: 4 May. The source: a leaked memo."),
    ("widget-text", "HIER KOSTENLOS ANMELDEN »", "Hier kostenlos anmelden kann sich jeder."),
    ("widget-text", "Next", "Next year the ferry runs daily."),
    ("widget-text", "Pages: 1 2 3 4", "Pages 12 and 13 of the report were missing."),
    ("widget-text", "Su Mo Tu We Th Fr Sa", "Su and Mo were the ferry's first captains."),
    ("widget-text", "Weiterlesen nach der Anzeige", "Weiterlesen konnte sie nach der Pause."),
    ("widget-text", "Sigue leyendo después de la publicidad", "Sigue leyendo el informe, dijo."),
    ("widget-text", "Article continues after this advertisement", "The article continues."),
    ("newsletter-prompt", "Assine a nossa newsletter.", "Assine o contrato amanhã, disse ele."),
    ("photo-credit", "Vídeo: así está hoy el puente", "El vídeo muestra el puente hoy."),
    ("media-teaser", "VIDÉO. Le pont aujourd'hui", "La vidéo montre le pont."),
    ("widget-text", "Artikeln fortsätter under annonsen", "Artikeln fortsätter i morgon."),
    ("widget-text", "Lees verder na de advertentie", "Lees verder in het rapport, zei hij."),
    ("widget-text", "Haberin Devamı", "Haberin devamında bakan konuştu."),
    ("newsletter-prompt", "Bültenimize abone olun.", "Bülten dün yayımlandı."),
    ("newsletter-prompt", "ニュースレターに登録する", "ニュースレターは毎週届く。"),
    ("photo-credit", "Видео: так мост выглядит сегодня", "Видео сняли вчера."),
    ("photo-credit", "영상=연합뉴스", "영상은 어제 촬영됐다."),
    ("share-prompt", "Partager cet article", "Partager cet article, dit-elle, est facile."),
    ("share-prompt", "Condividi questo articolo", "Condividi questo articolo con tutti, disse."),
    ("comment-prompt", "Comments (12)", "Comments from 12 readers were read out."),
    ("comment-prompt", "Lascia un commento", "Lascia un commento sul tavolo, disse."),
    ("comment-prompt", "Have your say: join the conversation below.", "Have your say, he said."),
    ("agency-signoff", "(EFE)", "(EFE reported it first.)"),
    ("tag-line", "Topics: Transport, Harbour, Ferries", "Topics of the talks: the harbour."),
    ("section-label", "Mehr aus dem Ressort", "Mehr aus dem Ressort kam nicht."),
    ("section-label", "Другие материалы рубрики", "Другие материалы дела изучены."),
    ("media-teaser", "Listen on Spotify", "Listen on Spotify, he said, was his advice."),
    ("dateline", "Thứ hai, 4/3/2024, 10:00 (GMT+7)", "Thứ hai là ngày 4/3/2024, ông nói."),
    ("dateline", "Mercredi 4 mars 2024", "Mercredi 4 mars 2024, il pleuvait."),
    (
        "comment-invite",
        "Your email address will not be published. Required fields are marked *",
        "The address was not published, the council said.",
    ),
    (
        "comment-invite",
        "Deine E-Mail-Adresse wird nicht veröffentlicht.",
        "Die Adresse wird nicht veröffentlicht, sagte sie.",
    ),
    ("comment-prompt", "Leave a Reply Cancel reply", "Leave a reply on the form, he said."),
    ("widget-text", "Like Loading...", "Like loading a ferry, it takes time."),
    ("widget-text", "Page 1 of 3", "Page 1 of 3 was missing from the report."),
    ("widget-text", "Seite 2 von 5", "Seite 2 von 5 fehlte im Bericht."),
    (
        "embed-consent",
        "We need your consent to load this YouTube content.",
        "We need your consent to load the ferry, the captain said.",
    ),
    (
        "embed-consent",
        "Externer Inhalt: Hier finden Sie einen externen Inhalt von Twitter.",
        "Hier finden Sie einen Hafen, sagte er.",
    ),
    ("share-prompt", "Deel dit artikel", "Deel dit artikel met je vrienden, zei ze."),
    ("comment-prompt", "12 komentarzy", "12 komentarzy napisali czytelnicy."),
    ("comment-prompt", "Deixe seu comentário", "Deixe seu comentário na porta, disse ela."),
    ("agency-signoff", "(ТАСС)", "(ТАСС сообщил об этом.)"),
    (
        "republish-note",
        "Bu haber ilk olarak 12 Mart 2024 tarihinde yayımlandı.",
        "Rapor ilk olarak 12 Mart 2024 tarihinde yayımlandı.",
    ),
    (
        "republish-note",
        "This article was originally published on March 12, 2024.",
        "The report was originally published on March 12, 2024.",
    ),
    (
        "republish-note",
        "Cet article a été publié initialement le 12 mars 2024.",
        "Le rapport a été publié initialement le 12 mars 2024.",
    ),
    ("section-label", "Weiterführender Link", "Ein weiterführender Link fehlt leider."),
    ("photo-credit", "Abbildung 4: Ein Schneeprofil.", "Die Abbildung zeigt ein Schneeprofil."),
    ("photo-credit", "Figure 2: The model's forecast.", "The figure: 12 percent."),
    ("copyright", "Example Media - wszelkie prawa zastrzeżone", "Prawa zostały zastrzeżone."),
    ("photo-credit", "Titelbild: Jane Roe", "Das Titelbild zeigt den Dom."),
    ("photo-credit", "Фото: Анна Иванова / РИА Новости", "Фото сделали в Москве."),
    ("photo-credit", "Fotoğraf: AA", "Fotoğraf sergisi açıldı."),
    ("photo-credit", "사진=연합뉴스", "사진 전시회가 열렸다."),
    ("photo-credit", "写真：共同", "写真展が開かれた。"),
    ("photo-credit", "Φωτογραφία: EUROKINISSI", "Η φωτογραφία τραβήχτηκε χθες."),
    ("photo-credit", "Źródło: Agencja", "Źródło wody wyschło."),
    ("photo-credit", "Foto(s): © Archiv", "Fotos zeigen das Archiv."),
    ("photo-credit", "imago images/Jane Roe", "Imago images sold well/badly, he said."),
    ("credit-suffix", "Der Dom im Winter. Bildrechte: Jane Roe", "Bildrechte sind teuer."),
    ("credit-suffix", "Fog on the bay. (jroe / iStock.com)", "iStock sold the archive."),
    ("dateline", "Pubblicato il 3 Marzo 2021 Ultima modifica 4 Marzo 2021", "Il 3 marzo piove."),
    ("dateline", "Aktualizacja: 01.03.2024 Publikacja: 01.03.2024 09:00", "Aktualizacja systemu 2"),
    ("dateline", "12/05/2024 09:30 Actualizado a las 10:45h.", "12 personas a las 10."),
    (
        "dateline",
        "الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)",
        "في 12 مارس 2024 قتل 12 شخصا",  # "on 12 March 2024, 12 people were killed"
    ),
    ("dateline", "Updated 9:41 AM GMT+2", "+49 30 1234567 8"),
    ("comment-prompt", "أضف تعليقاً", "التعليقات على الخبر كانت إيجابية"),
    (
        "comment-invite",
        "الآراء الواردة أدناه لا تعبر عن رأي موقع CNN بالعربية، بل تعكس وجهات نظر أصحابها فقط.",
        "ترحب الحكومة بالنقاش حول الميزانية",  # the government welcomes the debate
    ),
    (
        "comment-invite",
        "The views expressed in the comments are not ours.",
        "The views expressed by the minister surprised the committee.",
    ),
    (
        "error-report",
        "Iezīmējiet tekstu un spiediet uz Ziņot par kļūdu pogas, lai nosūtītu fragmentu!",
        "Select a supplier, then report an error in the invoice to the tax office.",
    ),
    ("dateline", "Aktualisiert am 01.03.2024 - 10:15 UhrLesedauer: 3 Min.", "Lesedauer: lang"),
    ("dateline", "asked Mar 3, 2015 at 10:12", "She asked on Mar 3, 2015 at 10:12."),
    ("share-prompt", "Rezept drucken Auf Pinterest merken", "Rezept: Zwiebeln drucken?"),
    ("share-prompt", "Willst du diesen Beitrag teilen?", "Willst du teilen, fragt er."),
    (
        "byline",
        "Par Claire Martin et Julien Petit — Publié le 3 mars 2024 à 17h06, mis à jour le 4 mars",
        "Par exemple, le syndicat a publié le 3 mars 2024 un rapport sur les réserves d'eau.",
    ),
    # A share label's networks come with it; a network's name alone is no share bar.
    ("share-prompt", "Share this article: Facebook WhatsApp E-Mail", "Facebook"),
    ("share-prompt", "Artikel teilen: Facebook X LinkedIn Link kopieren", "Twitter, X und Co."),
    ("paywall-prompt", "Already a subscriber? Sign in", "Already a subscriber, she signed in."),
    ("widget-text", "Bild vergrößern", "Das Bild zeigt ein Schloss."),
    ("widget-text", "Text size", "The text size of the law is huge."),
    ("no-words", "* * *", "Ahoy"),
    (
        "subscribe-pitch",
        "Get unlimited access for just $1 a week. Cancel anytime.",
        "Did you like this plan? The mayor asked the council.",
    ),
    (
        "support-appeal",
        "Support independent news. Your gift keeps our reporting free.",
        "Residents said they support the new harbour plan.",
    ),
    ("widget-text", "Keine Bewertungen", "Noch keine Bewertungen liegen vor."),
    ("widget-text", "Czytaj więcej", "Czytaj więcej o tym w raporcie."),
    ("widget-text", "Article continues below", "The article continues below the fold, he said."),
    # Ad labels, share buttons, comment headings and prompts in more languages.
    ("widget-text", "Reklama", "Reklama w telewizji kosztuje dużo."),
    ("widget-text", "광고", "광고 시장이 커졌다."),
    ("widget-text", "Pubblicità", "La pubblicità è cresciuta."),
    ("widget-text", "Bild 1 von 12", "Bild 1 von 12 Bildern zeigt den Hafen."),
    ("widget-text", "Фото 1 из 12", "Фото 1 из 12 показывает порт."),
    ("widget-text", "Open gallery", "Open the gallery door, he said."),
    ("widget-text", "Close", "Close to the harbour."),
    ("widget-text", "Devamını oku", "Devamını okuyunca anladı."),
    ("widget-text", "続きを読む", "続きを読むと分かる。"),
    ("widget-text", "CONTINUA DEPOIS DA PUBLICIDADE", "A publicidade continua depois."),
    ("widget-text", "Dalsza część artykułu pod reklamą", "Dalsza część prac ruszy w maju."),
    ("widget-text", "SCROLL TO CONTINUE WITH CONTENT", "Scroll down, he said."),
    ("share-prompt", "Bagikan", "Bagikan makanan kepada tetangga."),
    ("share-prompt", "공유하기", "공유하기 어려운 정보다."),
    ("comment-prompt", "Komentarze", "Komentarz"),
    ("comment-prompt", "댓글", "댓글 문화가 바뀌었다."),
    ("comment-prompt", "全部评论", "评论"),
    ("newsletter-prompt", "Suscríbete a nuestro boletín", "El boletín oficial publicó la ley."),
    ("newsletter-prompt", "Schrijf je in voor onze nieuwsbrief", "De nieuwsbrief verscheen."),
    ("follow-prompt", "Ikuti kami di Google News", "Ikuti kami ke pasar, kata dia."),
    ("follow-prompt", "Bizi Google News'ten takip edin", "Polis şüpheliyi takip edin dedi."),
    ("follow-prompt", "Suivez-nous sur Google Actualités", "Suivez-nous, dit le guide."),
    ("app-prompt", "Скачайте наше приложение", "Приложение скачали миллион раз."),
    ("app-prompt", "Unduh aplikasi kami", "Aplikasi ini diunduh jutaan kali."),
    ("widget-text", "Info-Box aufklappen Info-Box zuklappen", "Die Box klappt auf."),
    ("newsletter-prompt", "Abonnieren Sie unseren Newsletter", "Der Newsletter erschien."),
    ("promo-label", "Anzeige: Neue Kochkurse im Herbst", "Die Anzeige erschien am Montag."),
    ("section-label", "Temas relacionados", "Los temas relacionados con el caso."),
    ("section-label", "Czytaj też:", "Czytaj też raport."),
    ("section-label", "Lees ook", "Lees ook het rapport."),
    ("section-label", "Articles similaires", "Des articles similaires ont paru."),
    ("section-label", "Weitere Tourentipps in Norwegen", "Weitere Tipps gab er nicht."),
    ("section-label", "Mehr Kolumnen auf example.de:", "Mehr Kolumnen schreibt sie nicht."),
    ("section-label", "Schlagwörter zu diesem Artikel", "Schlagwörter prägen die Debatte."),
    ("section-label", "Inhaltsverzeichnis", "Das Inhaltsverzeichnis fehlt."),
    ("paywall-prompt", "Pour lire la suite", "Pour lire la suite du rapport, il faut attendre."),
    ("byline", "Ein Artikel von Ruth Okafor | 27.01.2022", "Ein Artikel von gestern erklärt es."),
    ("paywall-prompt", "Hazte socio hoy", "Se hizo miembro en 2019."),
    ("paywall-prompt", "Pozostało jeszcze 80% artykułu", "Pozostało 80% budżetu."),
    ("subscriber-notice", "Этот материал доступен только подписчикам.", "Подписчики выросли."),
    ("subscriber-notice", "Artikel ini khusus untuk pelanggan.", "Pelanggan listrik mengeluh."),
    ("subscriber-notice", "Cet article est réservé aux abonnés.", "Les abonnés ont voté."),
    ("cookie-notice", "Мы используем файлы cookie для улучшения работы сайта.", "Печенье cookie."),
    ("cookie-notice", "Sitemizde çerezler kullanılmaktadır.", "Çerezler hakkında yeni yasa."),
    ("browser-notice", "Для просмотра включите JavaScript.", "JavaScript — язык программирования."),
    (
        "paywall-prompt",
        "2 Wochen kostenlos testen",
        "Zwei Wochen kostenlos testen dürfen nur Neukunden.",
    ),
    (
        "paywall-prompt",
        "Start your free trial",
        "Start your free trial before the fees rise, he said.",
    ),
    ("media-teaser", "Watch video 02:17", "Watch video 2 from the trial."),
    ("media-teaser", "ZOBACZ WIDEO Trener o meczu", "Zobacz, jak wideo zmieniło sędziowanie."),
    ("media-teaser", "Watch now", "Watch now as the votes are counted, the host said."),
    ("media-teaser", "Listen to this article", "Listen to this, she said."),
    ("media-teaser", "Video verfügbar bis 28.02.2021", "Verfügbar bis 2025 sind 30 Wohnungen."),
    ("media-teaser", "Прослушать статью", "Прослушать статью можно в приложении."),
    ("reading-time", "Время чтения: 5 минут", "Время чтения сократилось."),
    ("reading-time", "Okuma süresi: 5 dakika", "Okuma süresi arttı."),
    ("tag-line", "Теги: политика, экономика", "Теги на одежде."),
    ("news-signoff", "（完）", "完成了预算。"),
    ("relative-time", "5 минут назад", "5 минут назад он ушёл."),
    ("relative-time", "2 saat önce", "2 saat önce toplantı başladı."),
    ("relative-time", "5分前", "5分前に到着した。"),
    ("relative-time", "Heute, 14:35", "Heute, 14:35 Uhr, beginnt die Sitzung."),
    ("news-signoff", "（共同）", "共同で調査した。"),
    ("news-signoff", "홍길동 기자 hong@hankookilbo.com", "홍길동 기자는 예산을 비판했다."),
    ("news-signoff", "[서울=뉴시스]", "뉴시스가 보도했다."),
    ("editor-credit", "原标题：港口预算引发争议", "原标题是什么？"),
    ("tag-line", "Etiketler: Bütçe, Meclis", "Etiketler değişti."),
    ("tag-line", "タグ 予算 議会", "タグを付けた。"),
    ("tag-line", "Schlagwörter: Haushalt, Rat", "Die Schlagwörter der Woche."),
    ("dateline", "Do 27.04.2023 15:17 Uhr 01:00 min", "Do it on 27.04.2023 at 15:17."),
    ("dateline", "Обновлено 27 ноября 2026, 14:35", "Обновлено 27 домов в Москве"),
    ("dateline", "Frissítve: 2026. november 27. 14:35", "Frissítve 27 ház 2026-ban"),
    ("dateline", "Güncelleme: 27.11.2026 14:35", "Güncelleme 27 kişiyi etkiledi"),
    ("dateline", "更新日時：2026年11月27日 14時35分", "2026年に27人が更新した"),
    ("dateline", "Mis à jour le 27/11/2026 à 14h35", "Mis à jour 27 fois, dit-il."),
    ("dateline", "Bijgewerkt: 27 november 2026 om 14:35", "Om 14:35 vertrok de trein."),
    ("app-prompt", "Únete a nuestro canal de Telegram", "El canal de Panamá cerró."),
    ("support-appeal", "Jetzt spenden!", "Die Spende kam aus Bayern."),
    ("embed-consent", "Empfohlener redaktioneller Inhalt", "Der Inhalt wurde empfohlen."),
    ("embed-consent", "Externer Inhalt", "Externer Inhalt kann gefährlich sein, warnt das BSI."),
    (
        "embed-consent",
        "Um Deine persönlichen Daten zu schützen, haben wir das automatische Laden der "
        "Inhalte von twitter.com blockiert.",
        "Um ihre Daten zu schützen, hat die Bank Konten blockiert.",
    ),
    (
        "embed-consent",
        "To protect your privacy, this embedded post from X has been blocked.",
        "To protect your privacy, the bank blocked all cards.",
    ),
    ("comment-invite", "Es gilt unsere Netiquette.", "Die Netiquette ist alt."),
    (
        "subscriber-notice",
        "記事に反応できます。ご利用には会員登録が必要です。",
        "会員登録が増えた。",
    ),
    ("follow-prompt", "カテゴリーをフォローする", "政府はフォロー体制を強化すると発表した。"),
    (
        "comment-invite",  # the conditions as a whole paragraph, longer than a line
        "Bitte achten Sie darauf, dass Ihre Kommentare themenbezogen sind. "
        + "Beleidigungen und Drohungen werden nicht toleriert und entfernt. " * 8,
        "Die Kommentare des Ministers waren themenbezogen, sagte sie.",
    ),
    (
        "embed-consent",
        "Sieh dir diesen Beitrag auf Instagram an",
        "Sieh dir diesen Beitrag auf Instagram an, schrieb sie ihren Fans.",
    ),
    ("embed-consent", "View this post on Instagram", "View this post on Instagram, she wrote."),
    (
        "comment-invite",
        "Bitte achten Sie darauf, dass Ihre Kommentare sachlich sind.",
        "Die Kommentare der Leser waren sachlich.",
    ),
    # Credits and prompts that close a story, beside sentences that only share words.
    (
        "wire-credit",
        "With reporting by Associated Press writer Jane Roe",
        "Many scientists from forty countries contributed to the report's findings.",
    ),
    ("wire-credit", "(Reporting by Jane Roe)", "Reporting by the BBC found that the council lied."),
    (
        "wire-credit",
        "Associated Press writer Jane Roe in Paris contributed to this report.",
        "Many scientists from forty countries contributed to the report's findings.",
    ),
    (
        "republish-note",
        "This article originally appeared on The Harbour Review.",
        "The song originally appeared on their 1971 album.",
    ),
    ("widget-text", "Continue reading the main story", "Continue reading the report, she said."),
    ("widget-text", "Jetzt abonnieren", "Jetzt abonnieren mehr Leser die Zeitung."),
    (
        "newsletter-prompt",
        "Get the latest news delivered to your inbox.",
        "The latest news reached the harbour at noon.",
    ),
    (
        "app-prompt",
        "Download our app for the latest news.",
        "The app was downloaded a million times.",
    ),
    (
        "letters-prompt",
        "Have a news tip? Email us at tips@harbour.example.",
        "The mayor said she got a tip from a resident.",
    ),
    (
        "share-prompt",
        "Print This Article Share it With Friends",
        "She said she would share it with friends.",
    ),
    (
        "app-interstitial",
        "Nouveau : découvrez nos offres Premium !",
        "Découvrez nos offres, dit-il, puis il est parti.",
    ),
    ("app-interstitial", "Alle News und das E-Paper in der App", "The paper's app crashed."),
    # A photographer and an agency around a slash, not words joined by one.
    ("agency-credit", "Amy K. Dragoo/AIMMEDIA", "Sales and Marketing/Events"),
    ("agency-credit", "(REUTERS/Jane Roe)", "Input/Output"),
    ("agency-credit", "Jane Roe / STAFF", "AP Photo/evan"),
    ("agency-credit", "Xinhua/Wang Ying", "Reuters/Ipsos poll shows support"),
]


@pytest.mark.parametrize(("name", "label", "sentence"), MORE_LINE_CASES)
def test_more_line_cases(name: str, label: str, sentence: str) -> None:
    assert RULES.line_rule(label, 0.0, after_article=False) == name
    assert RULES.line_rule(sentence, 0.0, after_article=False) is None


@pytest.mark.parametrize("name", sorted(CONTAINER_CASES))
def test_container_rule(name: str) -> None:
    dropped, kept = CONTAINER_CASES[name]
    for template, expect_dropped in ((dropped, True), (kept, False)):
        html = f"<body><main>{PROSE}</main>{template.format(BOX_TEXT)}</body>"
        article = extract(html, explain=True)
        rules = {r.rule for r in article.removed if "words of a box" in r.text}
        assert (rules == {name}) is expect_dropped, (template, rules)


@pytest.mark.parametrize(
    ("names", "rule"),
    [
        ("ez-toc-container", "navigation"),
        ("toc", "navigation"),
        ("toc_title_1", None),  # a heading a table of contents links to
        ("entry-utility", "byline-box"),
        ("postmetadata alt", "byline-box"),
        ("saboxplugin-wrap", "byline-box"),
        ("_brlbs-content-blocker", "hidden"),
        ("td-crumb-container", "navigation"),  # tagDiv themes' breadcrumbs
        ("news-letter-section", "newsletter"),
        ("next-post-thumbnails", "related"),  # the next story, often loaded in full
        ("lee-tambien-caja", "related"),  # "read also" in Spanish
        ("news-tag-wrapper", "tags"),
        ("tag-links", None),  # "tag-…" names a post's tag (ignore_classes)
        ("tagbox", "tags"),
        ("affiliate-text", "disclosure"),
        ("wprm-user-rating", "rating"),  # a recipe card's readers' rating
        ("wprm-recipe-tag-container", None),  # a recipe card's course and cuisine
        ("article-tldr-ratings", None),  # a review's own verdict
        ("wp-polls", "poll"),
        ("polldaddy", "poll"),
        ("polling-station-map", None),  # an election story's own map
        # An image's attribution is a caption, a quote's is not.
        ("m-detail-header--image-attribution", "caption"),
        ("photo-attribution", "caption"),
        ("pull-quote__attribution", None),
        ("img_desc", "caption"),  # Naver's photo caption
        ("article-description", None),
        ("attribution", None),
        # A recipe's "print-links" area is its ingredients, not a print button.
        ("prev-post", "related"),
        ("mc4wp-form", "newsletter"),
        ("adsbygoogle", "advert"),
        ("follow-us", "share-bar"),
        ("recipe-ingredients print-links", None),
        ("donate-box", "appeal"),
        ("audio-player", "media-player"),
        ("article-controls", "share-bar"),
        ("lightbox", "hidden"),  # an image viewer's own box, hidden until opened
        ("o-media js-lightbox-gallery", "caption"),  # a gallery, shown: not "hidden"
        ("piano-offer", "paywall-box"),
        ("c-paywall__inline", None),  # (BEM: a part of the box, dropped with it)
        ("article-paywall-box", "paywall-box"),
        ("paywall-content", None),  # the story's own text behind the wall
        ("paywalled", None),
        ("paywall", "paywall"),  # only holding the wall's words: Condé Nast's paragraphs
        ("paywall-modal paywall-modal--paywall", "paywall-box"),
    ],
)
def test_class_names_of_common_widgets(names: str, rule: str | None) -> None:
    assert RULES.container_by_class(names) == rule


def test_class_rules_never_drop_most_of_the_page() -> None:
    html = f'<body><div class="comments-section share">{PROSE}</div></body>'
    assert extract(html).text.count("\n\n") == 1


NOTICE = (
    "<p>Necessary cookies are absolutely essential for the website to function properly and "
    "they only ensure the basic functionalities and security features of the site.</p>"
)


def test_a_box_beside_the_marked_article_is_dropped_however_long() -> None:
    # A cookie dialog after the story, with more prose than the story itself.
    html = (
        f'<body><article>{PROSE}</article><div class="cli-modal" aria-hidden="true">'
        f"{NOTICE * 3}</div></body>"
    )
    article = extract(html, explain=True)
    assert "cookies" not in article.text
    assert "narrow vote" in article.text
    assert {r.rule for r in article.removed if "cookies" in r.text} == {"hidden"}


def test_a_hidden_box_holding_most_of_the_page_is_kept_without_a_marked_article() -> None:
    # A paywall hides the story itself: nothing else on the page claims to be the article.
    html = f'<body><div class="paywall-overlay">{PROSE}</div><p>Subscribe now.</p></body>'
    assert "narrow vote" in extract(html).text


def test_an_article_without_prose_is_its_marked_element() -> None:
    # A schedule: short lines only, and one sentence of notice that would win alone.
    stages = "".join(f"<p>Stage {n}: {n} May, Riverside circuit</p>" for n in range(1, 9))
    html = (
        f"<body><nav><a href='/'>Home</a></nav><article><h2>Season calendar</h2>{stages}"
        "<div class='note'><p>Please note: comments that insult other readers or stray from "
        "the subject will not be approved by the moderators.</p></div></article></body>"
    )
    text = extract(html).text
    assert "Stage 1: 1 May" in text
    assert "Stage 8: 8 May" in text


def test_a_teaser_card_whose_link_wraps_headline_and_summary_is_link_text() -> None:
    card = (
        "<li><a href='/budget-vote'><h4>Budget approved</h4><p>Officials said the plan would "
        "take effect next spring, pending a final review by the authority.</p></a></li>"
    )
    article = extract(f"<body><main>{PROSE}</main><ul>{card * 3}</ul></body>", explain=True)
    assert "Officials said the plan" not in article.text
    assert {r.rule for r in article.removed if r.text.startswith("Officials")} == {"link-line"}


@pytest.mark.parametrize(
    ("position", "expected"),
    [("start", "stray-fragment"), ("middle", None)],
)
def test_stray_fragments_only_before_the_article(position: str, expected: str | None) -> None:
    fragment = "<div>Politics</div>"
    html = (
        f"<main>{fragment}{PROSE}</main>"
        if position == "start"
        else (f"<main>{PROSE.replace('</p><p>', f'</p>{fragment}<p>')}</main>")
    )
    article = extract(html, explain=True)
    assert {r.rule for r in article.removed if r.text == "Politics"} == (
        {expected} if expected else set()
    )


@pytest.mark.parametrize(
    ("opening", "kept"),
    [
        ("<p>It was a night to remember.</p>", True),  # a short sentence opens the story
        ("<p><strong>Why now?</strong></p>", True),  # an interview's first question
        ("<p>Wow!</p>", False),  # too few words to tell
        ("<p>आखिरकार योजना पास हो गई।</p>", True),  # a Hindi sentence ends with a danda
        ("<p>5 min read</p>", False),
        ("<div>It was a night to remember.</div>", False),  # not a paragraph of the text
        # The story's key points, over it; not a breadcrumb's or a tag list's links.
        ("<ul><li>Ferries resume on Monday after three weeks</li></ul>", True),
        ("<ul><li><a href='/news/harbour/ferries'>Ferries and harbour news</a></li></ul>", False),
        ("<ul><li>Harbour news</li></ul>", False),
    ],
)
def test_a_short_sentence_opening_the_story_is_no_fragment(opening: str, kept: bool) -> None:
    text = extract(f"<main>{opening}{PROSE}</main>").text
    assert text.startswith("The council") is not kept


@pytest.mark.parametrize("heading", ["2 responses", "One response to “Ferry plan”"])
def test_a_comment_heading_without_a_class_takes_the_comments(heading: str) -> None:
    comments = "".join(
        f"<div><p><b>{name}</b> says:</p><p>{name} thinks the ferry plan is a waste of the "
        "council's money and will never carry a single passenger.</p></div>"
        for name in ("Tom", "Ann")
    )
    article = extract(f"<article>{PROSE}<div><h3>{heading}</h3>{comments}</div></article>")
    assert article.text.startswith("The council approved") and "says" not in article.text


def test_a_repeated_paragraph_is_kept_once() -> None:
    paragraph = "<p>The same paragraph, printed twice by a responsive layout, once each.</p>"
    article = extract(f"<main>{PROSE}{paragraph}{paragraph}</main>", explain=True)
    assert article.text.count("printed twice") == 1
    assert [r.rule for r in article.removed] == ["duplicate"]


def test_a_dropped_heading_takes_its_section() -> None:
    html = (
        f"<main>{PROSE}<div><h3>Related articles</h3><h4>Strike ends</h4>"
        "<p>Talks resumed on Friday morning after a week of disruption on the lines.</p>"
        "</div></main>"
    )
    article = extract(html, explain=True)
    assert "Talks resumed" not in article.text
    assert {r.rule for r in article.removed} == {"section-label"}


def test_a_dropped_heading_takes_teasers_under_greater_linked_headlines() -> None:
    teasers = "".join(
        f"<li><h3><a href='/story-{n}'>Strike {n} ends</a></h3>"
        f"<p>Talks resumed on Friday morning after a week of disruption on line {n}.</p></li>"
        for n in range(3)
    )
    html = f"<article>{PROSE}<div><h4>Related:</h4><ul>{teasers}</ul></div></article>"
    assert "Talks resumed" not in extract(html).text
    # A heading that is no link still ends the section.
    after = "<h3>What comes next</h3><p>Talks resume on Friday, the union said.</p>"
    assert "Talks resume on Friday" in extract(html.replace("<ul>", after + "<ul>")).text


def test_a_credit_takes_its_caption_box() -> None:
    html = (
        f"<main>{PROSE}<div><div>Crowds gathered at the station to watch the launch on a big "
        "screen.</div><div>Photo: Jane Roe/Agency</div></div></main>"
    )
    article = extract(html, explain=True)
    assert {r.rule for r in article.removed} == {"caption", "photo-credit"}
    # A short story is a small box too: the caption's box stops below the body.
    assert article.text.startswith("The council approved the budget")
    assert "Crowds gathered" not in article.text


@pytest.mark.parametrize(
    ("last", "kept"),
    [
        ("(jg)", False),
        ("rdb", False),
        ("Nouveau : découvrez nos offres Premium !", False),
        ("E-Paper und News in einer App", False),
        ("Nein.", True),
        ("The ferry will run again on Monday, the council said!", True),
    ],
)
def test_initials_and_promos_closing_the_story(last: str, kept: bool) -> None:
    """A reporter's initials or the publisher's promo after the last paragraph go; a
    short last sentence of the story stays."""
    article = extract(f"<article>{PROSE}<p>{last}</p></article>")
    assert (last in article.text) is kept
    assert article.text.startswith("The council approved")


PAYWALL_BOXES = [
    '<div class="paywall"><h2>Subscribe to read the full story</h2><p>Get unlimited access to'
    " our journalism from just £1 a week.</p><ul><li>Unlimited articles on any device</li>"
    '<li>The daily e-paper</li></ul><a href="/subscribe">Subscribe now</a></div>',
    '<div id="paywall"><p>Il vous reste 78% de cet article à lire. La suite est réservée aux'
    " abonnés.</p><p>Offre spéciale : 1 € le premier mois, sans engagement.</p>"
    '<p>Déjà abonné ? <a href="/connexion">Se connecter</a></p></div>',
    '<div class="paywall"><h3>Weiterlesen mit HB+</h3><p>Alle Artikel lesen – für nur 0,99 €'
    " im ersten Monat.</p><ul><li>Zugriff auf alle HB+ Artikel</li><li>Jederzeit kündbar"
    '</li></ul><a href="/abo">Jetzt testen</a></div>',
]


@pytest.mark.parametrize("box", PAYWALL_BOXES)
def test_a_bare_paywall_box_goes_whole(box: str) -> None:
    story = paragraphs("Teaser", 3)
    article = extract(f"<article>{story}{box}</article>")
    assert article.text.count("\n\n") == 2
    assert article.text.startswith("Teaser 1:") and article.text.endswith("told in prose.")


def test_paragraphs_classed_paywall_stay() -> None:
    """Condé Nast marks each paragraph behind the wall `<p class="paywall">`."""
    locked = "".join(
        f'<p class="paywall">Paragraph {n}: the mayor said the decision would stand, whatever'
        " the protests of residents of the old town.</p>"
        for n in range(1, 4)
    )
    article = extract(f"<article><div class='body'>{PROSE}{locked}</div></article>")
    assert all(f"Paragraph {n}:" in article.text for n in range(1, 4))


def test_a_promo_line_takes_its_small_box() -> None:
    """An app's interstitial at the story's end: its line names it, its box goes along."""
    layer = (
        "<div class='layer'><div>Sie lesen gerade auf die zweitbeste Art!</div><ul>"
        "<li>Mehr Lesekomfort auch für unterwegs</li><li>E-Paper und News in einer App</li>"
        "</ul><a href='/app'>Kostenlos herunterladen</a><div>Nein Danke. Weiter so.</div></div>"
    )
    story = paragraphs("Absatz", 3) + "<p>Der Eintritt ist frei.</p>"
    article = extract(f"<article><div class='body'>{story}{layer}</div></article>")
    assert article.text.endswith("Der Eintritt ist frei.")
    assert article.text.startswith("Absatz 1:")
