from __future__ import annotations

from django.db import models


class OwnerType(models.TextChoices):
    """产权类型: whose building it is, as the 2022 plan sorts them (国有、集体和企业闲置楼宇)."""

    STATE = "state", "国有"
    COLLECTIVE = "collective", "集体"
    ENTERPRISE = "enterprise", "企业"


class BuildingState(models.TextChoices):
    """房屋状态 in the information database."""

    IDLE = "idle", "闲置"
    RENOVATING = "renovating", "改造中"
    RENOVATED = "renovated", "已改造"
    IN_USE = "in_use", "在用"


BUILDING_STATE_COLOURS = {
    BuildingState.IDLE: "secondary",
    BuildingState.RENOVATING: "warning",
    BuildingState.RENOVATED: "success",
    BuildingState.IN_USE: "primary",
}


class ChangeSource(models.TextChoices):
    """Where a change in a building's history came from."""

    CREATED = "created", "新建入库"
    FORM = "form", "页面修改"
    IMPORT = "import", "表格导入"
    RENOVATION = "renovation", "改造项目"
    CARRIER = "carrier", "科创载体"
    ATTACHMENT = "attachment", "附件"


class CarrierKind(models.TextChoices):
    INCUBATOR = "incubator", "孵化器"
    MAKER_SPACE = "maker_space", "众创空间"
    RESEARCH_INSTITUTE = "research_institute", "新型研发机构"
    ENCLAVE = "enclave", "科创飞地"


class CarrierLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"
    UNRATED = "unrated", "未定级"


class Outcome(models.TextChoices):
    """What a yearly evaluation leads to."""

    AWARD = "award", "奖励"
    PASS = "pass", "合格"
    WARNING = "warning", "亮牌警示"


OUTCOME_COLOURS = {Outcome.AWARD: "success", Outcome.PASS: "secondary", Outcome.WARNING: "danger"}


class AppealStatus(models.TextChoices):
    """复核: pending until the office decides to keep (维持) or change (改变) the outcome."""

    PENDING = "pending", "待复核"
    UPHELD = "upheld", "维持原结果"
    CHANGED = "changed", "改变结果"


APPEAL_COLOURS = {
    AppealStatus.PENDING: "warning",
    AppealStatus.UPHELD: "secondary",
    AppealStatus.CHANGED: "info",
}


class ImportKind(models.TextChoices):
    BUILDINGS = "buildings", "楼宇信息"
    SCORES = "scores", "考评得分"
