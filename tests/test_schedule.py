"""Revisit schedules: parsing specs and computing the next visit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from scraper.clock import parse_since
from scraper.errors import UsageError
from scraper.schedule import (
    DEFAULT_SCHEDULE,
    format_schedule,
    next_visit,
    parse_iso,
    parse_schedule,
    to_iso,
    utc_now,
)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("1h,3h,12h,1d,3d,7d", DEFAULT_SCHEDULE),
        ("0.5h", (1800,)),
        ("1H,1D", (3600, 86400)),
        ("none", ()),
        ("never", ()),
    ],
)
def test_parse_schedule(spec: str, expected: tuple[float, ...]) -> None:
    assert parse_schedule(spec) == expected


def test_parse_schedule_mixed_units() -> None:
    assert parse_schedule(" 30s , 45m,1h30m, 2w ") == (30, 2700, 5400, 14 * 86400)


@pytest.mark.parametrize(
    "spec",
    ["", "1h,", "1x", "h", "-1h", "0h", "1h,1h", "3h,1h", "1h 2h", "1e3h", "3651d", "one hour"],
)
def test_bad_schedules_are_usage_errors(spec: str) -> None:
    with pytest.raises(UsageError, match=r"schedule|offset"):
        parse_schedule(spec)


def test_format_schedule_round_trips() -> None:
    for spec in ("1h,3h,12h,1d,3d,1w", "30s,45m,1h30m", "none", "0.5s,45s"):
        schedule = parse_schedule(spec)
        assert parse_schedule(format_schedule(schedule)) == schedule
    assert format_schedule(DEFAULT_SCHEDULE) == "1h,3h,12h,1d,3d,1w"


FIRST = "2024-01-16T10:05:00+00:00"


@pytest.mark.parametrize(
    ("visits", "expected"),
    [
        (0, "2024-01-16T11:05:00+00:00"),
        (1, "2024-01-16T13:05:00+00:00"),
        (2, "2024-01-16T22:05:00+00:00"),
        (3, "2024-01-17T10:05:00+00:00"),
        (5, "2024-01-23T10:05:00+00:00"),
        (6, None),
        (60, None),
    ],
)
def test_next_visit_follows_the_default_schedule(visits: int, expected: str | None) -> None:
    assert next_visit(FIRST, visits) == expected


def test_next_visit_with_an_empty_schedule() -> None:
    assert next_visit(FIRST, 0, ()) is None


def test_next_visit_converts_offsets_to_utc() -> None:
    assert next_visit("2024-01-16T12:05:00+02:00", 0, (60,)) == "2024-01-16T10:06:00+00:00"


def test_next_visit_after_skips_missed_slots() -> None:
    # The 3 h and 12 h slots passed while the scraper was not running.
    late = "2024-01-17T09:00:00+00:00"
    assert next_visit(FIRST, 1, after=late) == "2024-01-17T10:05:00+00:00"
    assert next_visit(FIRST, 1, after="2024-02-01T00:00:00+00:00") is None
    assert next_visit(FIRST, 1, after=FIRST) == "2024-01-16T13:05:00+00:00"


def test_next_visit_counts_from_after_when_first_seen_after_it() -> None:
    # First seen by a clock a day fast: the 3 h slot is 3 h from this visit, not a day on.
    now = "2024-01-15T10:05:00+00:00"
    assert next_visit(FIRST, 1, after=now) == "2024-01-15T13:05:00+00:00"


def test_next_visit_rejects_bad_input() -> None:
    with pytest.raises(UsageError, match="visits"):
        next_visit(FIRST, -1)
    with pytest.raises(UsageError, match="ISO 8601"):
        next_visit("yesterday", 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-16T10:05:00+00:00", datetime(2024, 1, 16, 10, 5, tzinfo=UTC)),
        ("2024-01-16T10:05:00Z", datetime(2024, 1, 16, 10, 5, tzinfo=UTC)),
        ("2024-01-16T11:05:00+01:00", datetime(2024, 1, 16, 10, 5, tzinfo=UTC)),
        ("2024-01-16T10:05:00", datetime(2024, 1, 16, 10, 5, tzinfo=UTC)),
        ("2024-01-16", datetime(2024, 1, 16, tzinfo=UTC)),
    ],
)
def test_parse_iso(text: str, expected: datetime) -> None:
    parsed = parse_iso(text)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize("text", ["", "16.01.2024", "2024-13-01", "soon"])
def test_parse_iso_rejects_garbage(text: str) -> None:
    with pytest.raises(UsageError):
        parse_iso(text)


def test_to_iso_is_utc_to_the_second() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert to_iso(datetime(2024, 1, 16, 12, 5, 7, 999999, tzinfo=plus_two)) == (
        "2024-01-16T10:05:07+00:00"
    )
    assert to_iso(datetime(2024, 1, 16, 10, 5)) == "2024-01-16T10:05:00+00:00"


def test_utc_now_round_trips() -> None:
    now = utc_now()
    assert now.endswith("+00:00")
    assert to_iso(parse_iso(now)) == now
    assert abs(parse_iso(now) - datetime.now(UTC)) < timedelta(minutes=1)


NOW = datetime(2024, 3, 2, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20m", "2024-03-02T11:40:00+00:00"),  # back from now: a cron job's last run
        ("1h30m", "2024-03-02T10:30:00+00:00"),
        (" 2D ", "2024-02-29T12:00:00+00:00"),
        ("2024-03-01", "2024-03-01T00:00:00+00:00"),
        ("2024-03-02T10:00:00+02:00", "2024-03-02T08:00:00+00:00"),  # its offset counts
        ("2024-03-02T10:00", "2024-03-02T10:00:00+00:00"),  # none: UTC
        ("2024-03-02T10:00:00Z", "2024-03-02T10:00:00+00:00"),
    ],
)
def test_parse_since_gives_stored_utc_times(text: str, expected: str) -> None:
    assert parse_since(text, NOW) == expected


@pytest.mark.parametrize("text", ["yesterday", "2024-3-2", "", "20", "-2h", "1y"])
def test_parse_since_refuses_what_would_compare_wrongly(text: str) -> None:
    with pytest.raises(UsageError, match=r"not a time: .*ISO 8601 .* duration"):
        parse_since(text, NOW)


@pytest.mark.parametrize(
    "text", ["99999999d", "9" * 400 + "s", "0001-01-01T00:00+05:00", "9999-12-31T23:59-05:00"]
)
def test_parse_since_refuses_times_out_of_range(text: str) -> None:
    with pytest.raises(UsageError, match="not a time"):
        parse_since(text, NOW)
