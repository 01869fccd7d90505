// Who may act on whose records: owners outrank admins, and approvals, leave and corrections are decided by someone
// other than the person they are about (separation of duties) — except an organisation's only owner, whose own
// records nobody else could decide (a one-owner business still approves its owner's week; the audit log names who
// did it). Pure: the guard (server) and the admin pages (which show a note instead of buttons that would be
// refused) share it.
import type { Role } from "@/lib/db/schema";

export const OWNER_PROTECTED = "Only an owner can change an owner's attendance, face data, devices, role or status.";
export const OWN_RECORD = "You cannot approve or change your own pay period, leave or attendance: another admin does it (another owner for an owner).";

interface Person {
  id: string;
  role: Role;
}

/** Whether `actor` is the organisation's only active owner, among its `members`. */
export function isSoleOwner(actor: Person, members: readonly (Person & { status: string })[]): boolean {
  return actor.role === "owner" && members.filter((m) => m.role === "owner" && m.status === "active").length === 1;
}

/**
 * Why `actor` may not act on `person`'s record, or null when they may: an admin never on an owner's; with `notOwn`
 * nobody on their own, unless `actor` is the only owner (`soleOwner`, see isSoleOwner).
 */
export function manageRefusal(actor: Person, person: Person, notOwn: boolean, soleOwner = false): string | null {
  if (notOwn && person.id === actor.id && !(soleOwner && actor.role === "owner")) return OWN_RECORD;
  if (actor.role !== "owner" && person.role === "owner") return OWNER_PROTECTED;
  return null;
}
