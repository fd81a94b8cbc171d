"""Every error the library raises crosses a process boundary intact: Dask, Ray and
`ProcessPoolExecutor` send a worker's exception back pickled, and one that cannot be
unpickled breaks the whole pool (every pending task fails with it)."""

from __future__ import annotations

import concurrent.futures as cf
import copy
import inspect
import multiprocessing as mp
import pickle

import pytest

from scraper import errors
from scraper.errors import Blocked, ScraperError
from scraper.netpolicy import parse_url

# A value for each keyword field an error's constructor takes (any the tree adds later
# fails below until it is given one here).
FIELDS = {"url": "https://a.example/x", "status": 503, "reason": "scheme", "asked": True}
FIELDS |= {"content_type": "application/pdf"}


def tree(cls: type[ScraperError] = ScraperError) -> list[type[ScraperError]]:
    """`cls` and every subclass of it, however deep (new ones are covered too)."""
    return [cls, *(sub for direct in cls.__subclasses__() for sub in tree(direct))]


def sample(cls: type[ScraperError]) -> ScraperError:
    init = cls.__init__  # (Exception's own, in C, has no signature: no fields)
    keywords = inspect.signature(init).parameters.values() if inspect.isfunction(init) else ()
    given = {p.name: FIELDS[p.name] for p in keywords if p.kind is p.KEYWORD_ONLY}
    return cls(f"{cls.__name__} went wrong", **given)


def test_the_tree_is_walked() -> None:
    names = {cls.__name__ for cls in tree()}
    assert names >= {"FetchError", "HTTPStatusError", "NotHTML", "LockHeld", "SiteRulesError"}
    assert names >= set(errors.__all__) - {"ROBOTS_REFUSAL"}


@pytest.mark.parametrize("cls", tree(), ids=lambda cls: cls.__name__)
def test_every_error_pickles_and_copies_with_its_message_and_fields(
    cls: type[ScraperError],
) -> None:
    error = sample(cls)
    for back in (pickle.loads(pickle.dumps(error, protocol=5)), copy.copy(error)):
        assert type(back) is cls
        assert str(back) == str(error) and back.args == error.args
        assert vars(back) == vars(error)


def test_a_fetch_error_raised_in_a_worker_reaches_the_parent_and_the_pool_survives() -> None:
    urls = ["ftp://example.org/file", "https://example.org/ok"]
    with cf.ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        refused, fine = (pool.submit(parse_url, url) for url in urls)
        with pytest.raises(Blocked) as caught:
            refused.result(timeout=120)
        assert str(fine.result(timeout=120)) == urls[1]
    assert caught.value.url == urls[0] and caught.value.reason == "scheme"
