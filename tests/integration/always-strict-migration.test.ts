// Migration 0004 removes the old strict-mode setting from every organisation (issue 14: always strict).
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openTestDatabase } from "../support/db";
import { turnStepsOnly } from "@/tools/checkin-harness";
import { makeOrg } from "@/tools/builders";

describe("always strict", () => {
  it("migration 0005 drops strictMode (on or off) from existing organisations' settings, nothing else", async () => {
    const d = await openTestDatabase();
    const off = await makeOrg({ name: "Was Lenient", settings: turnStepsOnly() });
    await d.execute(sql`update organisations set settings = settings || '{"strictMode": false}'::jsonb where id = ${off.id}`);
    const before = (await d.execute(sql`select settings from organisations where id = ${off.id}`)) as unknown as { rows: { settings: Record<string, unknown> }[] };
    expect(before.rows[0]!.settings.strictMode).toBe(false);
    const migration = readFileSync(path.resolve(import.meta.dirname, "../../drizzle/0005_always_strict.sql"), "utf8");
    await d.execute(sql.raw(migration));
    const after = (await d.execute(sql`select settings from organisations where id = ${off.id}`)) as unknown as { rows: { settings: Record<string, unknown> }[] };
    expect(after.rows[0]!.settings).not.toHaveProperty("strictMode");
    const { strictMode: _, ...rest } = before.rows[0]!.settings;
    expect(after.rows[0]!.settings).toEqual(rest);
  });
});
