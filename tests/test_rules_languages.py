"""The lines publishers print with every story, in the languages other than English that
the line rules read as they read the English ones (lang QA F03): each with a sentence of
a story that holds the same words and stays."""

from __future__ import annotations

import pytest

from scraper.extract import extract
from scraper.extract.rules import default_rules

RULES = default_rules()

# (rule, the line it drops, a story's sentence with the same words, which it keeps)
CASES = [
    # paywalls and subscriptions
    (
        "subscriber-notice",
        "この記事は有料記事です。残り1024文字",
        "有料記事の購読者は昨年から倍増した。",
    ),
    (
        "subscriber-notice",
        "이 기사는 유료 구독자 전용입니다.",
        "유료 구독자 전용 서비스가 늘고 있다고 밝혔다.",
    ),
    ("subscriber-notice", "Материал доступен только по подписке", "Подписка на газету подорожала."),
    ("subscriber-notice", "Bu içerik abonelere özeldir.", "Abonelere yeni tarife uygulanacak."),
    (
        "paywall-prompt",
        "Vous pouvez lire Le Monde sur un seul appareil à la fois",
        "Le ministre a lu la lettre devant un seul appareil photo.",
    ),
    (
        "paywall-prompt",
        "Premium: Čtěte bez reklam a s exkluzivním obsahem",
        "Reklamy na billboardech zmizí z dálnic.",
    ),
    (
        "subscribe-pitch",
        "Você já conhece as vantagens de ser assinante da Folha? Além de ter acesso a "
        "reportagens e colunas, você conta com newsletters exclusivas.",
        "O assinante da TV a cabo pagará menos a partir de janeiro.",
    ),
    # newsletters, apps, channels
    (
        "newsletter-prompt",
        "Recibe cada mañana la newsletter con las noticias más importantes.",
        "El alcalde recibe cada mañana a los vecinos en su despacho.",
    ),
    (
        "newsletter-prompt",
        "Recevez chaque matin l'essentiel de l'actualité",
        "Elle reçoit chaque matin des dizaines de lettres.",
    ),
    (
        "newsletter-prompt",
        "Ontvang elke ochtend onze nieuwsbrief",
        "Hij ontving de brief pas later.",
    ),
    (
        "newsletter-prompt",
        "Receba no seu email um resumo das principais notícias",
        "O ministro recebeu um resumo das principais propostas.",
    ),
    (
        "newsletter-prompt",
        "Εγγραφείτε στο newsletter μας",
        "Εγγραφείτε στους εκλογικούς καταλόγους.",
    ),
    ("newsletter-prompt", "للاشتراك في النشرة البريدية", "نشرت الوزارة النشرة الدورية أمس."),
    (
        "newsletter-prompt",
        "Abone olun, haberlerden anında haberdar olun.",
        "Bakan, gelişmelerden haberdar olduğunu söyledi.",
    ),
    ("app-prompt", "打开APP阅读全文", "这款APP的用户已超过一亿。"),
    ("app-prompt", "海量资讯、精准解读，尽在新浪财经APP", "该公司推出了新的理财APP。"),
    ("app-prompt", "不用抽 不用搶 現在用APP看新聞 保證天天中獎", "越來越多民眾透過APP購買車票。"),
    (
        "app-prompt",
        "Ricevi le notizie su WhatsApp",
        "Il sindaco ha ricevuto le notizie su WhatsApp.",
    ),
    ("app-prompt", "अमर उजाला ऐप डाउनलोड करें", "सरकार ने नया ऐप लॉन्च किया है।"),
    (
        "follow-prompt",
        "Ακολουθήστε την Καθημερινή στο Google News",
        "Η αστυνομία ακολουθεί τα ίχνη του δράστη.",
    ),
    (
        "follow-prompt",
        "Theo dõi VnExpress trên Google News",
        "Bộ Y tế đang theo dõi tình hình dịch.",
    ),
    (
        "follow-prompt",
        "已經加好友了嗎？加入自由時報LINE官方帳號，熱門推播不漏接",
        "市府宣布加入國際城市聯盟。",
    ),
    (
        "follow-prompt",
        "▶ 네이버 메인에서 채널 구독하기",
        "유튜브 채널 구독자가 100만 명을 넘었다고 밝혔다.",
    ),
    ("follow-prompt", "[기자 구독하기]", "그는 신문 구독을 끊었다고 말했다."),
    # tips and letters
    ("letters-prompt", "ご意見・情報提供はこちら", "警察は市民からの情報提供を呼びかけている。"),
    ("letters-prompt", "제보는 카카오톡 okjebo", "경찰은 시민 제보로 용의자를 검거했다."),
    ("letters-prompt", "Masz ciekawy temat? Napisz do nas", "Napisz do nas, powiedział burmistrz."),
    # platform disclaimers, reprints, copyright
    (
        "disclaimer",
        "平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。",
        "外交部发表声明，对此表示强烈不满。",
    ),
    (
        "disclaimer",
        "特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，"
        "本平台仅提供信息存储服务。",
        "公司在声明中表示将全力配合调查。",
    ),
    (
        "republish-note",
        "本文来自微信公众号“财经早餐”，作者：李明，36氪经授权发布。",
        "本文作者认为，改革将在明年见效。",
    ),
    (
        "copyright",
        "Riproduzione riservata ©",
        "La riproduzione delle opere è riservata agli eredi.",
    ),
    ("copyright", "כל הזכויות שמורות ©", "הזכויות על השיר נמכרו אתמול."),
    (
        "copyright",
        "کپی برداری از این خبر با ذکر منبع بلامانع است",
        "منبع آگاه گفت که این خبر درست است.",
    ),
    # buttons, links and labels
    ("widget-text", "返回搜狐，查看更多", "记者查看了更多的现场资料。"),
    ("widget-text", "請繼續往下閱讀...", "民眾繼續往下游移動。"),
    (
        "click-prompt",
        "Haberin devamı için tıklayınız",
        "Kullanıcılar reklama tıkladıklarında ödül aldı.",
    ),
    ("comment-prompt", "Diskuse (214)", "Diskuse o rozpočtu trvala do noci."),
    ("section-label", "看更多相關新聞", "相關新聞引發熱烈討論。"),
    ("section-label", "【更多新聞】", "更多新聞將在明天公布。"),
    ("promo-label", "[관련 기사] 최저임금 1만원 시대", "관련 기사에 따르면 물가가 올랐다."),
    ("promo-label", "Te puede interesar: La inflación de noviembre", "Te puede interesar saber."),
    ("promo-label", "Zobacz również: Rząd przyjął projekt", "Zobacz również, co mówi prezes."),
    ("promo-label", "اقرأ المزيد: وزير الإسكان", "اقرأ المزيد عن الخطة في التقرير."),
    ("promo-label", "Διαβάστε επίσης: Αυξήσεις στα ενοίκια", "Διαβάστε επίσης την ανακοίνωση."),
    ("promo-label", "Lea también: La inflación de noviembre", "Lea también el informe, pidió."),
    ("promo-label", "और पढ़ें: बजट में किसानों के लिए नई योजना", "और पढ़ें, उन्होंने छात्रों से कहा।"),
    # A "read also" label alone on its line, its link in the next block (heldout30 F04)
    ("read-also", "Lesen Sie mehr zum Thema", "Lesen Sie mehr zum Thema im Bericht."),
    ("read-also", "Auch interessant", "Auch interessant ist die Zahl der Gäste."),
    ("read-also", "Lire aussi", "Lire aussi les lettres du ministre, a-t-il dit."),
    ("read-also", "Lea también", "Lea también el informe, pidió el ministro."),
    ("read-also", "আরও পড়ুন", "আরও পড়ুন এবং জানুন, বললেন মন্ত্রী।"),
    ("read-also", "और पढ़ें", "और पढ़ें, उन्होंने छात्रों से कहा।"),
    ("read-also", "Läs också", "Läs också rapporten, sade ministern."),
    ("read-also", "Ayrıca okuyun", "Ayrıca okuyun ve paylaşın, dedi bakan."),
    ("read-also", "延伸閱讀", "延伸閱讀的書單由老師提供。"),
]


