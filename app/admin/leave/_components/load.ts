// The Leave page's data: pending and recent requests, holidays, leave types, people.
import "server-only";
import { listHolidays, listLeave, listLeaveTypes } from "@/lib/db/queries/leave";
import { listMembers } from "@/lib/db/queries/users";
import { calendarOf, loadOrg } from "@/lib/reports/org-report";

export async function loadLeavePage(orgId: string, now: Date) {
  const org = await loadOrg(orgId);
  const [pending, recent, holidays, types, members] = await Promise.all([
    listLeave(orgId, { status: "pending" }),
    listLeave(orgId, { limit: 50 }),
    listHolidays(orgId),
    listLeaveTypes(orgId),
    listMembers(orgId),
  ]);
  return {
    today: calendarOf(org).today(now),
    pending,
    decided: recent.filter((r) => r.status !== "pending"),
    holidays,
    types,
    people: members.filter((m) => m.status !== "deactivated").map((m) => ({ id: m.id, name: m.name })),
    roles: new Map(members.map((m) => [m.id, m.role])),
    /** Members with role and status (lib/auth/separation.ts isSoleOwner). */
    members,
  };
}
