"""The users of the load test (bench/load.py runs this file with locust, headless).

Fifty people at once on a working day of the monthly round, in a fixed mix:

- 15 领导 read: the dashboard, plan pages, units' 台账, searches, task pages;
- 25 单位填报员, each of a different unit, file: their list (本单位填报), a report page,
  save a draft or submit it; and read their 台账 and search;
- 10 督办员, each on a different open round, review: the round's submitted reports,
  accept nine in ten and return one with a comment; and read plan pages and search.

Each user waits 1–3 s between actions (people read what they opened). Everyone starts
signed in: bench/load.py logs the sessions in beforehand and passes their cookies in the
file named by BENCH_PLAN, so that fifty password hashes do not land in the measured
minute. Reads are named "R …", writes "W …"; every request is recorded (name, time,
failure) and written to the plan's "records" file when locust stops. Each request opens
its own connection (see the headers below). A write that
answers anything but its redirect (a refusal, a conflict, a server error) is a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

PLAN: dict[str, Any] = (
    json.loads(Path(os.environ["BENCH_PLAN"]).read_text()) if "BENCH_PLAN" in os.environ else {}
)
RECORDS: list[tuple[str, float, str]] = []  # name, ms, failure ("" when none)
SLOTS = {kind: itertools.count() for kind in ("leaders", "reporters", "supervisors")}
HOST_SLOT = itertools.count()
SKIP = set(filter(None, PLAN.get("skip", [])))
SEARCHES = (
    "科创载体",
    "人才",
    "青阳",
    "产业园",
    "国土空间规划",
    "营商环境",
    "开工建设",
    "数字政府",
    "隐债化解",
)
VERSION = re.compile(r'name="version" value="(\d+)"')
REPORT = re.compile(r"/reporting/reports/(\d+)/")
TASK = re.compile(r"/plans/tasks/(\d+)/")


@events.request.add_listener
def _record(name: str, response_time: float, exception: Exception | None, **kwargs: Any) -> None:
    RECORDS.append((name, response_time, "" if exception is None else str(exception)[:200]))


@events.quitting.add_listener
def _dump(environment: Any, **kwargs: Any) -> None:
    if PLAN.get("records"):
        Path(PLAN["records"]).write_text(json.dumps(RECORDS))


class _Signed(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    kind = ""

    def __init__(self, environment: Any) -> None:
        slots = PLAN[self.kind]
        self.slot = slots[next(SLOTS[self.kind]) % len(slots)]
        self.host = PLAN["hosts"][next(HOST_SLOT) % len(PLAN["hosts"])]  # spread over the instances
        super().__init__(environment)
        cookies = self.slot["cookies"]
        # An explicit Cookie header: requests then ignores its own jar, so the session stays this one.
        # Connection: close, because gunicorn drops a keep-alive connection idle for 2 s, and a user
        # who waits 1-3 s would often reuse one just as it closes (a browser retries that silently).
        self.headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "X-CSRFToken": cookies.get("csrftoken", ""),
            "Connection": "close",
        }
        self.task_ids: list[int] = []

    def read(self, path: str, name: str) -> str:
        if name in SKIP:  # bench/load.py --skip: the mix without these pages
            return ""
        with self.client.get(path, headers=self.headers, name=f"R {name}", catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"HTTP {answer.status_code}")
                return ""
            return answer.text or ""

    def write(self, path: str, form: dict[str, str], name: str) -> bool:
        with self.client.post(
            path,
            data=form,
            headers=self.headers,
            name=f"W {name}",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"HTTP {answer.status_code}")
                return False
            return True

    # Reads everyone does.
    def search(self) -> None:
        self.read(f"/plans/search/?q={random.choice(SEARCHES)}", "搜索")

    def plan_page(self) -> None:
        page = self.read(f"/plans/{random.choice(PLAN['plans'])}/", "计划页")
        if page and not self.task_ids:
            self.task_ids = [int(i) for i in TASK.findall(page)[:200]]

    def task_page(self) -> None:
        if not self.task_ids:
            self.plan_page()
        if self.task_ids:
            self.read(f"/plans/tasks/{random.choice(self.task_ids)}/", "任务页")


class Leader(_Signed):
    """领导: reads only."""

    kind = "leaders"
    fixed_count = 15

    @task(2)
    def dashboard(self) -> None:
        self.read("/dashboard/", "领导驾驶舱")

    @task(3)
    def plan(self) -> None:
        self.plan_page()

    @task(2)
    def ledger(self) -> None:
        self.read(f"/units/{random.choice(PLAN['units'])}/", "单位台账")

    @task(3)
    def find(self) -> None:
        self.search()

    @task(2)
    def task_detail(self) -> None:
        self.task_page()


class Reporter(_Signed):
    """单位填报员 of one unit: files the unit's reports of the open rounds."""

    kind = "reporters"
    fixed_count = 25

    def on_start(self) -> None:
        self.owed = list(self.slot["owed"])
        random.shuffle(self.owed)

    @task(3)
    def mine(self) -> None:
        self.read("/reporting/mine/", "本单位填报")

    @task(6)
    def file(self) -> None:
        if not self.owed:
            self.mine()
            return
        report = self.owed[-1]
        page = self.read(f"/reporting/reports/{report}/", "填报页")
        found = VERSION.search(page)
        if not found or f"/reporting/reports/{report}/submit/" not in page:
            self.owed.pop()  # filed already (or not ours to file): the next one
            return
        submit = random.random() < 0.7
        action = "submit" if submit else "save"
        form = {
            "version": found.group(1),
            "progress": f"截至本月底，项目完成投资约{random.randint(100, 9000)}万元，"
            f"形象进度{random.randint(30, 95)}%。",
            "claim": "in_progress",
            "shortfall_reason": "",
        }
        if self.write(f"/reporting/reports/{report}/{action}/", form, "提交填报" if submit else "保存草稿"):
            if submit:
                self.owed.pop()
            self.read(f"/reporting/reports/{report}/", "填报页")

    @task(1)
    def ledger(self) -> None:
        self.read(f"/units/{self.slot['unit']}/", "单位台账")

    @task(1)
    def find(self) -> None:
        self.search()


class Supervisor(_Signed):
    """督办员 on one open round: reviews what was submitted."""

    kind = "supervisors"
    fixed_count = 10

    @task(6)
    def review(self) -> None:
        page = self.read(f"/reporting/rounds/{self.slot['round']}/?status=submitted", "轮次页")
        waiting = REPORT.findall(page)
        if not waiting:
            return
        report = random.choice(waiting[:20])
        page = self.read(f"/reporting/reports/{report}/", "填报页")
        found = VERSION.search(page)
        if not found or f"/reporting/reports/{report}/accept/" not in page:
            return
        if random.random() < 0.9:
            self.write(f"/reporting/reports/{report}/accept/", {"version": found.group(1)}, "审核通过")
        else:
            form = {"version": found.group(1), "comment": "请补充具体数据和佐证材料。"}
            self.write(f"/reporting/reports/{report}/return/", form, "审核退回")

    @task(2)
    def plan(self) -> None:
        self.plan_page()

    @task(1)
    def find(self) -> None:
        self.search()

    @task(1)
    def task_detail(self) -> None:
        self.task_page()
