"""The lexicons are data: every concept they name must exist in the ontology's vocabularies."""

from __future__ import annotations

from kg.lexicon import lexicon
from kg.namespace import GOODS, MT
from kg.ontology import concepts


def test_measure_types_are_concepts_of_the_measure_type_scheme() -> None:
    known = concepts()
    missing = [t for t in lexicon().measure_types() if MT[t] not in known]
    assert not missing, f"measure types in measures.yaml missing from measure-types.ttl: {missing}"


def test_goods_are_concepts_of_the_goods_scheme() -> None:
    known = concepts()
    missing = [g for g in lexicon().goods_concepts() if GOODS[g] not in known]
    assert not missing, f"goods in goods.yaml missing from goods.ttl: {missing}"


def test_support_types_are_measure_types() -> None:
    lex = lexicon()
    assert lex.support_types <= lex.measure_types()


def test_frames_map_trigger_and_object_to_a_type() -> None:
    lex = lexicon()
    assert lex.frame_for("ban", "export").type == "export-ban"
    assert lex.frame_for("suspend", "talks").type == "suspension-of-talks"
    assert lex.verb_actions["break off"] == "suspend"
    assert lex.noun_actions["military aid"] == "aid"


def test_yaml_keywords_are_kept_as_words() -> None:
    lex = lexicon()
    assert "no" in lex.negation  # YAML would read a bare `no` as false
    assert "NO" in lex.countries  # Norway, not false
