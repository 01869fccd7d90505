// Reading rows back in integration tests (the rows themselves are built with tools/builders.ts).
import { and, eq } from "drizzle-orm";
import { attendanceEvents, users } from "@/lib/db/schema";
import { testDb } from "./db";

export async function eventById(id: string) {
  const d = await testDb();
  const [e] = await d.select().from(attendanceEvents).where(eq(attendanceEvents.id, id));
  return e ?? null;
}

export async function userById(orgId: string, id: string) {
  const d = await testDb();
  const [u] = await d.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, id)));
  return u ?? null;
}
