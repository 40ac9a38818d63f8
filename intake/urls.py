"""Canonical article URLs: one story under two addresses is one article.

courlan normalises (scheme and host case, default ports, sorted query); on top of it tracking
parameters (``utm_*``, ``fbclid``, ``gclid`` …) and the fragment are removed.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from courlan import normalize_url

# Parameters that say who sent the reader, never which article: mail, ads and social platforms' own.
_TRACKING = re.compile(
    r"^(?:utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|_ga|_gl|ref_src|"
    r"oly_enc_id|oly_anon_id|vero_id|mkt_tok|wt_mc|cmpid|ito|at_medium|at_campaign)$",
    re.IGNORECASE,
)


def canonical_url(url: str) -> str:
    """``url`` without tracking parameters and fragment, normalised; unchanged when courlan cannot parse it."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    stripped = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))
    try:
        normalized = normalize_url(stripped, strict=False)
    except (ValueError, AttributeError):
        return stripped
    return urlunsplit(urlsplit(normalized)._replace(fragment=""))


def same_site(a: str, b: str) -> bool:
    """Both URLs on one host, a leading ``www.`` aside: a page may only name its own site's URL canonical."""
    host_a = (urlsplit(a).hostname or "").removeprefix("www.")
    host_b = (urlsplit(b).hostname or "").removeprefix("www.")
    return bool(host_a) and host_a == host_b


def page_canonical(page_url: str, declared: str | None) -> str:
    """The canonical URL of a page fetched from ``page_url`` that declares ``declared`` (<link rel=canonical>).

    The declaration counts only when it is http(s) on the page's own site: a page cannot claim
    another site's article (and so overwrite it).
    """
    if declared:
        resolved = urljoin(page_url, declared.strip())
        if urlsplit(resolved).scheme in ("http", "https") and same_site(resolved, page_url):
            return canonical_url(resolved)
    return canonical_url(page_url)