@pytest.mark.parametrize(("name", "line", "sentence"), CASES)
def test_line_in_another_language(name: str, line: str, sentence: str) -> None:
    rule = next(rule for rule in RULES.lines if rule.name == name)
    assert RULES.line_rule(line, 0.0, after_article=True) == name
    assert RULES.line_rule(sentence, 0.0, after_article=rule.tail) is None


def test_lines_after_the_story_leave_its_text() -> None:
    story = [
        "政府经过长时间讨论，批准了针对该地区居民的新的收费计算办法，并将于明年一月起正式实施。",
        "据介绍，新办法将按照用量分档计费，低收入家庭可以申请减免，具体标准由各区自行制定。",
        "多位居民表示，希望有关部门加强宣传，让大家了解新的计费方式，避免产生不必要的误解。",
    ]
    lines = ["打开APP阅读全文", "返回搜狐，查看更多", CASES[27][1]]
    page = (
        '<html lang="zh"><head><title>收费办法</title></head><body><article><h1>收费办法</h1>'
        + "".join(f"<p>{text}</p>" for text in story + lines)
        + "</article></body></html>"
    )
    assert extract(page, url="https://news.example.cn/2026/11/27/story").text == "\n\n".join(story)


# Sentences of stories holding a prompt's words (today2x QA F01): none is a line a rule
# takes, wherever it stands, and in a story's middle each stays.
KEPT = [
    "Recibe cada día a más de 150 personas, la mayoría jubilados con pensiones mínimas y "
    "familias con niños pequeños.",
    "Un tercio de los lectores ya lee sin anuncios gracias a los bloqueadores instalados en "
    "el navegador.",
    "Critics said the benefits of being a member of the single market far outweighed "
    "anything a new trade deal could offer.",
    "Nearly a third of readers now read without ads, according to the survey of 2,000 adults.",
    "Новые серии будут доступны только по подписке.",
    "Maçlar bu sezondan itibaren yalnızca abonelere özel yayınlanacak.",
    "Mesajlarda 'hesabınızı doğrulamak için tıklayın' ifadesiyle kullanıcılar sahte "
    "sitelere yönlendiriliyor.",
    "उन्होंने अपील की कि सभी नागरिक आरोग्य सेतु ऐप डाउनलोड करें और लक्षण दिखने पर तुरंत जांच कराएं।",
    "Theo dõi các tài khoản trên Facebook của nhóm này, cảnh sát phát hiện họ thường xuyên "
    "đổi tên trang để tránh bị phát hiện.",
    "השופטת קבעה כי הכיתוב כל הזכויות שמורות שהופיע על התמונה אינו מספיק כדי להוכיח בעלות.",
]

