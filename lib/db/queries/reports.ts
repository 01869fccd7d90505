// Reads for attendance evaluation (dashboard, reports, exports, the /me page): the people of a report and their
// events, streamed in batches of people so that a year of a large organisation never sits in memory at once.
import "server-only";
import { and, asc, eq, gte, inArray, lt, ne, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Person } from "@/lib/attendance/day";
import { addDays, localDateOf } from "@/lib/attendance/local-time";
import { db } from "../client";
import { attendanceEvents, users, type AttendanceEvent } from "../schema";
import { writeAudit } from "./audit";

/** The columns the attendance rules read (lib/attendance/events.ts EventInput). */
export type ReportEvent = Pick<
  AttendanceEvent,
  "id" | "userId" | "kind" | "at" | "decision" | "source" | "supersedesId" | "voidedAt" | "reviewedAt"
>;

const eventColumns = {
  id: attendanceEvents.id,
  userId: attendanceEvents.userId,
  kind: attendanceEvents.kind,
  at: attendanceEvents.at,
  decision: attendanceEvents.decision,
  source: attendanceEvents.source,
  supersedesId: attendanceEvents.supersedesId,
  voidedAt: attendanceEvents.voidedAt,
  reviewedAt: attendanceEvents.reviewedAt,
};

export interface ReportPeopleFilter {
  /** Only this person (still scoped to the organisation: another organisation's id gives nobody). */
  personId?: string;
  /** Leave out people deactivated before this work day (they cannot appear in it). */
  activeOn?: string;
}

/**
 * Members whose days a report evaluates, by name then id: everyone who has joined (invited people who never
 * accepted are left out). A person is expected from the local day they were created; a deactivated person up to
 * the day before their deactivation.
 */
export async function listReportPeople(orgId: string, timezone: string, f: ReportPeopleFilter = {}): Promise<Person[]> {
  const d = await db();
  const rows = await d
    .select({ id: users.id, name: users.name, email: users.email, employeeNumber: users.employeeNumber, createdAt: users.createdAt, deactivatedAt: users.deactivatedAt, status: users.status })
    .from(users)
    // One named person is evaluated whatever their status (their own page); a whole-organisation report leaves
    // out people who were invited and never joined.
    .where(and(eq(users.orgId, orgId), f.personId ? eq(users.id, f.personId) : ne(users.status, "invited")))
    .orderBy(asc(users.name), asc(users.id));
  const out: Person[] = [];
  for (const r of rows) {
    const activeTo = r.status === "deactivated" && r.deactivatedAt ? addDays(localDateOf(r.deactivatedAt, timezone), -1) : null;
    if (f.activeOn && activeTo && activeTo < f.activeOn) continue;
    out.push({ id: r.id, name: r.name, email: r.email, employeeNumber: r.employeeNumber, activeFrom: localDateOf(r.createdAt, timezone), activeTo });
  }
  return out;
}

/**
 * One batch of people's events with `at` in [from, to), plus the corrections that replace any of them wherever
 * those were moved to (so an original inside the range never counts once it has been replaced). Ordered by
 * person, then time.
 */
async function eventsOfBatch(orgId: string, userIds: string[], from: Date, to: Date): Promise<ReportEvent[]> {
  const d = await db();
  const original = alias(attendanceEvents, "original");
  const inRange = d
    .select({ id: original.id })
    .from(original)
    .where(and(eq(original.orgId, orgId), inArray(original.userId, userIds), gte(original.at, from), lt(original.at, to)));
  return d
    .select(eventColumns)
    .from(attendanceEvents)
    .where(
      and(
        eq(attendanceEvents.orgId, orgId),
        inArray(attendanceEvents.userId, userIds),
        or(and(gte(attendanceEvents.at, from), lt(attendanceEvents.at, to)), inArray(attendanceEvents.supersedesId, inRange)),
      ),
    )
    .orderBy(asc(attendanceEvents.userId), asc(attendanceEvents.at), asc(attendanceEvents.id));
}

/**
 * The events of `people` between `bounds.from` and `bounds.to`, grouped by person in the order of `people` (what
 * lib/reports' createReport expects). Reads `batchSize` people per query: memory holds one batch's events.
 */
export async function* streamReportEvents(
  orgId: string,
  people: readonly Pick<Person, "id">[],
  bounds: { from: Date; to: Date },
  batchSize = 25,
): AsyncGenerator<ReportEvent> {
  for (let i = 0; i < people.length; i += batchSize) {
    const ids = people.slice(i, i + batchSize).map((p) => p.id);
    const rows = await eventsOfBatch(orgId, ids, bounds.from, bounds.to);
    const byUser = new Map<string, ReportEvent[]>();
    for (const r of rows) {
      if (!r.userId) continue;
      let list = byUser.get(r.userId);
      if (!list) byUser.set(r.userId, (list = []));
      list.push(r);
    }
    for (const id of ids) yield* byUser.get(id) ?? [];
  }
}

/** Records that someone exported personal data (who, what range, which format). */
export async function auditExport(orgId: string, actorId: string, data: Record<string, unknown>): Promise<void> {
  const d = await db();
  await writeAudit(d, { orgId, actorId, action: "report.exported", targetType: "report", data });
}
