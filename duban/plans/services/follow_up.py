"""What follows an import once it has committed: ``plan_stored``, each receiver in transactions
of its own (duban/supervision issues the new tasks), so SQLite's write lock is not held for the
import and all that follows it at once. A plan stays marked (``Plan.after_import_pending``) until
every receiver has succeeded; the worker follows up a plan left marked (``plans.tasks``).
"""

from __future__ import annotations

import logging

from duban.accounts.models import User
from duban.common.writelock import let_others_write
from duban.plans.models import Plan
from duban.plans.signals import plan_stored

logger = logging.getLogger(__name__)


def plan_stored_follow_up(*, plan: Plan, actor: User | None = None) -> bool:
    """What follows an import that has committed: ``plan_stored`` sent, each receiver in its own
    transactions, and the plan's mark cleared once all of them succeeded (a failure is logged and
    the mark kept: ``plans.tasks.plans_follow_up`` sends it again). True when all succeeded."""
    let_others_write()  # the saves that waited for the import go first
    results = plan_stored.send_robust(sender=Plan, plan=plan, actor=actor)
    for receiver, failure in results:
        if isinstance(failure, Exception):
            logger.error("plan_stored: %s failed for plan %s", receiver, plan.pk, exc_info=failure)
    done = not any(isinstance(failure, Exception) for _, failure in results)
    if done:  # a bare flag: no change of the plan (updated_at, the audit log, kept pages)
        Plan.objects.filter(pk=plan.pk).update(after_import_pending=False)
    return done


def plans_follow_up_pending() -> int:
    """Plans whose import committed but whose follow-up did not finish (its process stopped, a
    receiver failed): followed up now. Returns how many succeeded."""
    pending = Plan.objects.filter(after_import_pending=True).order_by("pk")
    return sum(plan_stored_follow_up(plan=plan) for plan in pending)
