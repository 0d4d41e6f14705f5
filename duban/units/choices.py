from __future__ import annotations

from django.db import models


class UnitKind(models.TextChoices):
    BUREAU = "bureau", "委办局"
    TOWN = "town", "镇街"
    PARK = "park", "园区"
    COMPANY = "company", "企业"
    UNIVERSITY = "university", "高校"
    GROUP_COMPANY = "group_company", "集团"
    OTHER = "other", "其他"


class NameMatch(models.TextChoices):
    """How a unit name from a file relates to the directory."""

    EXISTING = "existing", "已有单位"
    ALIAS = "alias", "通过别名匹配"
    GROUP = "group", "单位组"
    SIMILAR = "similar", "疑似已有单位"
    NEW = "new", "新单位"
