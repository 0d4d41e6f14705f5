"""Who may see and change which building, carrier and evaluation.

The office (督办员) sees and changes every building; leaders read every building;
a town's users (填报员, 审核人) see and change only the buildings of their own unit.
The auditor and the system administrator see none. Objects outside a user's
reach answer 404 as if they did not exist; read-only users get 403 on writes.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from duban.accounts.models import User
from duban.buildings.models import Building, BuildingAttachment, Carrier, EvaluationResult, Renovation
from duban.common.access import found_or_404, writable_or_403
from duban.common.roles import Role


def can_see_buildings(user: User) -> bool:
    return user.is_authenticated and (user.sees_all_tasks or (user.is_unit_user and user.unit_id is not None))


def can_manage_buildings(user: User) -> bool:
    """The office: every unit's buildings, imports of any unit, evaluations and goal bindings."""
    return user.is_authenticated and user.role == Role.SUPERVISOR


def can_edit_buildings(user: User) -> bool:
    """May change at least some buildings (the office, or a town's users for their own)."""
    return can_manage_buildings(user) or (user.is_unit_user and user.unit_id is not None)


def can_edit_building(user: User, building: Building) -> bool:
    return can_manage_buildings(user) or (user.is_unit_user and building.unit_id == user.unit_id)


def buildings_visible_to(user: User) -> QuerySet[Building]:
    if user.sees_all_tasks:
        return Building.objects.all()
    if user.is_unit_user and user.unit_id:
        return Building.objects.filter(unit=user.unit_id)
    return Building.objects.none()


def carriers_visible_to(user: User) -> QuerySet[Carrier]:
    """Carriers in the user's buildings, and 飞地 the user's town set up elsewhere."""
    if user.sees_all_tasks:
        return Carrier.objects.all()
    if user.is_unit_user and user.unit_id:
        return Carrier.objects.filter(Q(building__unit=user.unit_id) | Q(founding_unit=user.unit_id))
    return Carrier.objects.none()


def can_edit_carrier(user: User, carrier: Carrier) -> bool:
    return can_manage_buildings(user) or (
        user.is_unit_user and user.unit_id in (carrier.building.unit_id, carrier.founding_unit_id)
    )


def get_building_for_user(user: User, pk: int, *, write: bool = False) -> Building:
    found = buildings_visible_to(user).select_related("unit").filter(pk=pk).first()
    building = found_or_404(found, user, f"楼宇 {pk}")
    if write:
        writable_or_403(can_edit_building(user, building), user, f"楼宇“{building.name}”")
    return building


def get_renovation_for_user(user: User, pk: int) -> Renovation:
    """Renovations are always opened to be changed."""
    found = Renovation.objects.filter(building__in=buildings_visible_to(user), pk=pk).select_related(
        "building"
    )
    renovation = found_or_404(found.first(), user, f"改造项目 {pk}")
    writable_or_403(can_edit_building(user, renovation.building), user, "改造项目")
    return renovation


def get_carrier_for_user(user: User, pk: int, *, write: bool = False) -> Carrier:
    found = carriers_visible_to(user).select_related("building__unit", "founding_unit").filter(pk=pk)
    carrier = found_or_404(found.first(), user, f"科创载体 {pk}")
    if write:
        writable_or_403(can_edit_carrier(user, carrier), user, f"载体“{carrier.name}”")
    return carrier


def get_attachment_for_user(user: User, pk: int) -> BuildingAttachment:
    found = BuildingAttachment.objects.filter(building__in=buildings_visible_to(user), pk=pk)
    return found_or_404(found.select_related("building").first(), user, f"楼宇附件 {pk}")


def get_result_for_appeal(user: User, pk: int) -> EvaluationResult:
    """A result whose carrier is the user's own (its town or its 飞地's founder) — or any, for the office."""
    found = EvaluationResult.objects.filter(carrier__in=carriers_visible_to(user), pk=pk)
    result = found_or_404(found.select_related("scheme", "carrier__building").first(), user, f"考评结果 {pk}")
    writable_or_403(can_edit_carrier(user, result.carrier), user, "考评结果")
    return result
