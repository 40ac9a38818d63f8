"""Split an article into overlapping chunks along sentence boundaries, within the model's window."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from index.corpus import Article
from index.text import split_sentences


@dataclass(frozen=True)
class Chunk:
    """A piece of one article, with what a citation needs."""

    chunk_id: str
    doc_id: str
    index: int
    text: str
    title: str
    date: str
    source: str
    url: str
    article_hash: str

    @property
    def embed_text(self) -> str:
        """What is embedded: the title gives each chunk its story's context."""
        return f"{self.title}\n{self.text}" if self.title else self.text

    def vector_key(self, model_name: str) -> str:
        """Identifies a vector: the same text under the same model is never embedded twice."""
        return hashlib.sha256(f"{model_name}\x00{self.embed_text}".encode()).hexdigest()

    @property
    def day(self) -> int | None:
        """The article's date as YYYYMMDD, for date filters; None when it has none."""
        return day_number(self.date)


def make_chunk_id(doc_id: str, article_hash: str, index: int) -> str:
    """A chunk's id carries its article version, so a new version never overwrites the visible one."""
    return f"{doc_id}#{article_hash[:12]}#{index}"


def day_number(date: str) -> int | None:
    """'2026-03-01' -> 20260301; '' -> None."""
    digits = date[:10].replace("-", "")
    return int(digits) if len(digits) == 8 and digits.isdigit() else None


# A sentence ends at . ! ? ; (the Greek question mark, ASCII or U+037E) or an ellipsis, followed by
# space and something that can start a sentence. Abbreviations of one or two letters ("κ.", "Α.")
# and numbers ("3.5") do not end sentences.
def _windows(sentences: list[str], sizes: list[int], budget: int, overlap: int) -> Iterator[tuple[int, int]]:
    """[start, end) sentence ranges of at most ``budget`` tokens, repeating ``overlap`` sentences."""
    start = 0
    n = len(sentences)
    while start < n:
        end = start
        used = 0
        while end < n and (end == start or used + sizes[end] <= budget):
            used += sizes[end]
            end += 1
        yield start, end
        if end >= n:
            return
        start = max(end - overlap, start + 1)


def _split_long_sentence(sentence: str, budget: int, count_tokens: Callable[[str], int]) -> list[str]:
    """A sentence longer than the window is cut on word boundaries (rare: lists, tables)."""
    words = sentence.split()
    parts: list[str] = []
    current: list[str] = []
    for word in words:
        candidate = " ".join([*current, word])
        if current and count_tokens(candidate) > budget:
            parts.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    if current:
        parts.append(" ".join(current))
    return parts


def chunk_article(
    article: Article,
    count_tokens: Callable[[str], int],
    chunk_tokens: int,
    overlap_sentences: int,
) -> list[Chunk]:
    """Chunks of ``article``; each fits ``chunk_tokens`` model tokens (title excluded)."""
    sentences: list[str] = []
    sizes: list[int] = []  # model tokens of each sentence: tokenising is the cost of chunking
    for sentence in split_sentences(article.text):
        size = count_tokens(sentence)
        if size > chunk_tokens:
            pieces = _split_long_sentence(sentence, chunk_tokens, count_tokens)
            sentences.extend(pieces)
            sizes.extend(count_tokens(piece) for piece in pieces)
        else:
            sentences.append(sentence)
            sizes.append(size)
    chunks = []
    for i, (start, end) in enumerate(_windows(sentences, sizes, chunk_tokens, overlap_sentences)):
        chunks.append(
            Chunk(
                chunk_id=make_chunk_id(article.id, article.content_hash, i),
                doc_id=article.id,
                index=i,
                text=" ".join(sentences[start:end]),
                title=article.title,
                date=article.date,
                source=article.source,
                url=article.url,
                article_hash=article.content_hash,
            )
        )
    return chunks
