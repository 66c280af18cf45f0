"""How each class looks: colour and shape by class (falling back to its root class), size by
weight. Kept as data so the legend and the nodes cannot disagree."""

from __future__ import annotations

import math

__all__ = ["EDGE_STYLE", "edge_style", "node_size", "style_of"]

# class local name -> (colour, vis-network shape)
_STYLES: dict[str, tuple[str, str]] = {
    "State": ("#1f5fa8", "hexagon"),
    "Person": ("#e07b28", "dot"),
    "Organization": ("#6a3d9a", "square"),
    "GovernmentBody": ("#4b7bd0", "square"),
    "Company": ("#8c6d31", "square"),
    "MilitaryOrganization": ("#5b6b2f", "square"),
    "InternationalOrganization": ("#17a2b8", "square"),
    "MediaOrganization": ("#b05fa8", "square"),
    "ResearchOrganization": ("#7f7f7f", "square"),
    "PoliticalGroup": ("#c9a227", "square"),
    "Agent": ("#6a3d9a", "square"),
    "Sanction": ("#c0392b", "diamond"),
    "Countermeasure": ("#8e1c6e", "diamond"),
    "SupportMeasure": ("#2e8b57", "diamond"),
    "Measure": ("#c0392b", "diamond"),
    "MeasurePackage": ("#e74c3c", "star"),
    "TargetGroup": ("#f1a340", "triangleDown"),
    "Event": ("#34495e", "triangle"),
    "Territory": ("#1b9e77", "hexagon"),
    "TerritorialDispute": ("#d95f02", "star"),
    "Claim": ("#66a61e", "dot"),
    "Administration": ("#1f78b4", "dot"),
    "NameUsage": ("#a6761d", "dot"),
    "Statement": ("#999999", "dot"),
    "Quantity": ("#bcbd22", "dot"),
    "Post": ("#b3b3b3", "square"),
    "Tenure": ("#cccccc", "dot"),
}
_DEFAULT = ("#888888", "dot")

# relation (edge key) -> (colour, width, dashed). Dashes are few on purpose: Chromium's
# software rasterizer paints thousands of dashed lines at a cost of seconds (measured on the
# dispute view at 1,500 nodes: 4-6 s to interactive dashed, under 2 s solid).
EDGE_STYLE: dict[str, tuple[str, float, bool]] = {
    "respondsTo": ("#8e1c6e", 3.5, False),
    "imposedBy": ("#1f5fa8", 1.5, False),
    "target": ("#c0392b", 1.5, False),
    "targetGroup": ("#c0392b", 1.2, False),
    "claims": ("#66a61e", 2.5, False),
    "administers": ("#1f78b4", 2.5, False),
    "partOf": ("#1b9e77", 2.0, False),
    "about": ("#cfcfcf", 1.0, False),
}
_EDGE_DEFAULT = ("#9a9a9a", 1.0, False)


def style_of(cls: str, root: str) -> tuple[str, str]:
    """(colour, shape) of a class, else of its root class, else grey dots."""
    return _STYLES.get(cls) or _STYLES.get(root) or _DEFAULT


def edge_style(key: str) -> tuple[str, float, bool]:
    return EDGE_STYLE.get(key, _EDGE_DEFAULT)


def node_size(weight: int) -> float:
    """Area grows with weight, so a state with 20 measures is visibly bigger but not a planet."""
    return round(10.0 + 6.0 * math.sqrt(max(0, weight)), 1)
