from __future__ import annotations

from django.db import models


class Action(models.TextChoices):
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出"
    LOGIN_FAILED = "login_failed", "登录失败"
    DENIED = "denied", "拒绝访问"
    CREATE = "create", "新建"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    IMPORT = "import", "导入"
    UPLOAD = "upload", "上传"
    MERGE = "merge", "合并"
    EXPORT = "export", "导出"
    DOWNLOAD = "download", "下载"


class Result(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
