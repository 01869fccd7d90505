// Test seam for the one module that reads the Auth.js session. Import this file BEFORE the code under test:
//   vi.mock("@/lib/auth/session", () => sessionModule);
import type { SessionUser } from "@/lib/auth/session";

let current: SessionUser | null = null;

export function actAs(user: SessionUser | null) {
  current = user;
}

export const sessionModule = {
  currentSession: async () => current,
};

export function formData(fields: Record<string, string | string[] | undefined>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  }
  return fd;
}
