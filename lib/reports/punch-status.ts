// Where a person stands today (in, on a break, out) — shown on the check-in page before capture.
import "server-only";
import { resolveEvents } from "@/lib/attendance/events";
import { formatLocalTime } from "@/lib/attendance/local-time";
import { allowedPunches, punchStateOf, punchStatusText, type PunchKind, type PunchState } from "@/lib/attendance/punches";
import { listPersonEvents } from "@/lib/db/queries/corrections";
import { calendarOf, loadOrg, orgCalendars } from "./org-report";

export interface PunchStatus {
  state: PunchState;
  since: Date | null;
  /** "In since 08:58", … */
  text: string;
  /** The punches that would change something now. */
  allowed: PunchKind[];
  /** The person's effective punches of the work day so far, in time order (what decidePunch reads). */
  todays: { kind: PunchKind; at: Date }[];
}

export async function punchStatus(orgId: string, userId: string, now: Date): Promise<PunchStatus> {
  const org = await loadOrg(orgId);
  const base = calendarOf(org);
  const today = base.today(now);
  const { calendarFor } = await orgCalendars(orgId, base, today, today, userId);
  const cal = calendarFor({ id: userId });
  const day = cal.today(now);
  const w = cal.window(day);
  const events = await listPersonEvents(orgId, userId, cal.eventBounds(day, day));
  const todays = resolveEvents(events.map((e) => ({ ...e, userId }))).effective.filter((e) => e.at.getTime() >= w.windowStart && e.at.getTime() <= now.getTime());
  const s = punchStateOf(todays);
  return {
    ...s,
    text: punchStatusText(s, (d) => formatLocalTime(d, org.timezone)),
    allowed: allowedPunches(s.state),
    todays: todays.map((e) => ({ kind: e.kind, at: e.at })),
  };
}
