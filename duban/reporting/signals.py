"""What reporting tells the apps above it, which it may not import.

``report_filed`` is sent inside the transition's transaction when a report is submitted (to
the unit's reviewer or to the office) or accepted (sender: ProgressReport; report=). The
consistency audit (verification) re-checks the report's plan once the transaction commits.
"""

from __future__ import annotations

from django.dispatch import Signal

report_filed = Signal()
# Sent inside round_close's transaction (sender: ReportingRound; round_=): the dashboard is counted again.
round_closed = Signal()
