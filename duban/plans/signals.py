"""What plans tells the apps above it, which it may not import.

``plan_indicators_replaced`` is sent inside the import's transaction after a plan's goals
and task indicators were written anew (sender: the Plan class; plan=, actor=). Receivers
that keep references to indicators — the buildings' live measures — re-attach them there,
so a failure rolls the whole import back.

``plan_imported`` is sent inside the import's transaction once the plan is stored (sender: the
Plan class; plan=): the consistency audit re-checks the plan after the transaction commits.

``plan_stored`` is sent once the import's transaction has committed (sender: the Plan class;
plan=, actor=). Receivers write what follows from the stored rows in transactions of their own,
so that SQLite's write lock, which every other user's save waits for, is held for the import's
rows alone (supervision numbers and issues the plan's new tasks). A receiver that fails is
logged; the plan stays marked and the worker sends the signal again (plans.services.follow_up),
so receivers must do only what is still undone.
"""

from __future__ import annotations

from django.dispatch import Signal

plan_indicators_replaced = Signal()
plan_imported = Signal()
plan_stored = Signal()
