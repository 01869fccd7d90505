// The one session mock of the integration tests: Auth.js's session is read through lib/auth/session's
// currentSession, so a test file replaces that module and says who is signed in:
//   vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
//   actAs(user)  /  actAs(null)  (or session.current = sessionOf(user))
import type { SessionUser } from "@/lib/auth/session";

/** Who the mocked session says is signed in (null: nobody). */
export const session: { current: SessionUser | null } = { current: null };

/** The session of a member (its id, organisation and role). */
export function sessionOf(u: Pick<SessionUser, "id" | "orgId" | "role">): SessionUser {
  return { id: u.id, orgId: u.orgId, role: u.role };
}

/** Signs `user` in for the following calls (null: signed out). */
export function actAs(user: Pick<SessionUser, "id" | "orgId" | "role"> | null): void {
  session.current = user ? sessionOf(user) : null;
}

export const sessionModule = {
  currentSession: async () => session.current,
};

export function formData(fields: Record<string, string | string[] | undefined>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  }
  return fd;
}
