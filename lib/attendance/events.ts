// Which recorded events count: corrections and voids applied, rejected attempts left out.
import type { AttendanceEvent } from "@/lib/db/schema";
import { isPunchKind, type PunchKind } from "./punches";

/** The columns of `attendance_events` the rules read (a row from the table fits as is). */
export type EventInput = Pick<AttendanceEvent, "id" | "userId" | "kind" | "at" | "decision" | "source" | "supersedesId" | "voidedAt"> &
  Partial<Pick<AttendanceEvent, "reviewedAt">>;

/** An event that counts: accepted, not voided, not replaced by a correction, with a punch kind. */
export type EffectiveEvent<E extends EventInput = EventInput> = E & { kind: PunchKind };

export interface ResolvedEvents<E extends EventInput = EventInput> {
  /** Events that count, ordered by time (then id). */
  effective: EffectiveEvent<E>[];
  /** Flagged attempts still waiting for an admin (not voided, not replaced, not reviewed), by time. */
  pendingReview: E[];
  /** Ids of events that a correction replaced (they stay in the table; they no longer count). */
  superseded: ReadonlySet<string>;
}

const byTime = (a: EventInput, b: EventInput) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Applies corrections to one person's events (or any set that holds every event of the corrections it contains):
 * - an event that any other event supersedes (`supersedesId`) no longer counts, even when the replacement was
 *   voided later: voiding a replacement removes the attendance; undoing an edit is another edit;
 * - a voided event (`voidedAt` set) does not count;
 * - only `decision = "accepted"` events with a punch kind count: rejected and flagged attempts never do
 *   (flagged ones are listed in `pendingReview` until reviewed, voided or replaced).
 * The input is not modified; originals stay available to the caller.
 */
export function resolveEvents<E extends EventInput>(events: readonly E[]): ResolvedEvents<E> {
  const superseded = new Set<string>();
  for (const e of events) if (e.supersedesId) superseded.add(e.supersedesId);
  const effective: EffectiveEvent<E>[] = [];
  const pendingReview: E[] = [];
  for (const e of events) {
    if (e.voidedAt || superseded.has(e.id)) continue;
    if (e.decision === "accepted") {
      if (isPunchKind(e.kind)) effective.push(e as EffectiveEvent<E>);
    } else if (e.decision === "flagged" && !e.reviewedAt) {
      pendingReview.push(e);
    }
  }
  effective.sort(byTime);
  pendingReview.sort(byTime);
  return { effective, pendingReview, superseded };
}
