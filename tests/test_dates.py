"""Dates as pages print them → ISO 8601, keeping the page's own offset."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.extract.dates import (
    _MONTH_BEFORE_DAY,
    _MONTH_NUMBER,
    _unaccented,
    after_update_label,
    date_from_url,
    find_date,
    find_dates,
    is_before,
    parse_date,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-16T10:06:00Z", "2024-01-16T10:06:00+00:00"),
        ("2024-01-16T05:06:00-05:00", "2024-01-16T05:06:00-05:00"),
        ("2024-01-16T10:06:00+0100", "2024-01-16T10:06:00+01:00"),
        ("2024-01-16T10:06:00.389Z", "2024-01-16T10:06:00+00:00"),
        ("2024-01-16 10:06:00", "2024-01-16T10:06:00"),
        ("2024-01-16", "2024-01-16"),
        ("Tue, 16 Jan 2024 10:06:00 GMT", "2024-01-16T10:06:00+00:00"),
        ("1705399560", "2024-01-16T10:06:00+00:00"),
        ("", None),
        ("not a date", None),
    ],
)
def test_parse_date(value: str, expected: str | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan 16, 2024 05:06 AM EST", "2024-01-16T05:06:00-05:00"),
        ("Updated: March 3, 2024 at 3:04 p.m. CT", "2024-03-03T15:04:00-06:00"),
        ("July 3, 2024 9:00 PM ET", "2024-07-03T21:00:00-04:00"),
        ("3 May 2024 18:00 (CEST)", "2024-05-03T18:00:00+02:00"),
        ("Posted 12 June 2024, 11:30 BST", "2024-06-12T11:30:00+01:00"),
        ("16. Januar 2024, 10:45 Uhr", "2024-01-16T10:45:00"),
        ("Stand: 16.01.2024 - 10:06", "2024-01-16T10:06:00"),
        ("Do 25.04.24 | 14:07 Uhr", "2024-04-25T14:07:00"),
        ("12 mars 2024 à 14h30", "2024-03-12T14:30:00"),
        ("16 de enero de 2024", "2024-01-16"),
        ("3 luglio 2024", "2024-07-03"),
        ("2024年1月16日", "2024-01-16"),
        ("01/16/2024", "2024-01-16"),
        ("Published 16/01/2024", "2024-01-16"),
        ("Publikováno 16. 1. 2024 14:35", "2024-01-16T14:35:00"),
        ("no date here, only 12:30", None),
        ("Jan 16, 2024 05:06 GMT+99", "2024-01-16T05:06:00"),
        ("31 February 2024", None),
        # The time before the date, as Gannett, Gray and AP print it.
        ("Published 11:34 PM EST Nov 19, 2019", "2019-11-19T23:34:00-05:00"),
        ("Posted: Fri 6:45 PM, Feb 16, 2018", "2018-02-16T18:45:00"),
        ("Updated 9:41 AM EDT, Wed May 1, 2024", "2024-05-01T09:41:00-04:00"),
        ("14:30, 1 May 2024", "2024-05-01T14:30:00"),
        # ... but not a version number's, nor an ISO stamp's that belongs to its own date.
        ("Version 2.10 May 1, 2024", "2024-05-01"),
        ("Score 3:1 May 1, 2024", "2024-05-01"),
        # Other languages' month names, mostly in the genitive, and their words for "at".
        ("Опубликовано 27 ноября 2026, 14:35", "2026-11-27T14:35:00"),
        ("Опубліковано 27 листопада 2026 о 14:35", "2026-11-27T14:35:00"),
        ("Publikováno 27. listopadu 2026 14:35", "2026-11-27T14:35:00"),
        ("Objavljeno 27. studenoga 2026. u 14:35", "2026-11-27T14:35:00"),
        ("Yayınlanma: 27 Kasım 2026 14:35", "2026-11-27T14:35:00"),
        ("27 KASIM 2026", "2026-11-27"),
        ("Publicat 3 martie 2026", "2026-03-03"),
        ("Δημοσίευση: 27 Νοεμβρίου 2026, 14:35", "2026-11-27T14:35:00"),
        ("27 ΝΟΕΜΒΡΙΟΥ 2026", "2026-11-27"),
        ("Julkaistu 27. marraskuuta 2026", "2026-11-27"),
        ("نشر في 27 نوفمبر 2026، 14:35", "2026-11-27T14:35:00"),
        ("Gepubliceerd op 27 november 2026 om 14:35", "2026-11-27T14:35:00"),
        ("2026年11月27日 14時35分", "2026-11-27T14:35:00"),
        # Hungarian writes the year first.
        ("Közzétéve: 2026. november 27. 14:35", "2026-11-27T14:35:00"),
        # A number after the sentence a date ends is no time.
        ("Signed on May 1, 2024. 10.50 million people", "2024-05-01"),
        # The half of the day before the hour, in Korean, Japanese and Chinese.
        ("입력 2024.03.04. 오후 3:05", "2024-03-04T15:05:00"),
        ("2024년 3월 4일 오전 12:30", "2024-03-04T00:30:00"),
        ("2024年3月4日 午後3時05分", "2024-03-04T15:05:00"),
        ("4 marzo 2024 ore 10:00", "2024-03-04T10:00:00"),
    ],
)
def test_find_date(text: str, expected: str | None) -> None:
    assert find_date(text) == expected


def test_every_month_name_is_read_before_and_after_the_day() -> None:
    # Names that begin other names ("sep", "sept", "september") included.
    for name, month in _MONTH_BEFORE_DAY.items():
        assert find_date(f"{name.upper()}. 5, 2021") == f"2021-{month:02d}-05", name


def test_every_month_name_is_read_after_the_day() -> None:
    for name, month in _MONTH_NUMBER.items():
        # In capitals too, as pages print them: Greek drops its accents ("ΜΑΙΟΥ").
        for text in (f"5 {name} 2021", f"5. {_unaccented(name).upper()} 2021"):
            assert find_date(text) == f"2021-{month:02d}-05", text


@pytest.mark.parametrize(
    ("text", "day_first", "month_first"),
    [
        ("3/4/2024", "2024-04-03", "2024-03-04"),
        ("16/01/2024", "2024-01-16", "2024-01-16"),  # no 16th month: day first after all
        ("01/16/2024", "2024-01-16", "2024-01-16"),
        ("04.03.2024", "2024-03-04", "2024-03-04"),  # dots are day first everywhere
        ("2024/03/04", "2024-03-04", "2024-03-04"),
    ],
)
def test_slashed_dates_are_read_month_first_when_asked(
    text: str, day_first: str, month_first: str
) -> None:
    assert (find_date(text), find_date(text, month_first=True)) == (day_first, month_first)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 מרץ 2024, 14:05", "2024-03-12T14:05:00"),
        ("12 במרץ 2024, 14:05", "2024-03-12T14:05:00"),  # Hebrew's "in March"
        ("12 मार्च 2024, 14:05 IST", "2024-03-12T14:05:00+05:30"),
        ("di 12 mrt 2024 om 14:05", "2024-03-12T14:05:00"),  # Dutch, abbreviated
    ],
)
def test_dates_written_in_hebrew_hindi_and_dutch(text: str, expected: str) -> None:
    assert find_date(text) == expected


def test_a_time_after_a_slash_is_the_dates() -> None:
    assert find_date("Posted: Mar 3, 2024 / 05:06 PM EST") == "2024-03-03T17:06:00-05:00"


def test_first_date_in_text_wins() -> None:
    assert find_date("Jan 16, 2024 · related story from Dec 1, 2023") == "2024-01-16"
    # A time read after one date is not read again before the next.
    stamp = "2019-01-07T17:27:31+02:00 Juni 19th, 2018"
    assert [found for _, found in find_dates(stamp)][-1] == "2018-06-19"
    assert list(find_dates("May 1, 2024 10:00 | May 2, 2024"))[1][1] == "2024-05-02"


def test_find_dates_gives_each_date_once_with_its_start() -> None:
    # "01/02/2024" also reads month first (January 2): one date, day first, not two.
    text = "Erstellt 01/02/2024, 08:00 | geändert 03/02/2024"
    assert list(find_dates(text)) == [(9, "2024-02-01T08:00:00"), (38, "2024-02-03")]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/2024/01/16/story", "2024-01-16"),
        ("https://example.com/news/20240116-story.html", "2024-01-16"),
        ("https://example.com/2024/13/45/story", None),
        ("https://example.com/story-123", None),
        (None, None),
    ],
)
def test_date_from_url(url: str | None, expected: str | None) -> None:
    assert date_from_url(url) == expected


@settings(deadline=None)  # a shared CI machine can pause any example
@given(st.text(max_size=300))
def test_never_raises(text: str) -> None:
    for result in (parse_date(text), find_date(text), date_from_url(text)):
        assert result is None or result[:4].isdigit()


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("2024-04-30T17:00:00+00:00", "2024-05-01T09:00:00+00:00", True),
        ("2024-05-01T10:00:00+02:00", "2024-05-01T09:00:00+00:00", True),  # 08:00 UTC
        ("2024-05-01T12:00:00", "2024-05-01T09:00:00+00:00", False),  # by the day alone
        ("2024-04-30", "2024-05-01T09:00:00+00:00", True),
        ("not a date", "2024-05-01", False),
    ],
)
def test_is_before(first: str, second: str, expected: bool) -> None:
    assert is_before(first, second) is expected


def test_an_italian_modifica_labels_an_update() -> None:
    text = "12 marzo 2024 (modifica il 12 marzo 2024 | 16:30)"
    assert after_update_label(text, 27) and not after_update_label(text, 0)


@pytest.mark.parametrize(
    "text",
    [
        # The dateline's element, then the story's first paragraph: "Het" is no "h" and
        # "ET", nor "Est" "EST", nor "Pt." "PT" (lang QA F01).
        "vrijdag 27 november 2026, 14:05\nHet kabinet heeft vandaag",
        "Publié le 27/11/2026 à 14:05\nEt pourtant, rien n'était joué.",
        "27 novembre 2026, ore 14:05\nEst Europa e Balcani: il governo",
        "27 listopada 2026, 14:05\nPt. „Bezpieczna energia” – tak",
        "27 novembre 2026, ore 14:05 est",  # in lower case, a word
        "27 november 2026, 14:05\nEST is a region",  # the next line's first word
    ],
)
def test_a_zone_is_an_abbreviation_in_capitals_beside_its_time(text: str) -> None:
    assert find_date(text) == "2026-11-27T14:05:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nov 27, 2026 2:05 PM\nEST\nThe council met", "2026-11-27T14:05:00-05:00"),  # own element
        ("Nov 27, 2026 2:05 PM\n(EST)", "2026-11-27T14:05:00-05:00"),
        ("27 ноября 2026, 14:05 (МСК)", "2026-11-27T14:05:00+03:00"),
        ("27 ноября 2026, 14:05 мск", "2026-11-27T14:05:00+03:00"),
        ("27.11.2026 14:05 (TSİ)", "2026-11-27T14:05:00+03:00"),
        ("27 نوفمبر 2026 14:05 بتوقيت مكة المكرمة", "2026-11-27T14:05:00+03:00"),
        ("27 de noviembre de 2026 14:05 hs (hora argentina)", "2026-11-27T14:05:00-03:00"),
        ("27 de julio de 2026 14:05 (hora peninsular)", "2026-07-27T14:05:00+02:00"),
        ("نُشر في: 27-11-2026 14:05 GMT+3", "2026-11-27T14:05:00+03:00"),
    ],
)
def test_zones_written_beside_their_time(text: str, expected: str) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Arabic's PM and AM after the time (lang QA F02)
        ("الجمعة، 27 نوفمبر 2026 02:05 م", "2026-11-27T14:05:00"),
        ("27 نوفمبر 2026 12:30 ص", "2026-11-27T00:30:00"),
        ("27 نوفمبر 2026 09:05 مساءً", "2026-11-27T21:05:00"),
        ("27 نوفمبر 2026 09:05 مكة", "2026-11-27T09:05:00"),  # a word, no "م"
        # the Gregorian year's sign on the year, and "at the hour" (today QA F11)
        ("الجمعة 27 نوفمبر 2026م - 02:05 م", "2026-11-27T14:05:00"),
        ("27 نوفمبر 2026م 14:05", "2026-11-27T14:05:00"),
        ("27/11/2026م 14:05", "2026-11-27T14:05:00"),
        ("27 نوفمبر 2026م، الساعة 02:05 م", "2026-11-27T14:05:00"),
        ("27/11/2026محمد 14:05", None),  # a word, no sign
        # Eastern Arabic and Persian digits
        ("الجمعة، ٢٧ نوفمبر ٢٠٢٦ ٠٢:٠٥ م", "2026-11-27T14:05:00"),
        ("٢٧/١١/٢٠٢٦ ١٤:٠٥", "2026-11-27T14:05:00"),
        ("۲۷ نوامبر ۲۰۲۶، ۱۴:۰۵", "2026-11-27T14:05:00"),
        # the months of the Levant and Iraq, and of the Maghreb
        ("27 تشرين الثاني 2026 14:05", "2026-11-27T14:05:00"),
        ("3 كانون الأول 2026", "2026-12-03"),
        ("27 نونبر 2026 - 14:05", "2026-11-27T14:05:00"),
        ("5 جانفي 2026", "2026-01-05"),
    ],
)
def test_arabic_and_persian_dates(text: str, expected: str | None) -> None:
    assert find_date(text) == expected


def test_local_digits_keep_where_a_date_starts() -> None:
    text = "نشر ٢٧/١١/٢٠٢٦"
    assert list(find_dates(text)) == [(4, "2026-11-27")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A weekday between the date and its time (lang QA F05)
        ("2026年11月27日(金) 14:05", "2026-11-27T14:05:00"),
        ("2026年11月27日（金）14時05分", "2026-11-27T14:05:00"),
        ("2026/11/27(金) 14:05", "2026-11-27T14:05:00"),
        ("2026.11.27(금) 14:05", "2026-11-27T14:05:00"),
        ("2026년 11월 27일(금) 14:05", "2026-11-27T14:05:00"),
        ("2026/11/27(五) 14:05", "2026-11-27T14:05:00"),
        ("2026年11月27日 週五 下午2:05", "2026-11-27T14:05:00"),
        ("27 Kasım 2026 Cuma 14:05", "2026-11-27T14:05:00"),
        ("27.11.2026 Cuma 14:05", "2026-11-27T14:05:00"),
        ("27 ноября 2026 (пятница), 14:05", "2026-11-27T14:05:00"),
        ("27 de noviembre de 2026, viernes, 14:05", "2026-11-27T14:05:00"),
        ("27 نوفمبر 2026 الجمعة 14:05", "2026-11-27T14:05:00"),
        ("27 Nov 2026 (Friday) 14:05", "2026-11-27T14:05:00"),
        ("27. November 2026, Freitag", "2026-11-27"),  # no time after it
    ],
)
def test_a_weekday_between_date_and_time(text: str, expected: str) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # More local forms (lang QA F07)
        ("27-11-2026 14:05", "2026-11-27T14:05:00"),
        ("27-11/2026", None),  # hyphens only both
        ("27.nov.2026 às 14h05", "2026-11-27T14:05:00"),
        ("Опубликовано: 27 нояб. 2026 г., 14:05", "2026-11-27T14:05:00"),
        ("27.11.2026г. 14:05", "2026-11-27T14:05:00"),
        ("27 листопада 2026 р., 14:05", "2026-11-27T14:05:00"),
        ("27 Νοε 2026", "2026-11-27"),
        ("令和8年11月27日 14時05分", "2026-11-27T14:05:00"),
        ("令和元年5月1日", "2019-05-01"),
        ("平成31年4月30日", "2019-04-30"),
    ],
)
def test_more_local_forms(text: str, expected: str | None) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(
    "label",
    [
        # "Last updated" as nouns (lang QA F06)
        "Güncelleme Tarihi:", "Dernière mise à jour :", "Última actualización:",
        "Última atualização:", "Ultimo aggiornamento:", "Aktualizace:", "Gewijzigd op",
        "Τελευταία ενημέρωση:", "ΤΕΛΕΥΤΑΙΑ ΕΝΗΜΕΡΩΣΗ:", "تاريخ التحديث:", "עודכן:",
        "به‌روزرسانی:", "अपडेटेड:", "업데이트", "Cập nhật:",
    ],
)  # fmt: skip
def test_update_labels_in_many_languages(label: str) -> None:
    assert after_update_label(f"{label} 27.11.2026 15:10", len(label) + 1)


@pytest.mark.parametrize("label", ["Yayınlanma:", "Publié le", "Publicado:", "Datum:"])
def test_publication_labels_are_no_update(label: str) -> None:
    assert not after_update_label(label)


@pytest.mark.parametrize(
    ("text", "month_first", "expected"),
    [
        ("Publié le 24/11/26 à 11h12", False, "2026-11-24T11:12:00"),
        ("24/11/26 - 10:05", False, "2026-11-24T10:05:00"),
        ("11/24/26 10:05 AM", False, "2026-11-24T10:05:00"),  # no day 24 of a month
        ("03/04/26", False, "2026-04-03"),
        ("03/04/26", True, "2026-03-04"),
        ("24.11.26, 15:32 Uhr", False, "2026-11-24T15:32:00"),
        ("24/7/365", False, None),
        ("24/11.26", False, None),  # one separator or the other
    ],
)
def test_a_two_digit_year_after_slashes(text: str, month_first: bool, expected: str | None) -> None:
    assert find_date(text, month_first) == expected
