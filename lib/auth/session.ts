// The one place that reads the Auth.js session (wrapped in React cache: one decode per request).
import "server-only";
import { cache } from "react";
import { auth } from "./index";

export interface SessionUser {
  id: string;
  orgId: string;
  role: "owner" | "admin" | "employee";
}

export const currentSession = cache(async (): Promise<SessionUser | null> => {
  const s = await auth();
  const u = s?.user;
  return u?.id && u.orgId && u.role ? { id: u.id, orgId: u.orgId, role: u.role } : null;
});
