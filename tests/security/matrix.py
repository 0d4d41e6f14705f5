"""The permission matrix: for every named URL, what each role gets on GET and on POST.

A cell is one letter:

    O  OK          2xx, or a 3xx that is not a redirect to the login page
    L  LOGIN       302 to the login page
    D  DENIED      403
    N  NOTFOUND    404 (an object the user may not see answers as if it did not exist)
    X  NOTALLOWED  405 (the view takes POST only, or GET only)
    B  BAD         400 (reached the view; the empty body was refused before any change)

A profile is nine letters, one per column, in this order:

    anonymous  sysadmin  secadmin  supervisor  reporter  reporter_other  unit_reviewer  leader  auditor

``reporter`` is li (青阳镇) on 青阳镇's object; ``reporter_other`` is zhou (月城镇) on that same object.
Every URL acts on 青阳镇's object (see ``World.resolve``); list pages take no object.
"""

from __future__ import annotations

COLUMNS = (
    "anonymous",
    "sysadmin",
    "secadmin",
    "supervisor",
    "reporter",
    "reporter_other",
    "unit_reviewer",
    "leader",
    "auditor",
)
OUTCOMES = {
    "O": "OK",
    "L": "LOGIN",
    "D": "DENIED",
    "N": "NOTFOUND",
    "M": "NOTALLOWED",  # 405: method not allowed
    "B": "BAD",
}

#                        anon sys sec sup rep rep_o rev lead aud
PUBLIC = "OOOOOOOOO"
ANY_USER = "LOOOOOOOO"  # one's own account pages, plan list and search (filtered inside)
SYSADMIN_ONLY = "LODDDDDDD"
SECADMIN_ONLY = "LDODDDDDD"
ACCOUNT_ADMINS = "LOODDDDDD"
AUDITOR_ONLY = "LDDDDDDDO"
OFFICE_ONLY = "LDDODDDDD"
OFFICE_AND_LEADER = "LDDODDDOD"
UNIT_ADMINS = "LODODDDDD"  # the office and the system administrator maintain the unit directory
DIRECTORY = "LODODDDOD"
UNIT_SCOPED_LIST = "LDDOOOOOD"  # business roles; a unit sees only its own rows inside
UNIT_SCOPED_OBJECT = "LDDOONOOD"  # … and another unit's object answers 404
UNIT_EDIT_LIST = "LDDOOOODD"  # the office and a town's users (not leaders)
UNIT_EDIT_OBJECT = "LDDOONODD"
UPLOADER_ONLY = "LDDOONNDD"  # an import batch: the office, or the user who uploaded it
PLAN_READ = "LNNOOOOON"  # plans with a task of one's unit; admins see no plan (404)
TASK_READ = "LNNOONOON"  # 月城镇 cannot see 青阳镇's task, report or attachment
UNIT_LEDGER = "LNNOONOON"
UNIT_USERS = "LDDDOOODD"  # a unit's 填报员 and 审核人 (lists filtered to their unit inside)
TASK_READ_NO_ADMIN = "LDDOONOOD"  # who reads the task; administrators are refused by role (403)
SPLIT = "LNNDONODN"  # the lead unit's users split its task; the office and leaders only read it
SUBTASK_REPORT = "LNNDDNDDN"  # only the sub-unit's 填报员 (no persona here) reports on a sub-task
RETURNS = "LDDOOODDD"  # 回收表: the office (代报) and the units' 填报员
RETURN_UPLOAD = "LDDOONDDD"  # an upload of returned tables: the office, or the 填报员 who uploaded it
ALL_405 = "MMMMMMMMM"  # require_POST (outside login_required): everyone gets 405 on GET
ALL_LOGIN = "LLLLLLLLL"

# POST-only views whose refusal for roles without the right happens inside the service and ends in a
# redirect with a message (so an empty POST looks OK). tests/security/test_writes.py sends a valid
# body for those roles and proves nothing is stored.
TASK_WRITE = "LNNOONOON"

