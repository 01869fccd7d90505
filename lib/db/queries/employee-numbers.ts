// Employee numbers (payroll): unique within an organisation, audited, one transaction.
import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { db } from "../client";
import { users } from "../schema";
import { writeAudit } from "./audit";

export async function setEmployeeNumber(orgId: string, actorId: string, userId: string, employeeNumber: string | null): Promise<{ changed: boolean }> {
  const d = await db();
  return d.transaction(async (tx) => {
    const [u] = await tx.select({ id: users.id, employeeNumber: users.employeeNumber }).from(users).where(and(eq(users.orgId, orgId), eq(users.id, userId))).for("update").limit(1);
    if (!u) throw new AppError("not-found", "No such person in this organisation.");
    if (u.employeeNumber === employeeNumber) return { changed: false };
    if (employeeNumber) {
      const [taken] = await tx
        .select({ name: users.name })
        .from(users)
        .where(and(eq(users.orgId, orgId), eq(users.employeeNumber, employeeNumber), ne(users.id, userId)))
        .limit(1);
      if (taken) throw new AppError("conflict", "Please correct the highlighted fields.", { employeeNumber: [`${taken.name} has this number already`] });
    }
    await tx.update(users).set({ employeeNumber }).where(and(eq(users.orgId, orgId), eq(users.id, userId)));
    await writeAudit(tx, { orgId, actorId, action: "member.employee-number", targetType: "user", targetId: userId, data: { from: u.employeeNumber, to: employeeNumber } });
    return { changed: true };
  });
}
