"""`make bench-trust`: does the bot say only what the articles hold? (issues 18 and 19)

Asks every question of the trust set (benchmarks/data/trust, 95 documents: the 55 shipped articles and
40 XQuAD dev paragraphs) through the product's one answer function, ``bot.app.Newsbot(...).answerer``,
with a fixed ``--today``, and reports per split (tune / check, or fresh) x language x kind and per asked kind:
right + gold cited, abstained, false abstention, abstentions that name what is missing, answer length,
and the short answer's share given / holding an expected answer / repeating a name of its question.
Then the same right + cited / abstained / false abstention on the news dev set (tests/data/quality/news).

The index is built once with the bundled model and kept under .newsbot/bench/trust (git-ignored); later
runs only check that nothing changed, then answer (~0.2 s a question).

    .venv/bin/python benchmarks/trust.py [--split tune|check|all|fresh] [--json rows.json] [--limit N]
                                         [--markdown] [--output BENCHMARKS.md] [--today YYYY-MM-DD]

Check-split figures are for final reporting: fit thresholds on ``--split tune``. ``--split fresh`` asks
exactly the fresh held-out questions (fresh.jsonl: written blind over check-split articles; same index,
same scoring and tables; no news dev set); ``--split all`` is tune + check, as before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import CACHE, MODELS_CACHE, clean_environment, contains_answer, fmt, median, replace_block, table
from benchmarks.trust_data import (
    ANSWERABLE_KINDS,
    FRESH_SPLIT,
    KINDS,
    TrustQuestion,
    corpus_files,
    load_fresh,
    load_questions,
)
from bot.app import Newsbot
from bot.types import Answer, Turn
from index.settings import Settings
from index.text import fold, name_key

DEFAULT_TODAY = dt.date(2026, 12, 1)  # far from every dated article: time words must not need "today"
NEWS_DEV = Path(__file__).resolve().parent.parent / "tests" / "data" / "quality" / "news"
TRUST_START = "<!-- trust:start -->"
TRUST_END = "<!-- trust:end -->"
FRESH_START = "<!-- trust-fresh:start -->"  # --split fresh writes its own block: tune / check's stays as it is
FRESH_END = "<!-- trust-fresh:end -->"
REPORTED_SPLITS = ("tune", "check", FRESH_SPLIT)
FACTOID_EXCLUDED = frozenset({"why", "summary", "yes_no"})  # answered with quotes, never a short answer
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
MIN_NAME_CHARS = 3


# --- comparing names across scripts and Greek inflection -----------------------------------------------


def same_name(a: str, b: str) -> bool:
    """Two words name the same thing: equal name keys, or one stem under Greek inflection ("Τουρκίας" ~ "Turkey")."""
    key_a, key_b = name_key(a), name_key(b)
    if key_a == key_b:
        return True
    shorter = min(len(key_a), len(key_b))
    if shorter < 4:
        return False
    common = 0
    for x, y in zip(key_a, key_b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(4, shorter - 2)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def names(text: str) -> list[str]:
    """Capitalised words and numbers: what a short answer may wrongly take from its question."""
    return [w for w in words(text) if len(w) >= MIN_NAME_CHARS and (w[0].isupper() or w[0].isdigit())]


def mentions(text: str, thing: str) -> bool:
    """``text`` names ``thing`` (folded, or every word of it by name key): «τη Θεσσαλία» mentions "Θεσσαλίας"."""
    if fold(thing) in fold(text):
        return True
    wanted = [w for w in words(thing) if len(w) >= MIN_NAME_CHARS or w.isdigit()]  # "16 τοις εκατό" needs 16
    said = words(text)
    return bool(wanted) and all(any(same_name(w, s) for s in said) for w in wanted)


def holds_answer(short: str, answers: Sequence[str]) -> bool:
    """A short answer holds an expected answer: folded containment, or the answer's words by name key."""
    return contains_answer(short, answers) or any(mentions(short, a) for a in answers if a.strip())


