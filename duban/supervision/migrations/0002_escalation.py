"""三色督办: the ladder (the usual 1/2/3 rounds hold until the office sets its own), 督办单 and 约谈."""

from __future__ import annotations

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0007_task_leaders_milestones"),
        ("reporting", "0003_report_three_parts_and_coordination"),
        ("supervision", "0001_lifecycle"),
        ("units", "0002_unit_emails_unit_webhook_kind_unit_webhook_url"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="lifecycle",
            name="source",
            field=models.CharField(
                choices=[
                    ("instruction", "批示件"),
                    ("meeting", "会议议定事项"),
                    ("plan", "计划任务"),
                    ("other", "其他交办"),
                    ("closing", "销号编号"),
                    ("notice", "督办单编号"),
                ],
                max_length=20,
                verbose_name="来源类别",
            ),
        ),
        migrations.AlterField(
            model_name="numbercounter",
            name="source",
            field=models.CharField(
                choices=[
                    ("instruction", "批示件"),
                    ("meeting", "会议议定事项"),
                    ("plan", "计划任务"),
                    ("other", "其他交办"),
                    ("closing", "销号编号"),
                    ("notice", "督办单编号"),
                ],
                max_length=20,
                verbose_name="来源类别",
            ),
        ),
        migrations.AlterField(
            model_name="numberpattern",
            name="source",
            field=models.CharField(
                choices=[
                    ("instruction", "批示件"),
                    ("meeting", "会议议定事项"),
                    ("plan", "计划任务"),
                    ("other", "其他交办"),
                    ("closing", "销号编号"),
                    ("notice", "督办单编号"),
                ],
                max_length=20,
                unique=True,
                verbose_name="来源类别",
            ),
        ),
        migrations.CreateModel(
            name="EscalationRung",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[("blue", "蓝色督办单"), ("yellow", "黄色督办单"), ("red", "红色督办单")],
                        max_length=10,
                        unique=True,
                        verbose_name="督办等级",
                    ),
                ),
                ("rounds", models.PositiveSmallIntegerField(verbose_name="连续滞后轮次")),
                ("reply_workdays", models.PositiveSmallIntegerField(verbose_name="办理时限（工作日）")),
                ("flagged", models.BooleanField(default=False, verbose_name="挂牌督办")),
                ("requirement", models.TextField(verbose_name="督办要求")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="修改时间")),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "督办等级",
                "ordering": ["rounds"],
            },
        ),
        migrations.CreateModel(
            name="Interview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("held_on", models.DateField(verbose_name="约谈日期")),
                ("people", models.CharField(max_length=200, verbose_name="约谈对象")),
                ("held_by", models.CharField(max_length=200, verbose_name="约谈人")),
                ("notes", models.TextField(verbose_name="约谈记录")),
                ("recorded_at", models.DateTimeField(verbose_name="登记时间")),
                (
                    "recorded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "task",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="interviews",
                        to="plans.task",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="units.unit"
                    ),
                ),
            ],
            options={
                "verbose_name": "约谈",
                "ordering": ["-held_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="SupervisionNotice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.CharField(max_length=60, unique=True, verbose_name="督办单编号")),
                (
                    "level",
                    models.CharField(
                        choices=[("blue", "蓝色督办单"), ("yellow", "黄色督办单"), ("red", "红色督办单")],
                        max_length=10,
                        verbose_name="督办等级",
                    ),
                ),
                ("lagging_rounds", models.PositiveSmallIntegerField(default=0, verbose_name="连续滞后轮次")),
                ("problem", models.TextField(verbose_name="存在问题")),
                ("requirement", models.TextField(verbose_name="督办要求")),
                ("due_on", models.DateField(verbose_name="办理时限")),
                ("flagged", models.BooleanField(default=False, verbose_name="挂牌督办")),
                ("copied_to", models.CharField(blank=True, max_length=300, verbose_name="抄送")),
                ("issued_at", models.DateTimeField(verbose_name="签发时间")),
                ("received_at", models.DateTimeField(blank=True, null=True, verbose_name="签收时间")),
                ("reply", models.TextField(blank=True, verbose_name="办理情况")),
                ("replied_at", models.DateTimeField(blank=True, null=True, verbose_name="答复时间")),
                (
                    "copied_users",
                    models.ManyToManyField(
                        blank=True, related_name="copied_notices", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "issued_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "received_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "replied_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="reporting.reportinground",
                    ),
                ),
                (
                    "task",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="notices", to="plans.task"
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="notices", to="units.unit"
                    ),
                ),
            ],
            options={
                "verbose_name": "督办单",
                "ordering": ["-issued_at", "-pk"],
                "indexes": [
                    models.Index(fields=["unit", "received_at"], name="supervision_unit_id_24973b_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("task", "unit", "round", "level"), name="one_notice_per_task_unit_round_level"
                    )
                ],
            },
        ),
    ]
