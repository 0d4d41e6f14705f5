"""The 督办件 lifecycle's writes: numbers, 签收, 办结 → 销号 → 归档 → 回头看."""