def repeats_question_name(short: str, question: str) -> bool:
    """A name (capitalised word or number) of the short answer is one of the question's own."""
    asked = names(question)
    return any(any(same_name(n, q) for q in asked) for n in names(short))


# --- one question ---------------------------------------------------------------------------------------


@dataclass
class Row:
    """One question's outcome with the features the answerer exposes (for fitting thresholds on tune)."""

    id: str
    split: str
    lang: str
    kind: str
    asks: str
    question: str
    doc_id: str | None
    missing: str | None
    abstained: bool
    cited: list[str]
    right_cited: bool
    names_missing: bool | None  # abstentions of questions with a ``missing``: does the text say what?
    chars: int
    short_answer: str | None
    short_holds: bool | None
    short_repeats: bool | None
    seconds: float
    backend: str
    features: dict[str, float]
    text: str
    follow_up: bool = False


def displayed(text: str, short: str | None) -> str:
    """What the user reads: the short answer (shown first, in bold) and the answer text."""
    return f"{short}\n{text}" if short else text


def evaluate(q: TrustQuestion, answer: Answer) -> Row:
    short = answer.short_answer if answer.short_answer and answer.short_answer.strip() else None
    return score(q, answer.text, short, answer.abstained, [c.doc_id for c in answer.citations],
                 answer.seconds, answer.backend, dict(answer.extra))


def score(
    q: TrustQuestion, text: str, short: str | None, abstained: bool, cited: list[str], seconds: float,
    backend: str, features: dict[str, float],
) -> Row:
    """One answer's outcome; also used by --rescore on rows written earlier (nothing asked again)."""
    shown = displayed(text, short)
    right = q.answerable and not abstained and q.doc_id in cited and contains_answer(shown, q.answers)
    return Row(
        id=q.id,
        split=q.split,
        lang=q.lang,
        kind=q.kind,
        asks=q.asks,
        question=q.question,
        doc_id=q.doc_id,
        missing=q.missing,
        abstained=abstained,
        cited=cited,
        right_cited=right,
        names_missing=mentions(text, q.missing) if abstained and q.missing else None,
        chars=len(shown),
        short_answer=short,
        short_holds=holds_answer(short, q.answers) if short and q.answerable else None,
        short_repeats=repeats_question_name(short, q.question) if short else None,
        seconds=seconds,
        backend=backend,
        features={k: round(v, 4) for k, v in features.items()},
        text=text,
        follow_up=bool(q.history),
    )


def rescore(questions: Sequence[TrustQuestion], path: Path) -> tuple[list[Row], list[Row]]:
    """Rows of an earlier --json run scored again against today's questions file and metrics."""
    by_id = {q.id: q for q in questions}
    dev = {q.id: q for q in news_dev_questions()}
    rows: list[Row] = []
    news_rows: list[Row] = []
    for r in json.loads(path.read_text(encoding="utf-8")):
        news = r["split"] == "news-dev"
        q = (dev if news else by_id).get(r["id"])
        if q is None:
            continue
        row = score(q, r["text"], r["short_answer"], r["abstained"], r["cited"], r["seconds"], r["backend"],
                    r["features"])
        (news_rows if news else rows).append(row)
    return rows, news_rows


def ask(bot: Newsbot, q: TrustQuestion) -> Answer:
    """The question as a chat would ask it: a follow-up after its earlier questions and their answers."""
    turns: list[Turn] = []
    for earlier in q.history:
        turns.append(Turn(earlier, bot.answerer(earlier, tuple(turns)).text))
    return bot.answerer(q.question, tuple(turns))


# --- workspaces (built once, kept) ----------------------------------------------------------------------


