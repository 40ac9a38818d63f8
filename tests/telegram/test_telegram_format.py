"""Rendering answers as Telegram HTML: escaping, sources, quotes, splitting to message size."""

from __future__ import annotations

import html

from fake_bot_api import check_telegram_html

from bot.telegram.formatting import (
    MAX_MESSAGE_LENGTH,
    Block,
    render_answer,
    render_partial,
    render_sources,
    split_blocks,
    utf16_len,
)
from bot.types import Answer, Citation


def citation(n: int, **kw: str) -> Citation:
    values = {
        "doc_id": f"doc-{n}",
        "title": f"Τίτλος {n}",
        "date": "2024-05-01",
        "source": "kathimerini.gr",
        "url": f"https://example.gr/a/{n}?x=1&y=2",
        "quote": f"Απόσπασμα {n} από το άρθρο.",
    }
    values.update(kw)
    return Citation(n=n, **values)  # type: ignore[arg-type]


def answer(text: str, *citations: Citation, **kw: object) -> Answer:
    return Answer(question="q", text=text, abstained=False, language="el", citations=citations, **kw)  # type: ignore[arg-type]


def test_answer_is_escaped_with_markers_sources_and_expandable_quotes() -> None:
    a = answer(
        "Η Βουλή <ψήφισε> το νομοσχέδιο [1] & οι αγρότες διαμαρτυρήθηκαν [2].",
        citation(1, title="<script>alert(1)</script> & Co", quote='Είπε "όχι" <b>ποτέ</b>'),
        citation(2, url=""),
    )
    [message] = render_answer(a)
    plain = check_telegram_html(message)
    assert "&lt;ψήφισε&gt;" in message and "<script>" not in message
    assert "[1]" in plain and "[2]" in plain
    assert "<b>Πηγές</b>" in message
    link = '<a href="https://example.gr/a/1?x=1&amp;y=2">&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</a>'
    assert link in message
    assert "[2] Τίτλος 2 · 2024-05-01" in message  # no url: title without a link
    assert "<blockquote expandable>" in message
    assert "&lt;b&gt;ποτέ&lt;/b&gt;" in message


def test_only_http_links_become_anchors() -> None:
    [message] = render_answer(answer("x [1]", citation(1, url="javascript:alert(1)")))
    check_telegram_html(message)
    assert "<a " not in message and "javascript" not in message


def test_notice_is_italic_and_english_labels() -> None:
    a = Answer(
        question="q",
        text="Only what the articles say [1].",
        abstained=False,
        language="en",
        citations=(citation(1),),
        notice="The language model is unreachable <now>; showing the extractive answer.",
    )
    [message] = render_answer(a)
    check_telegram_html(message)
    assert message.startswith("<i>The language model is unreachable &lt;now&gt;;")
    assert "<b>Sources</b>" in message


def test_abstention_without_citations_has_no_sources_block() -> None:
    [message] = render_answer(answer("Δεν βρήκα κάτι σχετικό στα άρθρα."))
    check_telegram_html(message)
    assert "Πηγές" not in message and "blockquote" not in message


def test_ten_thousand_characters_split_on_paragraphs() -> None:
    body = ("λέξη & <άλλη> " * 30).strip()
    paragraphs = [f"Παράγραφος {i}: {body} [{i % 3 + 1}]." for i in range(40)]
    text = "\n\n".join(paragraphs)
    assert len(text) > 10_000
    parts = render_answer(answer(text, citation(1), citation(2), citation(3)))
    assert len(parts) >= 3
    plains = [check_telegram_html(p) for p in parts]
    joined = "\n\n".join(plains)
    positions = [joined.index(f"Παράγραφος {i}:") for i in range(40)]
    assert positions == sorted(positions)
    # Paragraphs are never cut in half: each starts and ends in the same part.
    for i, paragraph in enumerate(paragraphs):
        assert any(html.unescape(paragraph) in plain for plain in plains), i
    assert "Πηγές" in plains[-1]


def test_one_huge_paragraph_is_cut_at_spaces_and_never_inside_an_entity() -> None:
    text = ("α&β " * 3000).strip()  # 12,000 characters, one paragraph, 9,000 entities
    parts = render_answer(answer(text))
    assert len(parts) >= 4
    for part in parts:
        check_telegram_html(part)
    assert sum(html.unescape(p).count("α&β") for p in parts) == 3000


def test_a_long_blockquote_is_split_into_balanced_blockquotes() -> None:
    block = Block([f"γραμμή {i} " + "x" * 90 for i in range(100)], "<blockquote expandable>", "</blockquote>")
    parts = split_blocks([Block(["πριν"]), block], limit=1000)
    assert len(parts) > 5
    for part in parts:
        check_telegram_html(part)
        assert utf16_len(part) <= 1000
        assert part.count("<blockquote expandable>") == part.count("</blockquote>")


def test_length_counts_utf16_units() -> None:
    text = "😀" * 3000  # 6000 UTF-16 units in 3000 code points
    parts = render_answer(answer(text))
    assert len(parts) == 2
    assert all(utf16_len(p) <= MAX_MESSAGE_LENGTH for p in parts)


def test_partial_text_is_escaped_and_fits() -> None:
    assert render_partial("a < b") == "a &lt; b …"
    long = render_partial("&" * 10_000)
    assert utf16_len(long) <= MAX_MESSAGE_LENGTH
    check_telegram_html(long)
    assert render_partial("   ") == "…"


def test_sources_show_title_date_source_link_and_full_quote() -> None:
    quote = "Ολόκληρο το απόσπασμα <με> σύμβολα & εισαγωγικά \"έτσι\". " * 5
    parts = render_sources([citation(2), citation(1, quote=quote)], "el")
    assert len(parts) == 1
    message = parts[0]
    plain = check_telegram_html(message)
    assert plain.index("[1] Τίτλος 1") < plain.index("[2] Τίτλος 2")
    assert "2024-05-01 · kathimerini.gr" in plain
    assert 'href="https://example.gr/a/1?x=1&amp;y=2"' in message
    assert html.escape(quote.strip()) in message
    assert message.count("<blockquote expandable>") == 2


def test_many_long_sources_split_into_valid_parts() -> None:
    cites = [citation(i, quote="λόγια " * 500, title="Τ" * 500) for i in range(1, 9)]
    parts = render_sources(cites, "en")
    assert len(parts) > 1
    for part in parts:
        check_telegram_html(part)
    assert "<b>Sources</b>" in parts[0]
