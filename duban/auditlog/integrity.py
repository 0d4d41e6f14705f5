"""What else `verify` checks besides the chain: missing keys, the triggers, the checkpoints.

Shared by `duban audit-log verify` and the auditor's 校验哈希链 button, so both say the same.
"""

from __future__ import annotations

from duban.auditlog import chain, checkpoints, guard


def unverifiable_message(result: chain.Verification, where: str = "审计日志") -> str:
    spans = "；".join(
        f"密钥 {span.key_id}：#{span.first_id}–#{span.last_id} 共 {span.count} 条"
        for span in result.unverifiable
    )
    return (
        f"{where}中有记录的封存密钥不在审计密钥文件中，无法核对其 MAC（{spans}）。"
        "请把该密钥找回并加回密钥文件（见 docs/operations.md），再重新校验。"
    )


def keyed_message(result: chain.Verification) -> str:
    if result.legacy == 0:
        return f"全部 {result.checked} 条以密钥封存（MAC 校验通过）。"
    return (
        f"其中 {result.legacy} 条只有哈希链、未用密钥封存（启用审计密钥之前或未配置密钥时写入，"
        f"能改写数据库的人可以重算），{result.checked - result.legacy} 条以密钥封存。"
    )


def database_problems(result: chain.Verification, using: str = "default") -> tuple[list[str], int]:
    """Problems beyond the first broken row (missing keys, triggers, checkpoints); checkpoints compared."""
    problems = [unverifiable_message(result)] if result.unverifiable else []
    if triggers := guard.trigger_problems(using):
        problems.append(
            f"审计表的只追加触发器被动过：{'；'.join(triggers)}。"
            "有人绕过了数据库对审计记录的保护，请立即核查（docs/operations.md 第 3 节）。"
        )
    compared = checkpoints.checkpoints_compare(using)
    problems += [f"与每日检查点不符：{problem}。" for problem in compared.problems]
    return problems, compared.checked
