"""Author strings → a clean list of names, without the publication posing as one."""

from __future__ import annotations

import pytest

from scraper.extract.authors import clean_authors, is_organisation, people_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By Jane Doe and John Roe, Staff Writers"], ["Jane Doe", "John Roe"]),
        # A date or reading time run into the byline, a name printed twice, French "avec".
        (["By Jane Doe Updated 3 hours ago"], ["Jane Doe"]),
        (["By Jane Doe • 5 min read"], ["Jane Doe"]),
        # A date after a dash ends the names; a dash with no date may be in a name.
        (["By Jane Doe — March 3, 2024"], ["Jane Doe"]),
        (
            ["Par Claire Martin et Julien Petit – Publié le 3 mars"],
            ["Claire Martin", "Julien Petit"],
        ),
        (["L-MAG – Das Magazin"], ["L-MAG – Das Magazin"]),
        (["Jane Doe Jane Doe"], ["Jane Doe"]),
        (["Par Jeanne Dupont avec AFP"], ["Jeanne Dupont"]),  # its copy's source
        # An agency, an outlet, the copy's source or an editor after the names.
        (["By Maria Lopez with AP"], ["Maria Lopez"]),
        (["By Maria Lopez and AA"], ["Maria Lopez"]),
        (["By Maria Lopez, with reporting from Reuters"], ["Maria Lopez"]),
        (["By Maria Lopez with additional reporting from The Associated Press"], ["Maria Lopez"]),
        (["By Maria Lopez, with additional reporting by Ken Ito"], ["Maria Lopez", "Ken Ito"]),
        (["Por Ana Souza, O Estado de S. Paulo"], ["Ana Souza"]),
        (["Por Ana Souza, Estadão Conteúdo"], ["Ana Souza"]),
        (["By Maria Lopez, The Washington Post"], ["Maria Lopez"]),
        (["Reporter: Riri Rahayu | Editor: Agung Sedayu"], ["Riri Rahayu"]),
        (["Penulis: Riri Rahayu"], ["Riri Rahayu"]),
        (["Yazan: Ayşe Yılmaz"], ["Ayşe Yılmaz"]),
        (["Door onze redacteur Jan de Vries"], ["Jan de Vries"]),
        # A relative time beside the name, as timeago.js writes it.
        (["Khaleeq Kiani", "a day ago", "an hour ago"], ["Khaleeq Kiani"]),
        (["Khaleeq Kiani", "a few seconds ago", "il y a une heure"], ["Khaleeq Kiani"]),
        (["Marcel·lí Jorba"], ["Marcel·lí Jorba"]),  # a Catalan middle dot is no separator
        (["Con Houlihan"], ["Con Houlihan"]),
        (["Von Anna Fink und Jan Marchart"], ["Anna Fink", "Jan Marchart"]),
        (["Par Claire Martin et Luc Petit"], ["Claire Martin", "Luc Petit"]),
        (["A. Smith, B. Jones & C. Brown"], ["A. Smith", "B. Jones", "C. Brown"]),
        (["di Viviana Rossi"], ["Viviana Rossi"]),
        (["Leonardo Di Marco"], ["Leonardo Di Marco"]),
        (["Jane Doe | Reporter"], ["Jane Doe"]),
        # The others a byline credits: an editor, a translator
        (["Written By: Rahul Sharma | Edited By: Amit Verma | Updated: Mar 12"], ["Rahul Sharma"]),
        (["Reporting by Jane Roe; Editing by John Doe"], ["Jane Roe"]),
        (["Edited by Amit Verma"], []),
        (["Words by Jane Doe · Photographs by Sam Li"], ["Jane Doe"]),
        (["Story and photos by Jane Doe"], ["Jane Doe"]),
        (["Revised Edition Edited by Adrian Parr"], ["Adrian Parr"]),
        (["लेखक: राहुल शर्मा"], ["राहुल शर्मा"]),
        (["Jane Doe Staff Writer"], ["Jane Doe"]),
        (["By Ann Writer"], ["Ann Writer"]),
        (["Staff Writer"], []),
        (["Jane Doe", "News reporter"], ["Jane Doe"]),
        (["Jane Doe (jd)"], ["Jane Doe"]),
        (["Jane Doe", "JANE DOE", "jane doe"], ["Jane Doe"]),
        (["jane@example.com", "@janedoe", "https://example.com/author/jane"], []),
        (["Photo: Getty Images"], []),
        (["Felix Braun, Jörg Hahn, dpa"], ["Felix Braun", "Jörg Hahn", "dpa"]),
        (["By"], []),
        (["Analysis by Chris Doe"], ["Chris Doe"]),
        (["Story and photos by Chris Doe"], ["Chris Doe"]),
        (["Ilana Muhl, MS, RDN"], ["Ilana Muhl"]),
        (["Текст: Лида Буслаева"], ["Лида Буслаева"]),
        (["Autor: Jana Köhler"], ["Jana Köhler"]),
        (["김민수 기자", "山田太郎記者", "王小明 记者"], ["김민수", "山田太郎", "王小明"]),
        (["Eingestellt von Jana Köhler"], ["Jana Köhler"]),
        (["Zeige alle Beiträge von Creeny →"], ["Creeny"]),
        (["Publié par Luc Petit", "Publicado por Ana Ruiz"], ["Luc Petit", "Ana Ruiz"]),
        (["Bundesverband WindEnergie e.V."], ["Bundesverband WindEnergie e.V."]),
        (["publisher"], []),
        (["Nachrichten", "News", "Jane News"], ["Jane News"]),  # a CMS's user named "News"
        (['jane-doe" hreflang="pl">Jane Doe<'], []),
        (["Haufe-Lexware GmbH & Co. KG - all rights reserved"], ["Haufe-Lexware GmbH"]),
        (["Copyright Haufe-Lexware"], []),
        (["janedoe More Posts"], []),
        # An imprint's address is not a list of names.
        (["Harbour Times GmbH, Linz, Austria"], ["Harbour Times GmbH"]),
        (["Jane Doe, UK"], ["Jane Doe"]),
        # Two single words joined are one name, unless they are initials.
        (["Hafen und Leben"], ["Hafen und Leben"]),
        (["dpa und AFP"], ["dpa", "AFP"]),
        # A quoted nickname belongs to the name; other quotes mark a sentence.
        (['Amanda "Tania Mae" Tan'], ['Amanda "Tania Mae" Tan']),
        (['She said "no"'], []),
        # A blog's or Drupal's dated byline; a dateline's place after a dash.
        (["Posted by Jane Doe on June 18, 2024"], ["Jane Doe"]),
        (["Submitted by Jane Doe on Tue, 06/18/2024 - 16:45"], ["Jane Doe"]),
        (["Posted on June 18, 2024 by Jane Doe"], ["Jane Doe"]),
        (["Jane Doe - Berlin"], ["Jane Doe"]),
        # An agency or outlet beside its reporters is their employer; a German wire's
        # lower-case credit names its copy, and stays.
        (["By JANE DOE Associated Press"], ["Jane Doe"]),
        (["By JANE DOE and JOHN ROE Associated Press"], ["Jane Doe", "John Roe"]),
        (["JANE DOE, Associated Press"], ["Jane Doe"]),
        (["By Jane Doe, The Associated Press"], ["Jane Doe"]),
        (["Jane Doe | Reuters", "Jane Doe, CNN"], ["Jane Doe"]),
        (["Por Ana Lima e Rui Costa, TV Harbour e h1 — Faro"], ["Ana Lima", "Rui Costa"]),
        (["The Associated Press"], ["The Associated Press"]),  # no one named
        (["NATURSTROM AG", "MDR INFO"], ["NATURSTROM AG", "MDR Info"]),
        # Desks and placeholders, never cut to a fragment.
        (["Web Staff", "Harbour Digital Staff", "KHBR Staff", "Editorial Team"], []),
        (["Newsroom", "Metro Desk", "Harbour Times Web Desk", "Harbour News Service"], []),
        (["Staff and wire reports", "Our Correspondent", "Community Contributor"], []),
        (["Letters to the Editor", "Sponsored", "Press Release", "Redação", "Haber Merkezi"], []),
        (["Newsroom Harbour", "Jane Doe, Sports Desk"], ["Jane Doe"]),
        (["Ann Team", "Jane Doe Staff Writer"], ["Ann Team", "Jane Doe"]),
        (["（山田太郎）"], ["山田太郎"]),
        # Agencies alone are kept, all of them; a wire's staff is the wire.
        (["By AP and Reuters", "By AFP AND DPA"], ["AP", "Reuters", "AFP", "DPA"]),
        (["By AFP Staff", "Reuters Staff"], ["AFP", "Reuters"]),
        # Capitals cased as names are written: particles, prefixes, numerals.
        (["By RUUD VAN DER BERG", "ANA DE LA CRUZ"], ["Ruud van der Berg", "Ana de la Cruz"]),
        (["By SEAN MCDONALD", "JOHN SMITH III"], ["Sean McDonald", "John Smith III"]),
        (["SEAN McDONALD", "LEONARDO DiCAPRIO"], ["Sean McDonald", "Leonardo DiCaprio"]),
        (["JAN van der BERG", "JEAN-PIERRE LE PEN"], ["Jan van der Berg", "Jean-Pierre Le Pen"]),
        (["Bill MCCARTHY", "MARY MACLEOD"], ["Bill MCCARTHY", "Mary Macleod"]),
        # A suffix as written; a Korean given name's second syllable in lower case.
        (["By JOHN SMITH JR.", "MARY DOE SR"], ["John Smith Jr.", "Mary Doe Sr"]),
        (
            ["By KIM JONG-UN", "MOON JAE-IN", "TSAI ING-WEN"],
            ["Kim Jong-un", "Moon Jae-in", "Tsai Ing-wen"],
        ),
        (["JEAN-LUC PICARD", "ANNE-MARIE DURAND"], ["Jean-Luc Picard", "Anne-Marie Durand"]),
    ],
)
def test_clean_authors(raw: list[str], expected: list[str]) -> None:
    assert clean_authors(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # The role at the paper after a name is no second author (legacy QA F09).
        (["By Tom Breck, Courier Staff Writer"], ["Tom Breck"]),
        (["By Tom Breck, Courier Correspondent", "By Tom Breck / Courier Staff"], ["Tom Breck"]),
        (["By Ann Writer"], ["Ann Writer"]),  # alone, a role word is a surname
        # The "by" of other scripts, and their co-authors (lang QA F04).
        (["كتب محمد عبد الرحمن", "بقلم سارة أحمد"], ["محمد عبد الرحمن", "سارة أحمد"]),
        (["كتب محمد عبد الرحمن و سارة أحمد"], ["محمد عبد الرحمن", "سارة أحمد"]),
        (["كتب محمد عبد الرحمن، سارة أحمد"], ["محمد عبد الرحمن", "سارة أحمد"]),
        (["وليد أحمد"], ["وليد أحمد"]),  # a name that starts with the letter "and"
        (["מאת יוסי כהן", "רונית לוי ויוסי כהן"], ["יוסי כהן", "רונית לוי"]),
        (["राहुल शर्मा द्वारा", "द्वारा अमित वर्मा"], ["राहुल शर्मा", "अमित वर्मा"]),
        (["Του Γιώργου Παπαδόπουλου"], ["Γιώργος Παπαδόπουλος"]),
        (["Της Μαρίας Οικονόμου"], ["Μαρία Οικονόμου"]),
        (["记者 张伟 李娜", "王小明、陈静"], ["张伟", "李娜", "王小明", "陈静"]),
        (
            ["記者林欣漢／台北報導", "記者：山田太郎", "文・鈴木花子"],
            ["林欣漢", "山田太郎", "鈴木花子"],
        ),
        (["김민수·이지은 기자", "글=박서준 기자"], ["김민수", "이지은", "박서준"]),
        (["迈克尔·杰克逊"], ["迈克尔·杰克逊"]),  # a middle dot inside a Chinese name
        # The outlet before the title; a label in an element of its own, the name in the next.
        (["澎湃新闻记者 张伟 李娜"], ["张伟", "李娜"]),
        (["Του", "Γιώργου Παπαδόπουλου"], ["Γιώργος Παπαδόπουλος"]),
        (["كتب", "محمد عبد الرحمن"], ["محمد عبد الرحمن"]),
    ],
)
def test_bylines_of_other_scripts_and_roles(raw: list[str], expected: list[str]) -> None:
    assert clean_authors(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Names as the page prints them (today2x QA F04). A Japanese name with a space is one
        # person; Chinese names apart are parted only when each is a full name.
        (["山田 太郎", "記者：田中 太郎"], ["山田 太郎", "田中 太郎"]),
        (["记者 欧阳明 李娜"], ["欧阳明", "李娜"]),
        # A Greek surname in -ου may be the same in every case: kept as printed.
        (["Του Γιώργου Οικονόμου"], ["Γιώργος Οικονόμου"]),
        (
            ["Του Νίκου Χατζηνικολάου", "Του Παύλου Παπαδημητρίου"],
            ["Νίκος Χατζηνικολάου", "Παύλος Παπαδημητρίου"],
        ),
        (["Του Κώστα Μητσοτάκη"], ["Κώστας Μητσοτάκης"]),
        # A middle name that starts with Arabic's letter "and" is no second author.
        (["كتب عبد الرحمن وجيه الشريف"], ["عبد الرحمن وجيه الشريف"]),
        (["كتب محمد أحمد وهبة السيد"], ["محمد أحمد وهبة السيد"]),
        # A surname that is also a role's word, after "and" or a comma.
        (["By Ed Yong and Jennifer Senior"], ["Ed Yong", "Jennifer Senior"]),
        (["By Sarah Lyall and Katy Guest"], ["Sarah Lyall", "Katy Guest"]),
        (["Ed Yong, Jennifer Senior"], ["Ed Yong", "Jennifer Senior"]),
        (["By Tom Breck, Courier Senior Writer"], ["Tom Breck"]),
    ],
)
def test_names_as_printed(raw: list[str], expected: list[str]) -> None:
    assert clean_authors(raw) == expected