# The same prompts in other shapes publishers print them: still taken.
TAKEN = [
    ("follow-prompt", "Theo dõi chúng tôi trên Facebook để cập nhật tin tức nhanh nhất"),
    ("copyright", "© כל הזכויות שמורות לגלובס"),
    ("subscriber-notice", "Abonelere özel"),
    ("app-prompt", "ऐप डाउनलोड करें"),
    ("newsletter-prompt", "Ricevi ogni mattina le notizie più importanti."),
    # ढ় and ড় written as one character, as some pages do (NFC writes them as two)
    ("read-also", "আরও প\u09dcুন"),
    ("read-also", "यह भी प\u095dें"),
]


@pytest.mark.parametrize("sentence", KEPT)
def test_a_stories_sentence_with_a_prompts_words_is_no_line(sentence: str) -> None:
    for after in (False, True):
        assert RULES.line_rule(sentence, 0.0, after_article=after) is None


@pytest.mark.parametrize(("name", "line"), TAKEN)
def test_prompts_in_other_shapes(name: str, line: str) -> None:
    assert RULES.line_rule(line, 0.0, after_article=True) == name


@pytest.mark.parametrize("sentence", KEPT)
def test_a_stories_sentence_with_a_prompts_words_stays(sentence: str) -> None:
    story = [
        "The council met on Tuesday evening to discuss the proposal, which has divided "
        "residents for more than a year and drawn hundreds of letters to the planning office.",
        sentence,
        "Officials said the final decision would be taken after a public consultation that is "
        "expected to run until the end of the month, with two further meetings planned.",
    ]
    page = (
        "<html><head><title>Council vote</title></head><body><article><h1>Council vote</h1>"
        + "".join(f"<p>{text}</p>" for text in story)
        + "</article></body></html>"
    )
    assert extract(page, url="https://news.example.com/2026/11/27/vote").text == "\n\n".join(story)


READ_ALSO_SHAPES = [
    "<div class='css-1h0bf8z'><p class='css-1wds2ku'><strong>{}</strong></p>"
    "<p><a href='/2026/11/20/other-story'>Mayor unveils a new snow plan</a></p></div>",
    # a heading over a list of links, in a box of the story's text: the story after it stays
    "<h4>{}</h4><ul><li><a href='/2026/11/20/other-story'>Mayor unveils a new snow plan</a>"
    "</li></ul>",
]


@pytest.mark.parametrize("shape", READ_ALSO_SHAPES)
@pytest.mark.parametrize("label", [line for name, line, _ in CASES[-9:]])
def test_a_read_also_label_alone_on_its_line_leaves_the_story(label: str, shape: str) -> None:
    lead, *story = [
        "The council voted on Tuesday to approve a new budget for road repairs in the city.",
        "The council met on Tuesday evening to discuss the proposal, which has divided "
        "residents for more than a year and drawn hundreds of letters to the planning office.",
        "Officials said the final decision would be taken after a public consultation that is "
        "expected to run until the end of the month, with two further meetings planned.",
    ]
    page = (
        "<html><head><title>Council vote</title></head><body><article><h1>Council vote</h1>"
        f"<div class='lead'><p>{lead}</p></div><div class='text'><p>{story[0]}</p>"
        f"{shape.format(label)}<p>{story[1]}</p></div></article></body></html>"
    )
    text = extract(page, url="https://news.example.com/2026/11/27/vote").text
    assert text == "\n\n".join([lead, *story])
