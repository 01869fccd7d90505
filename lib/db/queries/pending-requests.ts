// What waits for an admin's decision: leave requests and correction requests, in one list (the admin digest and
// the Requests page read it). A read only: nothing is written.
import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { LocalDate } from "@/lib/attendance/local-time";
import { db } from "../client";
import { correctionRequests, leaveRequests, leaveTypes, users } from "../schema";

export interface PendingRequest {
  kind: "leave" | "correction";
  id: string;
  userId: string;
  personName: string;
  /** The days it is about (a correction is about one day). */
  from: LocalDate;
  to: LocalDate;
  /** One line: "Annual leave (morning)" / "In 09:00, out 17:30 — forgot to check out". */
  summary: string;
  createdAt: Date;
}

/** Every pending request of the organisation, oldest first (the order to decide them in). */
export async function listPendingRequests(orgId: string): Promise<PendingRequest[]> {
  const d = await db();
  const [leave, corrections] = await Promise.all([
    d
      .select({ r: leaveRequests, personName: users.name, typeName: leaveTypes.name })
      .from(leaveRequests)
      .innerJoin(users, and(eq(users.id, leaveRequests.userId), eq(users.orgId, leaveRequests.orgId)))
      .innerJoin(leaveTypes, and(eq(leaveTypes.id, leaveRequests.typeId), eq(leaveTypes.orgId, leaveRequests.orgId)))
      .where(and(eq(leaveRequests.orgId, orgId), eq(leaveRequests.status, "pending")))
      .orderBy(asc(leaveRequests.createdAt)),
    d
      .select({ r: correctionRequests, personName: users.name })
      .from(correctionRequests)
      .innerJoin(users, and(eq(users.id, correctionRequests.userId), eq(users.orgId, correctionRequests.orgId)))
      .where(and(eq(correctionRequests.orgId, orgId), eq(correctionRequests.status, "pending")))
      .orderBy(asc(correctionRequests.createdAt)),
  ]);
  const out: PendingRequest[] = [
    ...leave.map(({ r, personName, typeName }) => ({
      kind: "leave" as const,
      id: r.id,
      userId: r.userId,
      personName,
      from: r.from,
      to: r.to,
      summary: `${typeName}${r.half ? ` (${r.half === "am" ? "morning" : "afternoon"})` : ""}`,
      createdAt: r.createdAt,
    })),
    ...corrections.map(({ r, personName }) => ({
      kind: "correction" as const,
      id: r.id,
      userId: r.userId,
      personName,
      from: r.date,
      to: r.date,
      summary: correctionSummary(r),
      createdAt: r.createdAt,
    })),
  ];
  return out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** "In 09:00, out 17:30 — forgot to check out". */
export function correctionSummary(r: { checkIn: string | null; checkOut: string | null; reason: string }): string {
  const parts = [r.checkIn ? `in ${r.checkIn}` : null, r.checkOut ? `out ${r.checkOut}` : null].filter(Boolean).join(", ");
  return `${parts.charAt(0).toUpperCase()}${parts.slice(1)} — ${r.reason}`;
}
