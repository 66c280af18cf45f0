"""Sentence splitting: offsets index the document text; chrome is skipped; long text is cut."""

from __future__ import annotations

from kg.extract.model import load_model
from kg.extract.sentences import MAX_CHUNK, model_text, paragraphs, sentences
from kg.model import Segment


def test_sentences_carry_document_offsets(make_doc) -> None:
    text = "Japan imposed sanctions. Russia objected.\n\nMoscow called it unfriendly."
    document = make_doc(text)
    found = sentences(document, load_model())
    assert [s.text for s in found] == [
        "Japan imposed sanctions.",
        "Russia objected.",
        "Moscow called it unfriendly.",
    ]
    assert all(text[s.start : s.end] == s.text for s in found)


def test_page_chrome_is_not_parsed_and_comments_are_marked(make_doc) -> None:
    text = "Home | Login\nJapan imposed sanctions.\nI think this is silly."
    segments = (
        Segment("page-chrome", 0, 12),
        Segment("article-body", 13, 37),
        Segment("reader-comments", 38, len(text)),
    )
    paras = paragraphs(make_doc(text, segments=segments))
    assert [(p.segment, text[p.start : p.end]) for p in paras] == [
        ("article-body", "Japan imposed sanctions."),
        ("reader-comments", "I think this is silly."),
    ]


def test_a_long_paragraph_is_cut_at_sentence_breaks(make_doc) -> None:
    text = "Japan imposed sanctions on Russia. " * 400
    paras = paragraphs(make_doc(text.strip()))
    assert len(paras) > 1
    assert all(p.end - p.start <= MAX_CHUNK for p in paras)
    assert all(text[p.start : p.end].strip().endswith(".") for p in paras[:-1])


def test_masking_runs_are_blanked_without_moving_offsets() -> None:
    assert model_text("Japan** announced") == "Japan   announced"
    assert len(model_text("a ____ b")) == len("a ____ b")
