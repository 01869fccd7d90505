// Remaining leave allowance of one person for the year of `today`: approved leave days counted on their own
// calendar (rota-aware, holidays excluded), per leave type with an allowance.
import "server-only";
import { leaveDaysOf, remainingAllowance, yearOf } from "@/lib/attendance/leave";
import type { LocalDate } from "@/lib/attendance/local-time";
import { listHolidays, listLeave, listLeaveTypes } from "@/lib/db/queries/leave";
import { calendarOf, loadOrg, orgCalendars } from "./org-report";

export interface LeaveBalance {
  typeId: string;
  name: string;
  allowanceDays: number | null;
  takenDays: number;
  remainingDays: number | null;
}

export async function leaveBalances(orgId: string, userId: string, today: LocalDate): Promise<LeaveBalance[]> {
  const year = yearOf(today);
  const org = await loadOrg(orgId);
  const [types, leave, hs, { calendarFor }] = await Promise.all([
    listLeaveTypes(orgId),
    listLeave(orgId, { userId, status: "approved" }),
    listHolidays(orgId),
    orgCalendars(orgId, calendarOf(org), year.from, year.to, userId),
  ]);
  const cal = calendarFor({ id: userId });
  const holidaySet = new Set(hs.map((h) => h.date));
  return types.map((t) => {
    let taken = 0;
    for (const l of leave) {
      if (l.typeId !== t.id || l.to < year.from || l.from > year.to) continue;
      const from = l.from < year.from ? year.from : l.from;
      const to = l.to > year.to ? year.to : l.to;
      taken += leaveDaysOf({ from, to, half: l.half }, cal, holidaySet);
    }
    return { typeId: t.id, name: t.name, allowanceDays: t.allowanceDays, takenDays: taken, remainingDays: remainingAllowance(t.allowanceDays, taken) };
  });
}