def cached_bot(name: str, files: Iterable[Path], today: dt.date) -> Newsbot:
    """A Newsbot over ``files`` in .newsbot/bench/<name>, indexed with the bundled model; unchanged files re-use it."""
    root = CACHE / name
    corpus, data = root / "corpus", root / "data"
    corpus.mkdir(parents=True, exist_ok=True)
    data.mkdir(parents=True, exist_ok=True)
    wanted = {path.name: path for path in files}
    for stale in corpus.iterdir():
        if stale.name not in wanted:
            stale.unlink()
    for path in wanted.values():
        target = corpus / path.name
        if not target.exists() or target.read_bytes() != path.read_bytes():
            shutil.copy(path, target)
    MODELS_CACHE.mkdir(parents=True, exist_ok=True)
    models = data / "models"
    if not models.exists():
        models.symlink_to(MODELS_CACHE, target_is_directory=True)
    values: dict[str, object] = {
        "NEWSBOT_DATA_DIR": str(data), "NEWSBOT_CORPUS_DIR": str(corpus), "NEWSBOT_TODAY": today.isoformat(),
    }
    settings = Settings(_env_file=None, **values)  # type: ignore[arg-type, call-arg]
    bot = Newsbot(settings)
    started = time.perf_counter()
    summary = bot.reindex()
    print(f"{name}: index ready in {time.perf_counter() - started:.1f} s ({summary})", file=sys.stderr)
    bot.load_model()
    return bot


# --- aggregation ----------------------------------------------------------------------------------------


@dataclass
class Cell:
    rows: list[Row] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.rows)

    def share(self, test: Callable[[Row], bool | None], among: Callable[[Row], bool] = lambda r: True) -> str:
        pool = [r for r in self.rows if among(r)]
        if not pool:
            return ""
        hits = sum(1 for r in pool if test(r))
        return f"{fmt(hits / len(pool), 2)} ({hits}/{len(pool)})"


def answerable(r: Row) -> bool:
    return r.kind in ANSWERABLE_KINDS


def factoid_answered(r: Row) -> bool:
    return answerable(r) and not r.abstained and r.asks not in FACTOID_EXCLUDED


def summary_row(label: str, cell: Cell) -> list[object]:
    rows = cell.rows
    answerable_rows = [r for r in rows if answerable(r)]
    unanswerable = cell.n - len(answerable_rows)
    with_missing = [r for r in rows if r.missing and r.abstained]
    lengths = [r.chars for r in answerable_rows if not r.abstained]
    return [
        label,
        cell.n,
        cell.share(lambda r: r.right_cited, answerable) if answerable_rows else "",
        cell.share(lambda r: r.abstained, lambda r: not answerable(r)) if unanswerable else "",
        cell.share(lambda r: r.abstained, answerable) if answerable_rows else "",
        cell.share(lambda r: r.names_missing, lambda r: bool(r.missing and r.abstained)) if with_missing else "",
        int(median(lengths)) if lengths else "",
    ]


SUMMARY_HEADER = [
    "", "n", "right + gold cited", "abstained (unanswerable)", "false abstention", "abstention names what is missing",
    "median chars (answered)",
]
SHORT_HEADER = ["", "answered factoid", "short answer given", "holds an expected answer", "repeats a question name",
                "bold answer to an unanswerable question"]


def short_row(label: str, cell: Cell) -> list[object]:
    given = [r for r in cell.rows if factoid_answered(r) and r.short_answer]
    unanswerable = [r for r in cell.rows if not answerable(r)]
    return [
        label,
        sum(1 for r in cell.rows if factoid_answered(r)),
        cell.share(lambda r: r.short_answer is not None, factoid_answered),
        cell.share(lambda r: r.short_holds, lambda r: factoid_answered(r) and r.short_answer is not None)
        if given else "",
        sum(1 for r in cell.rows if r.short_repeats),
        # the first complaint: a confident answer in bold where the articles hold none
        cell.share(lambda r: r.short_answer is not None, lambda r: not answerable(r)) if unanswerable else "",
    ]


