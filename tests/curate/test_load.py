"""The curated-data loader: every rule of data/curated/README.md fails with the file and id named."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.config import Settings
from kg.curate import load_curated
from kg.errors import CurationError
from kg.sources import read_corpus

SOURCE = "000_6dda27f3a0c12004"


def _write(config: Settings, facts: list[dict], entities: dict | None = None) -> Path:
    path = config.curated_dir / "zz-test.yaml"
    content: dict = {"source": SOURCE, "facts": facts}
    if entities:
        content["entities"] = entities
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


def _load(config: Settings):  # type: ignore[no-untyped-def]
    return load_curated(config.curated_dir, read_corpus(config.sources_dir))


def _measure(**fields: object) -> dict:
    base = {
        "id": "test-measure",
        "kind": "measure",
        "class": "sanction",
        "type": "asset-freeze",
        "imposer": "jp",
        "evidence": ["freezing the assets of 35 individuals"],
    }
    base.update(fields)
    return base


def test_bundled_curated_data_loads(repo: Path) -> None:
    data = load_curated(repo / "data" / "curated", read_corpus(repo / "data" / "sources"))
    assert {f.source_id for f in data.facts} == {
        p.stem for p in (repo / "data" / "sources").glob("*.txt")
    }
    assert all(f.evidence for f in data.facts if f.kind != "discrepancy")


def test_evidence_offsets_point_at_the_quote(project_copy: Settings) -> None:
    _write(project_copy, [_measure()])
    fact = next(f for f in _load(project_copy).facts if f.id == "test-measure")
    text = (project_copy.sources_dir / f"{SOURCE}.txt").read_text(encoding="utf-8")
    (evidence,) = fact.evidence
    assert text[evidence.start : evidence.end] == "freezing the assets of 35 individuals"


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        (_measure(evidence=["Japan banned everything"]), "quote not found"),
        (_measure(evidence=[]), "needs evidence"),
        (_measure(colour="red"), "unknown field(s): colour"),
        (_measure(imposer="atlantis"), "unknown id 'atlantis'"),
        (_measure(type="confiscation"), "'confiscation' is not a concept"),
        (_measure(announced="15 December 2023"), "not a date"),
        (_measure(announced="2023-02-30"), "day is out of range"),
        (_measure(**{"class": "punishment"}), "'punishment' is not one of"),
        (_measure(id="Bad Id"), "needs an id"),
        ({**_measure(), "kind": "rumour"}, "kind must be one of"),
        (_measure(target_groups=[{"count": 3}]), "missing required field 'description'"),
        (_measure(target_groups=[{"description": "x", "count": -1}]), "non-negative integer"),
    ],
)
def test_bad_fact_is_rejected_naming_file_and_id(
    project_copy: Settings, fact: dict, message: str
) -> None:
    path = _write(project_copy, [fact])
    with pytest.raises(CurationError) as caught:
        _load(project_copy)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_conflicting_declarations_ask_for_a_discrepancy(project_copy: Settings) -> None:
    # jp-2023-12-asset-freeze is declared by the bundled files with type asset-freeze
    path = _write(project_copy, [_measure(id="jp-2023-12-asset-freeze", type="export-ban")])
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content["source"] = "003_bcd9096a39a7080e"
    content["facts"][0]["evidence"] = ["freezes the assets of 22 individuals"]
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    with pytest.raises(CurationError, match="record a discrepancy"):
        _load(project_copy)


def test_same_id_twice_for_one_source_is_rejected(project_copy: Settings) -> None:
    _write(project_copy, [_measure(), _measure()])
    with pytest.raises(CurationError, match="declared twice"):
        _load(project_copy)


def test_duplicate_entity_id_is_rejected(project_copy: Settings) -> None:
    _write(
        project_copy,
        [_measure()],
        entities={"states": [{"id": "jp", "name": "Japan again", "iso": "JP"}]},
    )
    with pytest.raises(CurationError, match="entity id declared twice"):
        _load(project_copy)


def test_reader_comments_support_only_statements(project_copy: Settings) -> None:
    path = project_copy.curated_dir / "zz-forum.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "source": "004_9b1907043569ccc5",
                "facts": [
                    {
                        "id": "comment-as-measure",
                        "kind": "measure",
                        "class": "sanction",
                        "imposer": "jp",
                        "evidence": ["We've imposed sanctions on 40 individuals in Russia."],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(CurationError, match="reader comments can only support a statement"):
        _load(project_copy)


def test_unknown_source_is_rejected(project_copy: Settings) -> None:
    path = project_copy.curated_dir / "zz-nosource.yaml"
    path.write_text("source: 999_missing\nfacts: []\n", encoding="utf-8")
    with pytest.raises(CurationError, match="no source document '999_missing'"):
        _load(project_copy)


def test_malformed_yaml_names_the_file(project_copy: Settings) -> None:
    path = project_copy.curated_dir / "zz-broken.yaml"
    path.write_text("source: [unclosed\n", encoding="utf-8")
    with pytest.raises(CurationError, match="malformed YAML") as caught:
        _load(project_copy)
    assert "zz-broken.yaml" in str(caught.value)


def test_discrepancy_property_must_be_a_field_of_the_fact(project_copy: Settings) -> None:
    _write(
        project_copy,
        [
            _measure(),
            {
                "id": "test-discrepancy",
                "kind": "discrepancy",
                "concerns": "test-measure",
                "property": "colour",
                "variants": [
                    {"value": "a", "source": SOURCE, "evidence": ["freezing the assets"]},
                    {"value": "b", "source": SOURCE, "evidence": ["35 individuals"]},
                ],
            },
        ],
    )
    with pytest.raises(CurationError, match="'colour' is not a field of a measure"):
        _load(project_copy)
