"""Texts a spreadsheet would run as a formula: every file we write must show them as typed."""

from __future__ import annotations

FORMULA_LOOKALIKES = [
    "=1+1",
    "+SUM(A1)",
    "-2",
    "@cmd",
    ' =HYPERLINK("http://evil.example","点击")',
    "\t=1",
    "\r=1",
]