@pytest.mark.parametrize(
    ("name", "sites", "url", "expected"),
    [
        ("Harbour Times", ["Harbour Times"], None, True),
        ("MDR Sachsen", [], "https://www.mdr.de/news/a.html", True),
        ("ndr.de", [], None, True),
        ("Jane Doe", ["Harbour Times"], "https://www.harbour.example/a", False),
        # A host made of the name's initials is the publication's, not a person's.
        ("Harbour Times", [], "https://www.ht.example/a", True),
        ("Jane Doe", [], "https://www.ht.example/a", False),
    ],
)
def test_is_organisation(name: str, sites: list[str], url: str | None, expected: bool) -> None:
    assert is_organisation(name, sites, url) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # A desk's code or bureau after a slash, as Indian papers print it.
        (["Jane Doe / TNN /"], ["Jane Doe"]),
        (["Rahul Mehta / ET Bureau /"], ["Rahul Mehta"]),
        (["Jane Doe / AFP"], ["Jane Doe"]),
        # Two people after a slash; a writer's initials glued to the site's name.
        (["Jane Doe / John Roe"], ["Jane Doe", "John Roe"]),
        (["Harbour Herald /JD"], ["Harbour Herald", "JD"]),
    ],
)
def test_an_outlet_after_a_slash_is_no_author(raw: list[str], expected: list[str]) -> None:
    assert clean_authors(raw) == expected


