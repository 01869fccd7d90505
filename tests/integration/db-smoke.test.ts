import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/lib/db/open";

describe("PGlite with pgvector", () => {
  it("migrates and computes cosine distance", { timeout: 120_000 }, async () => {
    const db = await openDatabase({ dataDir: "memory://" });
    const r = await db.execute(sql`select ('[1,0,0]'::vector <=> '[0,1,0]'::vector) as d`);
    expect(Number((r as unknown as { rows: { d: number }[] }).rows[0]!.d)).toBeCloseTo(1);
  });
});
