"""Seed 000 (霞客湾科学城2025年重点工作安排表), row by row: which checks flag each row, and why.

The verdicts are a reader's, made from the text before the checks were written; they
are the judgement table of docs/audit.md. The audit is run as of 2025-11-15: the
report was filled in mid-November 2025 (row 24 plans 定标 for 11月18日, row 16 expects
a permit in 11月中下旬), and "12月中旬" in a report of that day is still a plan.

Rows that are unflagged but have a problem no check is meant to catch say so
("out of scope"); docs/audit.md lists them.
"""

from __future__ import annotations

A = "霞客湾科学城2025年重点工作安排表"
B = "校地合作“八个一”工作清单"

BELOW = "claimed_done_below_target"
PENDING = "claimed_done_but_pending"
NO_REASON = "not_done_without_reason"
REPEATS = "reason_repeats_task"
NO_NUMBER = "quantitative_target_without_number"
COPIED = "progress_copied"
COPIES_TARGET = "progress_copies_target"

# (section, 序号, checks that flag the row, why)
KEY_WORK_2025_VERDICTS: list[tuple[str, str, tuple[str, ...], str]] = [
    (A, "1", (), "target is 推进…编制 (ongoing work); 已形成中期成果 is progress on it"),
    (A, "2", (), "已完成专家论证; 四个站点 names the scope, it is not an amount to reach"),
    (A, "3", (), "qualitative target (规模下降, 平台减少); 已退出20家 shows it; the totals are forecasts"),
    (A, "4", (), "qualitative target; many acts reported done"),
    (A, "5", (), "target is 持续推进; figures of financing reported"),
    (A, "6", (), "已完工并交付使用 meets 竣工验收，交付使用"),
    (A, "7", (), "完工 reported (the target minus 年底: a statement of completion, not a copy)"),
    (A, "8", (PENDING,), "通用半导体暂缓拿地; the land went to another project; 方案…报批 正在进行"),
    (A, "9", (COPIED,), "progress word for word the same as row 10, a different project"),
    (A, "10", (COPIED,), "progress word for word the same as row 9"),
    (A, "11", (PENDING,), "征地手续 not reported; 文勘考古…待验收, a step before 征地, is pending"),
    (A, "12", (PENDING,), "12月中旬拿地即开工: in mid-November neither 拿地 nor 开工 has happened"),
    (A, "13", (PENDING,), "target 投入运营; 工艺设计调整中, 设备调试中"),
    (A, "14", (), "厂房竣工，设备入驻 meets 项目竣工"),
    (A, "15", (), "2025年9月项目竣工"),
    (A, "16", (PENDING,), "施工图审查中, 预计…12月开工建设"),
    (A, "17", (), "foundations finished, above-ground work started: 开工 met"),
    (A, "18", (), "columns and slabs poured: 开工 met"),
    (A, "19", (), "已竣工并网: beyond 开工"),
    (A, "20", (), "设备安装中 comes after 主体完工, so the target was passed (borderline)"),
    (A, "21", (), "厂房主体建设完工"),
    (A, "22", (), "claimed 否 with a specific reason"),
    (A, "23", (), "完工并投入使用"),
    (A, "24", (PENDING,), "计划于11月18日定标, 计划于12月开工"),
    (A, "25", (PENDING,), "观堂酒店 not 试营业: 推动验收及经营许可办理 (target said 争取)"),
    (A, "26", (), "完成项目建设: terse but states completion"),
    (A, "27", (), "target is 推进; 已完成前期手续办理"),
    (A, "28", (), "警务室进入实体化运作"),
    (A, "29", (), "已完成 + the target: the target stated as done, the usual form"),
    (A, "30", (PENDING,), "完成施工任务，具备通车条件: not yet 交工验收 or 交付使用"),
    (A, "31", (), "target is 加快推进; only 驻地建设完成 (thin, out of scope)"),
    (A, "32", (), "工程完工"),
    (A, "33", (), "target is 加快推进; early works reported"),
    (A, "34", (PENDING,), "farmland and 排涝站 done; 宁仪路北延线 only 推进办理征地手续, not 启动建设"),
    (A, "35", (PENDING,), "正在实施 / 正在进行 on every part; nothing 竣工通车"),
    (A, "36", (PENDING, COPIES_TARGET), "progress is the target again, and 年底完成 is still ahead"),
    (A, "37", (PENDING, COPIES_TARGET), "progress is the target again, and 年底完工 is still ahead"),
    (A, "38", (COPIES_TARGET,), "progress is the target again: no fact reported"),
    (A, "39", (), "完成项目规划方案及融资批复"),
    (A, "40", (PENDING,), "年内开工 restates the deadline; no start reported"),
    (A, "41", (), "claimed 否 with a reason: consistent (4 of 5 ≥10亿 projects signed)"),
    (A, "42", (), "60余家 ≥ 50家; two events held ≥ 1场"),
    (A, "43", (), "34个 ≥ 10个"),
    (A, "44", (), "签约率58% ≥ 50%, 入驻29% ≥ 25%"),
    (A, "45", (), "57544平方米 ≥ 5万方"),
    (A, "46", (NO_NUMBER,), "no number; four projects named against 3个, so a 提示 to write the count"),
    (A, "47", (), "3个 = 3个"),
    (A, "48", (), "13家企业入驻 against 13个 (个 and 家 are not paired; met on reading)"),
    (A, "49", (PENDING,), "年底完成项目的装修改造并试运营 is still ahead"),
    (A, "50", (BELOW, PENDING), "89.4% < 100%; the 100% is 计划12月31日前"),
    (A, "51", (), "claimed 否 with a reason"),
    (A, "52", (PENDING,), "签约90%, 剩余…推进签约中: the 征迁 is not complete"),
    (A, "53", (), "70% ≥ 50% (菜场 and 启动提升改造 not reported: out of scope)"),
    (A, "54", (), "claimed 否 with a reason"),
    (A, "55", (), "ongoing target (持续加大…); figures reported"),
    (B, "1", (), "分中心签约成立 (绩效化评价 not reported: out of scope)"),
    (B, "2", (), "qualitative target; activities reported"),
    (B, "3", (), "揭牌 not reported, a different platform 成立 (out of scope: no pending words)"),
    (B, "4", (), "ongoing target; vague progress (out of scope)"),
    (B, "5", (), "完成校地共建协议; 推进 matches an ongoing target"),
    (B, "6", (), "target 推动/谋划; 4家企业共建联合创新中心"),
    (B, "7", (), "签署框架协议 not reported (out of scope: omission, no pending words)"),
    (B, "8", (), "推动实施…制度, first 产业教授 hired"),
    (B, "9", (), "申报各级各类项目3个"),
    (B, "10", (), "正式成立…基金"),
    (B, "11", (), "claimed 否 with a reason"),
    (B, "12", (), "大赛 and 签约共建 reported"),
    (B, "13", (), "97人获批拿证 ≥ 培训不少于50人"),
    (B, "14", (), "9场, 超500人次"),
    (B, "15", (), "就业服务站升级建设完成"),
    (B, "16", (), "policy upgraded (whether 补贴 were paid is not said: out of scope)"),
    (B, "17", (), "394套, 8家, 1场, 10款 reported"),
    (B, "18", (), "专场赛, 110个 and 23个 projects; 一个学院…一条产业链 is a slogan, not an amount"),
]


def expected_findings() -> set[tuple[str, str, str]]:
    """Return the (section, 序号, check) of every finding the table expects."""
    return {(section, seq, check) for section, seq, checks, _ in KEY_WORK_2025_VERDICTS for check in checks}
