"""One row of the benchmark table, and the table itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A measured figure against its target: ``value`` meets it when at most (or, with
    ``higher_is_better``, at least) ``target``."""

    name: str
    value: float
    target: float
    unit: str = ""
    higher_is_better: bool = False
    note: str = ""

    @property
    def meets(self) -> bool:
        if self.value != self.value:  # NaN: nothing was measured
            return False
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    def row(self) -> tuple[str, str, str, str]:
        sign = "≥" if self.higher_is_better else "≤"
        value = f"{_number(self.value)} {self.unit}".strip()
        target = f"{sign} {_number(self.target)} {self.unit}".strip()
        verdict = "pass" if self.meets else "short"
        return self.name, target, value + (f" ({self.note})" if self.note else ""), verdict


def _number(value: float) -> str:
    if value != value:
        return "n/a"
    if value == int(value) and abs(value) >= 10:
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def render(figures: Sequence[Figure]) -> str:
    """The figures as an aligned plain-text table."""
    rows = [("figure", "target", "value", "")] + [figure.row() for figure in figures]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