def test_the_hosts_name_run_on_after_a_byline_is_not_part_of_the_name() -> None:
    url = "https://www.harbourherald.example/news/a"
    assert people_of(["Alex Miller Harbour Herald"], [], url) == ["Alex Miller"]
    assert people_of(["Harbour Herald"], [], url) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # "Bureau" is a French and Québec surname: after a person's name it is hers.
        (["Par Marie Bureau"], ["Marie Bureau"]),
        (["Par Jean-Luc Bureau et Ana Ruiz"], ["Jean-Luc Bureau", "Ana Ruiz"]),
        # After an outlet's name or initials, or "The", it names a desk.
        (["ET Bureau"], []),
        (["News Nation Bureau"], []),
        (["The Hindu Bureau"], []),
        (["Ana Ruiz, The Hindu Bureau"], ["Ana Ruiz"]),
    ],
)
def test_bureau_names_a_desk_only_after_no_persons_name(
    raw: list[str], expected: list[str]
) -> None:
    assert clean_authors(raw) == expected


def test_desks_are_given_alone_placeholders_never() -> None:
    raw = ["The Hindu Bureau", "HT News Desk", "Press Release", "Staff and wire reports"]
    assert clean_authors(raw, desks=True) == ["The Hindu Bureau", "HT News Desk"]
    assert clean_authors(["Jane Doe, Metro Desk"], desks=True) == ["Metro Desk"]
