"""Intake fixtures: a running local news site (tests/news_site.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from news_site import NewsSite


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with NewsSite() as running:
        yield running
