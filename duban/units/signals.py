"""What units tells the apps above it, which it may not import.

``unit_merging`` is sent inside a merge's transaction, before the merged unit is deleted
(sender: the Unit class; source=, target=). Every app that refers to units moves its rows
from source to target and returns what it moved ({"tasks": 3}) for the merge's audit row; it
raises ``Refused`` when a row cannot move (two buildings of one name), which rolls the merge back.
"""

from __future__ import annotations

from django.dispatch import Signal

unit_merging = Signal()