# (GET, POST) per URL name.
MATRIX: dict[str, tuple[str, str]] = {
    # web, public
    "web:home": (ANY_USER, ANY_USER),  # redirects each role to its start page
    "web:inbox_badge": (ANY_USER, ANY_USER),  # 待办 badge: each user's own counts
    "web:inbox_list": ("LNNONNNNN", "LNNONNNNN"),  # the office's 待审核的填报; other roles have no such list
    "public_plan": (PUBLIC, PUBLIC),  # 政务公开: read-only, chosen fields only, by token
    # accounts
    "accounts:login": (PUBLIC, PUBLIC),
    "accounts:logout": (ALL_405, ALL_LOGIN),
    "accounts:otp_verify": (ANY_USER, ANY_USER),
    "accounts:otp_setup": (ANY_USER, ANY_USER),
    "accounts:password_change": (ANY_USER, ANY_USER),
    "accounts:security": (ANY_USER, ANY_USER),
    "accounts:ungranted": (ANY_USER, ANY_USER),  # a granted user is sent on to the home page
    "accounts:manage": (ACCOUNT_ADMINS, ACCOUNT_ADMINS),
    "accounts:create": (SYSADMIN_ONLY, SYSADMIN_ONLY),
    "accounts:set_active": (ALL_405, SYSADMIN_ONLY),
    "accounts:password_reset": (ALL_405, SYSADMIN_ONLY),
    "accounts:otp_reset": (ALL_405, SYSADMIN_ONLY),
    "accounts:grant": (SECADMIN_ONLY, SECADMIN_ONLY),
    # 统一身份认证: not configured in the suite, so absent for all (tests/accounts/test_platform_login.py)
    "accounts:oidc_start": ("NNNNNNNNN", ALL_405),
    "accounts:oidc_callback": ("NNNNNNNNN", ALL_405),
    # plans
    "plans:list": (ANY_USER, ANY_USER),
    "plans:search": (ANY_USER, ANY_USER),
    "plans:detail": (PLAN_READ, PLAN_READ),
    "plans:export": (PLAN_READ, PLAN_READ),
    "plans:assignment": (OFFICE_ONLY, OFFICE_ONLY),
    "plans:task": (TASK_READ, TASK_READ),
    # 二次分解: only the lead unit's 填报员 and 审核人 split; others who read the task are refused (403)
    "plans:task_split": (SPLIT, SPLIT),
    "plans:task_leaders": (ALL_405, OFFICE_ONLY),  # the office enters a task's leaders
    "plans:leaders": (OFFICE_ONLY, OFFICE_ONLY),  # names from tables linked to 领导 accounts
    "plans:publish": (ALL_405, OFFICE_ONLY),
    "plans:import_new": (OFFICE_ONLY, OFFICE_ONLY),
    "plans:import_preview": (OFFICE_ONLY, OFFICE_ONLY),
    "plans:import_discard": (ALL_405, OFFICE_ONLY),
    "plans:import_mapping": (ALL_405, OFFICE_ONLY),
    # intake: the remembered layouts (版式), kept by the office
    "intake:layouts": (OFFICE_ONLY, OFFICE_ONLY),
    "intake:layout_import": (ALL_405, OFFICE_ONLY),
    "intake:layout_rename": (ALL_405, OFFICE_ONLY),
    "intake:layout_export": (OFFICE_ONLY, OFFICE_ONLY),
    "intake:layout_delete": (ALL_405, OFFICE_ONLY),
    # units
    "units:directory": (DIRECTORY, DIRECTORY),
    "units:detail": (UNIT_LEDGER, UNIT_LEDGER),
    "units:alias_add": (ALL_405, UNIT_ADMINS),
    "units:merge": (ALL_405, UNIT_ADMINS),
    "units:parent_set": (ALL_405, UNIT_ADMINS),  # the unit tree (二次分解)
    # reporting
    "reporting:mine": (ANY_USER, ANY_USER),  # non-unit roles are redirected to the plan list
    "reporting:round_new": (ALL_405, OFFICE_ONLY),
    "reporting:rule_new": (ALL_405, OFFICE_ONLY),
    "reporting:carry_over": (ALL_405, OFFICE_ONLY),
    "reporting:round": (PLAN_READ, PLAN_READ),  # a round spans the plan; units see their rows
    "reporting:round_close": (ALL_405, OFFICE_ONLY),
    "reporting:bulletin": (OFFICE_AND_LEADER, OFFICE_AND_LEADER),
    # 填报表: the office for any unit, a unit for its own (another's answers 404), leaders to read
    "reporting:unit_form": (UNIT_SCOPED_OBJECT, UNIT_SCOPED_OBJECT),
    "reporting:returns_new": (RETURNS, RETURNS),  # the empty POST re-shows the page with its message
    "reporting:returns_preview": (RETURN_UPLOAD, RETURN_UPLOAD),  # the office, or the unit that uploaded
    "reporting:returns_confirm": (ALL_405, RETURN_UPLOAD),
    "reporting:returns_discard": (ALL_405, RETURN_UPLOAD),
    "reporting:report": (TASK_READ, TASK_READ),
    "reporting:contribute": (ALL_405, TASK_WRITE),
    "reporting:subtask": (TASK_READ, ALL_405),  # a sub-task: the office, leaders, its two units
    "reporting:subtask_report": (ALL_405, SUBTASK_REPORT),
    "reporting:attach": (ALL_405, TASK_WRITE),
    "reporting:act": (ALL_405, "LNNBBNBBN"),  # empty form is 400; the transition rules are tested elsewhere
    "reporting:attachment": (TASK_READ, TASK_READ),
    "reporting:remind": (ALL_405, OFFICE_ONLY),
    "reporting:extension_new": (ALL_405, TASK_WRITE),
    "reporting:extension_decide": (ALL_405, OFFICE_ONLY),
    "reporting:adhoc_new": (OFFICE_ONLY, OFFICE_ONLY),  # old links: sent on to supervision:assign
    "reporting:coordinations": (OFFICE_AND_LEADER, OFFICE_AND_LEADER),  # 需协调事项 queue
    "reporting:instructions": (OFFICE_AND_LEADER, OFFICE_AND_LEADER),  # 批示待答复 / answers to his 批示
    "reporting:instruction_new": (ALL_405, OFFICE_AND_LEADER),  # a leader's 批示, or the office for him
    "reporting:coordination_decide": (ALL_405, OFFICE_AND_LEADER),
    # supervision (the 督办件 lifecycle)
    "supervision:office": (OFFICE_AND_LEADER, OFFICE_AND_LEADER),
    "supervision:patterns": (OFFICE_ONLY, OFFICE_ONLY),
    "supervision:assign": (OFFICE_ONLY, OFFICE_ONLY),
    "supervision:to_sign": (ANY_USER, ANY_USER),  # others are sent to the office list or the plan list
    "supervision:archive": (OFFICE_ONLY, OFFICE_ONLY),
    "supervision:sign": (ALL_405, TASK_WRITE),  # a user signs for his own unit only (test_writes)
    "supervision:close_request": (ALL_405, TASK_WRITE),
    "supervision:recheck": (ALL_405, OFFICE_ONLY),
    "supervision:assignment": (OFFICE_ONLY, OFFICE_ONLY),
    "supervision:remind": (ALL_405, OFFICE_ONLY),
    "supervision:decide": (ALL_405, TASK_WRITE),  # the office's and the leader's steps: test_writes
    "supervision:evidence": (TASK_READ, TASK_READ),
    # 三色督办: the ladder, 督办单 and 约谈
    "supervision:ladder": (OFFICE_ONLY, OFFICE_ONLY),
    "supervision:notices": (UNIT_SCOPED_LIST, UNIT_SCOPED_LIST),  # a unit lists only its own notices
    "supervision:round_notices": (OFFICE_ONLY, OFFICE_ONLY),
    "supervision:notice_new": (ALL_405, OFFICE_ONLY),
    "supervision:interview_new": (ALL_405, OFFICE_ONLY),
    "supervision:notice_docx": (TASK_READ, TASK_READ),  # the office, leaders and the unit it was sent to
    "supervision:notice_receive": (ALL_405, TASK_WRITE),  # only the unit it was sent to (test_writes)
    "supervision:notice_reply": (ALL_405, TASK_WRITE),
    "supervision:source_document": (TASK_READ, TASK_READ),  # the 纪要 / 批示 an item came from
    "supervision:minutes": (OFFICE_ONLY, OFFICE_ONLY),
    "supervision:minutes_batch": (OFFICE_ONLY, OFFICE_ONLY),
    "supervision:minutes_discard": (ALL_405, OFFICE_ONLY),
    # verification (the office's working notes)
    "verification:plan": (OFFICE_AND_LEADER, OFFICE_AND_LEADER),
    "verification:run": (ALL_405, OFFICE_ONLY),
    "verification:review": (ALL_405, OFFICE_ONLY),
    "verification:ask": (ALL_405, OFFICE_ONLY),  # 请单位说明: a 催办 to the task's lead units
    "verification:not_done": (ALL_405, OFFICE_ONLY),  # the task's 是否完成 becomes 否
    "verification:mine": (UNIT_USERS, UNIT_USERS),  # 本单位核查发现: a unit's own findings inside
    "verification:reply": (ALL_405, "LDDDBNBDD"),  # 申辩: the lead unit; an empty reply is refused
    "verification:replies": (OFFICE_ONLY, OFFICE_ONLY),  # 申辩待裁定
    "verification:decide": (ALL_405, OFFICE_ONLY),
    "verification:reply_file": (TASK_READ_NO_ADMIN, TASK_READ_NO_ADMIN),  # the 申辩's attachment
    # assessment
    "assessment:schemes": (UNIT_SCOPED_LIST, UNIT_SCOPED_LIST),
    "assessment:scheme_new": (OFFICE_ONLY, OFFICE_ONLY),
    "assessment:ranking": (UNIT_SCOPED_LIST, UNIT_SCOPED_LIST),  # a unit sees its own row only
    "assessment:scheme_edit": (OFFICE_ONLY, OFFICE_ONLY),
    "assessment:export": (OFFICE_AND_LEADER, OFFICE_AND_LEADER),
    "assessment:unit": (UNIT_SCOPED_OBJECT, UNIT_SCOPED_OBJECT),
    "assessment:points_add": (ALL_405, OFFICE_AND_LEADER),
    "assessment:points_delete": (ALL_405, OFFICE_AND_LEADER),
    # dashboards
    "dashboards:home": (OFFICE_AND_LEADER, OFFICE_AND_LEADER),
    "dashboards:tasks": (OFFICE_AND_LEADER, OFFICE_AND_LEADER),
    "dashboards:burden": (OFFICE_AND_LEADER, OFFICE_AND_LEADER),  # 基层减负台账
    "dashboards:burden_cap": (ALL_405, OFFICE_ONLY),  # the cap on rounds: the office sets it
    "dashboards:pdf": (OFFICE_AND_LEADER, OFFICE_AND_LEADER),  # 导出PDF: the page on one A4 sheet
    # buildings
    "buildings:list": (UNIT_SCOPED_LIST, UNIT_SCOPED_LIST),
    "buildings:new": (UNIT_EDIT_LIST, UNIT_EDIT_LIST),
    "buildings:export": (UNIT_SCOPED_LIST, UNIT_SCOPED_LIST),
    "buildings:detail": (UNIT_SCOPED_OBJECT, UNIT_SCOPED_OBJECT),
    "buildings:edit": (UNIT_EDIT_OBJECT, UNIT_EDIT_OBJECT),
    "buildings:attachment_upload": (ALL_405, UNIT_EDIT_OBJECT),
    "buildings:renovation_new": (UNIT_EDIT_OBJECT, UNIT_EDIT_OBJECT),
    "buildings:attachment": (UNIT_SCOPED_OBJECT, UNIT_SCOPED_OBJECT),
    "buildings:renovation_edit": (UNIT_EDIT_OBJECT, UNIT_EDIT_OBJECT),
    "buildings:carriers": (UNIT_SCOPED_LIST, UNIT_SCOPED_LIST),
    "buildings:carrier_new": (UNIT_EDIT_LIST, UNIT_EDIT_LIST),
    "buildings:carrier_edit": (UNIT_EDIT_OBJECT, UNIT_EDIT_OBJECT),
    "buildings:import_new": (UNIT_EDIT_LIST, UNIT_EDIT_LIST),
    "buildings:import_preview": (UPLOADER_ONLY, UPLOADER_ONLY),
    "buildings:import_discard": (ALL_405, UPLOADER_ONLY),
    "buildings:schemes": (UNIT_SCOPED_LIST, UNIT_SCOPED_LIST),
    "buildings:scheme_new": (OFFICE_ONLY, OFFICE_ONLY),
    "buildings:scheme": (UNIT_SCOPED_LIST, UNIT_SCOPED_LIST),  # a town sees its own carriers only
    "buildings:scheme_edit": (OFFICE_ONLY, OFFICE_ONLY),
    "buildings:scores": (OFFICE_ONLY, OFFICE_ONLY),
    "buildings:scores_export": (OFFICE_ONLY, OFFICE_ONLY),
    "buildings:scores_import": (ALL_405, OFFICE_ONLY),
    "buildings:scores_preview": (OFFICE_ONLY, OFFICE_ONLY),
    "buildings:scheme_compute": (ALL_405, OFFICE_ONLY),
    # the office may reach the appeal form; the unit's pending appeal refuses a second one
    "buildings:appeal_new": (ALL_405, "LDDOONODD"),
    "buildings:appeal_decide": (ALL_405, OFFICE_ONLY),
    "buildings:goals": (OFFICE_ONLY, OFFICE_ONLY),
    "buildings:goal_bind": (OFFICE_ONLY, OFFICE_ONLY),
    "buildings:goal_relink": (ALL_405, OFFICE_ONLY),
    # workdays: the 系统管理员 keeps the working-day calendar
    "workdays:calendar": (SYSADMIN_ONLY, SYSADMIN_ONLY),
    "workdays:add": (ALL_405, SYSADMIN_ONLY),  # an empty form: a message, nothing stored
    "workdays:remove": (ALL_405, SYSADMIN_ONLY),
    "workdays:notice": (SYSADMIN_ONLY, SYSADMIN_ONLY),  # an empty paste re-shows the form
    # auditlog
    "auditlog:list": (AUDITOR_ONLY, AUDITOR_ONLY),
    "auditlog:export": (AUDITOR_ONLY, AUDITOR_ONLY),
    "auditlog:verify": (ALL_405, AUDITOR_ONLY),
}


def expected(name: str, method: str, column: str) -> str:
    get, post = MATRIX[name]
    profile = get if method == "GET" else post
    assert len(profile) == len(COLUMNS), f"{name} {method}: {profile!r} has not {len(COLUMNS)} cells"
    return OUTCOMES[profile[COLUMNS.index(column)]]