def group(rows: Iterable[Row], key: Callable[[Row], str]) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    for r in rows:
        cells.setdefault(key(r), Cell()).rows.append(r)
    return cells


def report(rows: Sequence[Row], news_rows: Sequence[Row], header: Sequence[str], fresh: bool = False) -> list[str]:
    if fresh:
        intro = [
            FRESH_START,
            "## Trust, fresh split: `benchmarks/trust.py --split fresh`",
            "",
            f"Written by benchmarks/trust.py on the fresh held-out set (benchmarks/data/trust/fresh.jsonl: "
            f"{len(load_fresh())} questions written blind over the check-split articles; data card there), "
            "with the trust set's index and scoring.",
        ]
    else:
        intro = [
            TRUST_START,
            "## Trust (issues 18 and 19): `make bench-trust`",
            "",
            f"Written by benchmarks/trust.py on the trust set (benchmarks/data/trust: {len(load_questions())} "
            "questions written for this project over the 55 shipped articles and XQuAD dev articles 16-23; data "
            "card there). **tune** is for fitting thresholds; **check** is held out for final reporting.",
        ]
    lines = [
        *intro,
        "",
        *header,
        "",
        "right + gold cited = an expected answer (folded) in the shown answer and the gold article cited, over "
        "answerable and story-day questions; abstained = over twins, missing details and off-topic questions; "
        "false abstention = answerable and story-day questions abstained; names what is missing = abstentions "
        "of twins / missing details whose text names `missing` (folded, or by name key); chars = short answer "
        "+ answer text.",
        "",
    ]
    for split in REPORTED_SPLITS:
        in_split = [r for r in rows if r.split == split]
        if not in_split:
            continue
        lines += [f"### {split} split ({len(in_split)} questions)", ""]
        table_rows = [summary_row("all", Cell(list(in_split)))]
        for lang in ("el", "en"):
            by_lang = [r for r in in_split if r.lang == lang]
            table_rows.append(summary_row(f"**{lang}**", Cell(by_lang)))
            cells = group(by_lang, lambda r: r.kind)
            table_rows += [summary_row(f"{lang} · {kind}", cells[kind]) for kind in KINDS if kind in cells]
        follow_ups = [r for r in in_split if r.follow_up]
        if follow_ups:
            table_rows.append(summary_row("follow-ups (answerable, after their history)", Cell(follow_ups)))
        lines += table(SUMMARY_HEADER, table_rows)
        lines += ["", "Short answers (factoid = answerable and story-day, not why / summary / yes-no):", ""]
        lines += table(
            SHORT_HEADER,
            [short_row("all", Cell(list(in_split)))]
            + [short_row(lang, cell) for lang, cell in sorted(group(in_split, lambda r: r.lang).items())],
        )
        lines += ["", "By what the question asks (the unanswerable kinds by what they ask too):", ""]
        by_asks = group(in_split, lambda r: r.asks)
        lines += table(
            ["asks", "n", "right + gold cited", "abstained (unanswerable)", "false abstention",
             "names what is missing", "median chars"],
            [summary_row(asks, by_asks[asks]) for asks in sorted(by_asks)],
        )
        lines.append("")
    if news_rows:
        lines += [
            f"### News dev set (tests/data/quality/news, {len(news_rows)} questions, its own 55-article index)",
            "",
        ]
        cells = group(news_rows, lambda r: r.lang)
        lines += table(
            SUMMARY_HEADER,
            [summary_row("all", Cell(list(news_rows)))] + [summary_row(k, v) for k, v in sorted(cells.items())],
        )
        lines += ["", "Short answers of the news dev set:", ""]
        lines += table(SHORT_HEADER, [short_row("all", Cell(list(news_rows)))]
                       + [short_row(k, v) for k, v in sorted(cells.items())])
        lines.append("")
    return [*lines, FRESH_END if fresh else TRUST_END]


# --- the news dev set ------------------------------------------------------------------------------------


