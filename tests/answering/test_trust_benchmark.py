"""How benchmarks/trust.py scores one answer: names across scripts and inflection, right + cited, short answers.

No model: answers are built by hand, as the answerer would return them.
"""

from __future__ import annotations

from benchmarks.trust import evaluate, holds_answer, mentions, repeats_question_name, same_name
from benchmarks.trust_data import TrustQuestion
from bot.types import Answer, Citation


def question(kind: str = "answerable", **fields: object) -> TrustQuestion:
    values: dict[str, object] = {
        "id": "trust-a001-en", "lang": "en", "question": "Who did Salah al-Namroush meet in Ankara?",
        "doc_id": "seed", "about": "seed", "kind": kind, "asks": "who",
        "answers": ("Σελτσούκ Μπαϊρακτάρογλου", "Bayraktaroglu"), "missing": None, "twin_of": None, "split": "tune",
    }
    values.update(fields)
    return TrustQuestion(**values)  # type: ignore[arg-type]


def answer(text: str, cited: tuple[str, ...] = (), short: str | None = None, abstained: bool = False) -> Answer:
    citations = tuple(
        Citation(n=i, doc_id=doc, title=doc, date="", source="", url="", quote="q")
        for i, doc in enumerate(cited, start=1)
    )
    return Answer(question="q", text=text, abstained=abstained, language="en", citations=citations,
                  short_answer=short)


def test_names_match_across_scripts_and_greek_inflection() -> None:
    assert same_name("Τουρκίας", "Τουρκία")
    assert same_name("Θεσσαλία", "Θεσσαλίας")
    assert same_name("Namroush", "Ναμρούς")
    assert not same_name("Τουρκία", "Τρίπολη")
    assert not same_name("Ρι", "Ρώμη")  # too short to stem
    assert mentions("The articles don't mention Thessaly nor Θεσσαλίας.", "Θεσσαλία")
    assert mentions("Τα άρθρα δεν αναφέρουν τη Θεσσαλία.", "Θεσσαλίας")
    assert not mentions("Τα άρθρα δεν το αναφέρουν.", "Θεσσαλία")


def test_a_right_answer_holds_an_expected_answer_and_cites_the_gold_article() -> None:
    q = question()
    quoted = "«... στρατηγό Σελτσούκ Μπαϊρακτάρογλου ...» [1]"
    right = evaluate(q, answer(quoted, ("seed",), short="Σελτσούκ Μπαϊρακτάρογλου"))
    assert right.right_cited and right.short_holds and not right.short_repeats and not right.abstained
    wrong_article = evaluate(q, answer("«... Σελτσούκ Μπαϊρακτάρογλου ...» [1]", ("other",)))
    assert not wrong_article.right_cited
    wrong_words = evaluate(q, answer("«... Χαφτάρ ...» [1]", ("seed",), short="Χαφτάρ"))
    assert not wrong_words.right_cited and wrong_words.short_holds is False
    assert right.chars == len("Σελτσούκ Μπαϊρακτάρογλου\n" + quoted)


def test_an_abstention_is_scored_by_whether_it_names_what_is_missing() -> None:
    twin = question("twin", question="Who did Salah al-Namroush meet in Cairo?", doc_id=None, answers=(),
                    missing="Cairo")
    said = evaluate(twin, answer("The articles don't mention Cairo.", abstained=True))
    silent = evaluate(twin, answer("The articles don't say.", abstained=True))
    assert said.abstained and said.names_missing and not said.right_cited
    assert silent.names_missing is False
    answered = evaluate(twin, answer("«...» [1]", ("seed",)))
    assert not answered.abstained and answered.names_missing is None


def test_a_short_answer_that_repeats_the_question_is_caught() -> None:
    assert repeats_question_name("Τουρκίας", "Who replaced Erdogan as president of Turkey?")
    assert not repeats_question_name("Σελτσούκ Μπαϊρακτάρογλου", "Ποιον συνάντησε ο Ναμρούς στην Άγκυρα;")
    assert holds_answer("Salach al Namrous", ("Namrous",))
    assert holds_answer("Σαλάχ αλ Ναμρούς (Salach al Namrous)", ("Ναμρούς",))
    assert not holds_answer("Τρίπολη", ("Ναμρούς", "Namroush"))
    # A number is part of the answer: "30 έως 43 τοις εκατό" does not hold "16 τοις εκατό".
    assert not holds_answer("30 έως 43 τοις εκατό", ("16 τοις εκατό",))
    assert holds_answer("16 τοις εκατό των ψηφοφόρων", ("16 τοις εκατό",))


def test_a_bold_answer_to_an_unanswerable_question_is_counted() -> None:
    from benchmarks.trust import Cell, short_row

    twin = question("twin", question="Who did Salah al-Namroush meet in Cairo?", doc_id=None, answers=(),
                    missing="Cairo")
    bold = evaluate(twin, answer("«...» [1]", ("seed",), short="Χαφτάρ"))
    quoted = evaluate(twin, answer("«...» [1]", ("seed",)))
    said = evaluate(twin, answer("The articles don't mention Cairo.", abstained=True))
    right = evaluate(question(), answer("«... Μπαϊρακτάρογλου ...» [1]", ("seed",), short="Σελτσούκ Μπαϊρακτάρογλου"))
    row = short_row("all", Cell([bold, quoted, said, right]))
    assert row[-1] == "0.33 (1/3)"  # one of the three unanswerable got a bold answer; the answerable is not counted
