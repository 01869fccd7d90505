// The Schedules page's data: templates, the rota and the people who can be put on it.
import "server-only";
import { WorkCalendar, rulesFromOrg } from "@/lib/attendance/rules";
import { getOrganisation, settingsOf } from "@/lib/db/queries/organisations";
import { listAssignments, listShiftTemplates } from "@/lib/db/queries/schedules";
import { listMembers } from "@/lib/db/queries/users";
import { AppError } from "@/lib/errors";

export async function loadSchedules(orgId: string, now: Date) {
  const [org, templates, assignments, members] = await Promise.all([getOrganisation(orgId), listShiftTemplates(orgId), listAssignments(orgId), listMembers(orgId)]);
  if (!org) throw new AppError("not-found");
  const s = settingsOf(org);
  const today = new WorkCalendar(rulesFromOrg({ timezone: org.timezone, settings: s })).today(now);
  return {
    today,
    defaultShift: `${s.shiftStart}–${s.shiftEnd}${s.overnight ? " (overnight)" : ""}`,
    templates,
    assignments,
    people: members.filter((m) => m.status !== "deactivated").map((m) => ({ id: m.id, name: m.name })),
  };
}
