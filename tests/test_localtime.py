"""The one zone of a country's naive times: the site's country decides, not its language."""

from __future__ import annotations

import pytest

from scraper.extract import extract
from scraper.extract.localtime import in_zone, single_zone

NAIVE = "2026-11-27T14:05:00"


@pytest.mark.parametrize(
    ("language", "url", "naive", "expected"),
    [
        # Countries of one zone all year (lang QA F08), by their domain
        ("zh", "https://news.example.cn/a", NAIVE, "2026-11-27T14:05:00+08:00"),
        ("zh-TW", "https://example.com.tw/a", NAIVE, "2026-11-27T14:05:00+08:00"),
        (None, "https://example.com.tw/a", NAIVE, "2026-11-27T14:05:00+08:00"),
        ("zh", "https://www.example.com.my/a", NAIVE, "2026-11-27T14:05:00+08:00"),
        ("tr", "https://www.example.com.tr/a", NAIVE, "2026-11-27T14:05:00+03:00"),
        ("tr", "https://www.example.com.tr/a", "2015-11-27T14:05:00", "2015-11-27T14:05:00+02:00"),
        (None, "https://www.example.in/a/1", NAIVE, "2026-11-27T14:05:00+05:30"),
        ("en", "https://news.example.co.kr/a", NAIVE, "2026-11-27T14:05:00+09:00"),
        # … or, on a generic domain, by a language written almost only in that country
        ("hi", None, NAIVE, "2026-11-27T14:05:00+05:30"),
        ("ja", None, NAIVE, "2026-11-27T14:05:00+09:00"),
        ("ja", "https://www.example.com/a", NAIVE, "2026-11-27T14:05:00+09:00"),
        ("ko", "https://www.example.io/a", NAIVE, "2026-11-27T14:05:00+09:00"),
        ("ko", None, "2026-11-27", "2026-11-27"),
    ],
)  # fmt: skip
def test_naive_times_in_one_zone_countries(
    language: str | None, url: str | None, naive: str, expected: str
) -> None:
    zone = single_zone(language, url)
    assert zone is not None and in_zone(naive, zone) == expected


@pytest.mark.parametrize(
    ("language", "url"),
    [
        ("fr", None),
        ("es", None),
        ("en", "https://x.com/a"),
        # Another country's domain beats the language (today QA F03): New York, Vancouver,
        # Berlin, London
        ("zh", "https://www.example-daily.us/a"),
        ("zh-Hans", "https://www.example-daily.ca/a"),
        ("tr", "https://www.example-gazete.de/a"),
        ("ja", "https://www.example-shimbun.co.uk/a"),
        ("ko", "https://www.example.com.au/a"),
        # Chinese and Turkish on a generic domain: presses abroad write them too
        ("zh", "https://www.example-journal.com/a"),
        ("zh", None),
        ("tr", "https://www.example.com/tr/a"),
        ("tr", "https://www.example.org/a"),
    ],
)
def test_naive_times_elsewhere_stay_naive(language: str, url: str | None) -> None:
    assert single_zone(language, url) is None


def test_a_chinese_paper_in_the_us_keeps_its_time_naive() -> None:
    page = (
        '<html lang="zh"><head><title>纽约市议会通过租金管制法案</title></head><body><article>'
        "<h1>纽约市议会通过租金管制法案</h1><time>2026年11月27日 14:05</time>"
        "<p>纽约市议会27日通过了新的租金管制法案，预计将影响全市超过一百万套公寓的租户。</p>"
        "<p>市长办公室表示，法案将在明年一月生效，房东每年的租金涨幅不得超过百分之三。</p>"
        "</article></body></html>"
    )
    assert extract(page, url="https://www.example-journal.us/2026/11/27/rent").published == NAIVE
    on_cn = extract(page, url="https://www.example-journal.cn/2026/11/27/rent").published
    assert on_cn == "2026-11-27T14:05:00+08:00"
