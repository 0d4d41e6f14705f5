"""Services write: one audited transaction per change (see docs/buildings.md)."""
