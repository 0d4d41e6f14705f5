"""What plans tells the apps above it, which it may not import.

``plan_indicators_replaced`` is sent inside the import's transaction after a plan's goals
and task indicators were written anew (sender: the Plan class; plan=, actor=). Receivers
that keep references to indicators — the buildings' live measures — re-attach them there,
so a failure rolls the whole import back.

``plan_imported`` is sent inside the import's transaction once the plan is stored (sender: the
Plan class; plan=): the consistency audit re-checks the plan after the transaction commits.
"""

from __future__ import annotations

from django.dispatch import Signal

plan_indicators_replaced = Signal()
plan_imported = Signal()
