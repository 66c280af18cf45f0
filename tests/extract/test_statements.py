"""Reported and quoted speech to statements."""

from __future__ import annotations

from typing import Any

from kg.model import Segment


def statements(extract: Any, text: str, **kw: Any) -> list[dict[str, Any]]:
    return [f.fields for f in extract(text, **kw).facts if f.kind == "statement"]


def test_reported_speech_with_transliterated_speaker(extract: Any) -> None:
    [s] = statements(extract, "Sergei Lavrov said that Moscow would not negotiate with Tokyo.")
    assert s["speaker"] == "sergey-lavrov"
    assert "negotiate with Tokyo" in s["content"]
    assert set(s["about"]) == {"ru", "jp"}


def test_quoted_speech_after_the_quote(extract: Any) -> None:
    [s] = statements(
        extract, "“We will respond in kind,” said Dmitri Peskov, the Kremlin spokesman."
    )
    assert (s["speaker"], s["quote"]) == ("dmitry-peskov", "We will respond in kind")


def test_according_to(extract: Any) -> None:
    [s] = statements(extract, "According to Fumio Kishida, Japan will keep its sanctions.")
    assert s["speaker"] == "fumio-kishida"


def test_pronoun_speaker_resolves_to_the_last_person(extract: Any) -> None:
    found = statements(
        extract, "Yoshihide Suga met reporters. He said the measures were in line with the G7."
    )
    assert [s["speaker"] for s in found] == ["yoshihide-suga"]


def test_unnamed_speakers_get_a_node_of_the_document(extract: Any) -> None:
    result = extract("Analysts said the sanctions were largely symbolic.")
    [fact] = [f for f in result.facts if f.kind == "statement"]
    minted = {e.id: e for e in result.entities}
    assert minted[fact.fields["speaker"]].kind == "person"
    assert minted[fact.fields["speaker"]].source_id == "t"


def test_cyrillic_name_links_to_the_canonical_person(extract: Any) -> None:
    [s] = statements(extract, "Сергей Лавров said Russia had no territorial dispute with Japan.")
    assert s["speaker"] == "sergey-lavrov"


def test_commenters_make_no_statements(extract: Any) -> None:
    text = "Mr. Suga said the measures were limited.\nI think Japan should leave the G7, said one reader."
    comments = Segment("reader-comments", text.index("I think"), len(text))
    found = statements(
        extract, text, segments=(Segment("article-body", 0, comments.start), comments)
    )
    assert [s["speaker"] for s in found] == ["yoshihide-suga"]


def test_a_negated_speech_verb_is_no_statement(extract: Any) -> None:
    assert statements(extract, "Mr. Putin did not say whether he would visit Japan.") == []
