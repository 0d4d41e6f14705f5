"""Demo data: the office's two source documents, shipped inside the package."""

from __future__ import annotations

from pathlib import Path

SEEDS = Path(__file__).parent / "seeds"
KEY_WORK_2025 = SEEDS / "2025_xiakewan_key_work.txt"  # 霞客湾科学城2025年重点工作安排表
BUILDINGS_PLAN_2022 = SEEDS / "2022_tech_buildings_plan.txt"  # 科技赋能楼宇三年行动实施方案