def news_dev_questions() -> list[TrustQuestion]:
    """The dev set's records as trust questions: its answerable ones "answerable", the rest "off_topic"-like."""
    out = []
    for line in (NEWS_DEV / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        unanswerable = r["kind"] == "unanswerable"
        out.append(TrustQuestion(
            id=r["id"], lang=r["lang"], question=r["question"], doc_id=r.get("doc_id"), about=r.get("doc_id"),
            kind="off_topic" if unanswerable else "answerable",
            asks=r["kind"] if r["kind"] in ("why", "summary") else "what",
            answers=tuple(r.get("answers") or ()), missing=None, twin_of=None, split="dev",
        ))
    return out


# --- main ------------------------------------------------------------------------------------------------


def header_lines(today: dt.date, seconds: float, asked: int) -> list[str]:
    from benchmarks.run import machine

    return [*machine(), f"- --today {today.isoformat()}; {asked} questions answered in {seconds / 60:.1f} min"]


def run(bot: Newsbot, questions: Sequence[TrustQuestion], label: str) -> list[Row]:
    rows = []
    for i, q in enumerate(questions, start=1):
        rows.append(evaluate(q, ask(bot, q)))
        if i % 50 == 0:
            print(f"{label}: {i}/{len(questions)}", file=sys.stderr)
    return rows


def questions_of(split: str) -> list[TrustQuestion]:
    """The questions ``--split`` asks: tune, check, both ("all"), or the fresh held-out set alone."""
    if split == FRESH_SPLIT:
        return list(load_fresh())
    return [q for q in load_questions() if split == "all" or q.split == split]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--split", choices=("tune", "check", "all", FRESH_SPLIT), default="tune",
                        help="all = tune + check; fresh = only the fresh held-out set (no news dev set)")
    parser.add_argument("--json", type=Path, help="write one row per question (features included) to this file")
    parser.add_argument("--limit", type=int, help="the first N questions of the split and of the dev set (a look)")
    parser.add_argument("--markdown", action="store_true", help="print the tables for BENCHMARKS.md")
    parser.add_argument("--output", type=Path, help="put the tables into this file's Trust block (BENCHMARKS.md)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=DEFAULT_TODAY)
    parser.add_argument("--no-news", action="store_true", help="skip the news dev set")
    parser.add_argument("--rescore", type=Path, help="score the rows of an earlier --json run again; ask nothing")
    args = parser.parse_args(argv)
    clean_environment()
    fresh = args.split == FRESH_SPLIT
    questions = questions_of(args.split)
    if args.limit:
        questions = questions[: args.limit]
    started = time.perf_counter()
    news_rows: list[Row] = []
    if args.rescore:
        rows, news_rows = rescore(questions, args.rescore)
    else:
        bot = cached_bot("trust", corpus_files(), args.today)
        rows = run(bot, questions, "trust")
    if not args.no_news and not args.rescore and not fresh:
        news_bot = cached_bot("trust-news-dev", sorted((NEWS_DEV / "corpus").iterdir()), args.today)
        news_rows = run(news_bot, news_dev_questions()[: args.limit or None], "news dev")
    seconds = time.perf_counter() - started
    if args.rescore:
        header = [f"- rescored {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC from {args.rescore}: an earlier run's "
                  "answers, scored with today's questions file and metrics (its date and machine are that run's)"]
    else:
        header = header_lines(args.today, seconds, len(rows) + len(news_rows))
    lines = report(rows, news_rows, header, fresh)
    text = "\n".join(lines)
    if args.markdown or not args.output:
        print(text)
    if args.output:
        replace_block(args.output, *((FRESH_START, FRESH_END) if fresh else (TRUST_START, TRUST_END)), text)
    if args.json:
        payload = [r.__dict__ for r in rows] + [{**r.__dict__, "split": "news-dev"} for r in news_rows]
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    asked = [r.seconds for r in rows]
    print(f"median answer time {median(asked):.3f} s over {len(asked)} questions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
