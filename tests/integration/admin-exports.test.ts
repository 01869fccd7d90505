// Exports through the real route handler (CSV, XLSX, PDF), parsed back and compared with the figures the Reports
// page shows (reportView), on two weeks of a New York organisation spanning the March 2026 DST change.
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parseLocalTime, zonedInstant } from "@/lib/attendance/local-time";
import { auditLog } from "@/lib/db/schema";
import { formatCell } from "@/lib/reports";
import { parseCsv, pdfTexts, sheetCells } from "../unit/reports/helpers";
import { makeEvent, makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { GET } = await import("@/app/api/reports/[format]/route");
const { reportView } = await import("@/lib/reports/org-report");

const TZ = "America/New_York";
const FROM = "2026-03-02";
const TO = "2026-03-13";
const WEEKDAYS = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"];
const local = (date: string, time: string) => new Date(zonedInstant(date, parseLocalTime(time), TZ));

let org: TestOrg;
let ben: Awaited<ReturnType<typeof makeUser>>;

async function exportOf(format: string, query: string): Promise<Response> {
  return GET(new Request(`http://localhost/api/reports/${format}?${query}`), { params: Promise.resolve({ format }) });
}

beforeAll(async () => {
  await useMemoryDatabase();
  const created = new Date("2026-01-01T12:00:00Z");
  org = await makeOrgWithOwner({ name: "Gotham Ltd", timezone: TZ, ownerCreatedAt: created });
  const ann = await makeUser(org.id, { name: "Ann Able", email: "ann@g.test", createdAt: created });
  ben = await makeUser(org.id, { name: "Ben Baker", email: "ben@g.test", createdAt: created });
  const cat = await makeUser(org.id, { name: "Cat Cole", email: "cat@g.test", createdAt: created, status: "deactivated", deactivatedAt: local("2026-03-10", "12:00") });
  await makeUser(org.id, { name: "Dan Diaz", email: "dan@g.test", createdAt: created });
  await makeUser(org.id, { name: "Ivy Invited", email: "ivy@g.test", createdAt: created, status: "invited", password: false });

  for (const d of WEEKDAYS) {
    await makeEvent(org.id, ann.id, local(d, "08:58"), { kind: "in" });
    await makeEvent(org.id, ann.id, local(d, "17:02"), { kind: "out" });
    if (d < "2026-03-10") {
      await makeEvent(org.id, cat.id, local(d, "09:01"), { kind: "in" });
      await makeEvent(org.id, cat.id, local(d, "17:00"), { kind: "out" });
    }
    if (d === "2026-03-11") continue; // Ben absent
    const inAt = d === "2026-03-03" ? "09:30" : "09:00";
    await makeEvent(org.id, ben.id, local(d, inAt), { kind: "in" });
    if (d === "2026-03-09") continue; // Ben forgets to check out
    await makeEvent(org.id, ben.id, local(d, d === "2026-03-05" ? "15:00" : "17:00"), { kind: "out" });
  }
  // A rejected attempt never counts.
  await makeEvent(org.id, ben.id, local("2026-03-11", "09:00"), { kind: "in", decision: "rejected", reason: "no-match" });
});

beforeEach(() => {
  session.current = sessionOf(org.owner);
});

const QUERY = `from=${FROM}&to=${TO}`;

describe("report figures", () => {
  it("match hand-computed expectations", async () => {
    const v = await reportView(org.id, { from: FROM, to: TO }, 10_000);
    const byName = new Map(v.summary.rows.map((r) => [r[0], r.slice(2, 11)]));
    // work days, present, late, late min, early leaves, early min, absent, missing outs, hours (breaks follow)
    // Ben: 6 full days (480) + late day 09:30–17:00 (450) + early day 09:00–15:00 (360) = 3690 min = 61.50 h.
    expect(byName.get("Ben Baker")).toEqual(["10", "9", "1", "30", "1", "120", "1", "1", "61.50"]);
    // Ann: 10 × 08:58–17:02 = 10 × 484 min = 80.67 h.
    expect(byName.get("Ann Able")).toEqual(["10", "10", "0", "0", "0", "0", "0", "0", "80.67"]);
    // Cat: deactivated on the 10th: expected up to the 9th (6 work days), 6 × 479 min = 47.90 h.
    expect(byName.get("Cat Cole")).toEqual(["6", "6", "0", "0", "0", "0", "0", "0", "47.90"]);
    expect(byName.get("Dan Diaz")).toEqual(["10", "0", "0", "0", "0", "0", "10", "0", "0.00"]);
    expect(byName.has("Ivy Invited")).toBe(false);
    // The owner (created before the range) is a member too and never checked in.
    expect(v.summary.rows.map((r) => r[0])).toEqual(["Ann Able", "Ben Baker", "Cat Cole", "Dan Diaz", expect.stringMatching(/^Owner/)]);
  });
});

describe("exports equal the on-screen figures", () => {
  it("CSV daily sheet, streamed", async () => {
    const res = await exportOf("csv", QUERY);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/csv/);
    expect(res.headers.get("Content-Disposition")).toContain(`attendance-${FROM}-to-${TO}.csv`);
    expect(res.body).toBeInstanceOf(ReadableStream);
    expect(Number(res.headers.get("X-Report-Rows-Estimate"))).toBe(5 * 12);
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ""));
    const v = await reportView(org.id, { from: FROM, to: TO }, 10_000);
    expect(rows[0]).toEqual(v.daily.columns.map((c) => c.header));
    expect(rows.slice(1)).toEqual(v.daily.rows);
    expect(rows.length - 1).toBe(v.daily.total);
  });

  it("CSV summary", async () => {
    const rows = parseCsv((await (await exportOf("csv", `${QUERY}&part=summary`)).text()).replace(/^\uFEFF/, ""));
    const v = await reportView(org.id, { from: FROM, to: TO });
    expect(rows.slice(1)).toEqual(v.summary.rows);
  });

  it("XLSX: both sheets", async () => {
    const res = await exportOf("xlsx", QUERY);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const v = await reportView(org.id, { from: FROM, to: TO }, 10_000);
    for (const [sheet, table] of [
      ["Daily", v.daily],
      ["Summary", v.summary],
    ] as const) {
      const got = sheetCells(wb.getWorksheet(sheet)!, table.columns).map((cells) => cells.map((v, i) => formatCell(table.columns[i]!, v)));
      expect(got, sheet).toEqual(table.rows);
    }
    // Numbers are numbers in the workbook (hours summable by payroll), dates are dates.
    const hours = wb.getWorksheet("Summary")!.getRow(3).getCell(11).value;
    expect(typeof hours).toBe("number");
    expect(wb.getWorksheet("Daily")!.getRow(2).getCell(1).type).toBe(ExcelJS.ValueType.Date);
  });

  it("PDF: every summary row and every daily row, in order", async () => {
    const res = await exportOf("pdf", QUERY);
    expect(res.status).toBe(200);
    const texts = pdfTexts(Buffer.from(await res.arrayBuffer()));
    const v = await reportView(org.id, { from: FROM, to: TO }, 10_000);
    let at = 0;
    const expectRow = (cells: string[]) => {
      const want = cells.filter((c) => c !== "");
      const i = texts.indexOf(want[0]!, at);
      expect(i, `row ${cells.join("|")}`).toBeGreaterThanOrEqual(0);
      expect(texts.slice(i, i + want.length), `row ${cells.join("|")}`).toEqual(want);
      at = i + want.length;
    };
    for (const r of v.daily.rows) expectRow(r.filter((_, i) => v.daily.columns[i]!.key !== "flags"));
    for (const r of v.summary.rows) expectRow(r);
  });

  it("applies the person and status filters the same way", async () => {
    const q = `${QUERY}&person=${ben.id}&status=late&status=absent`;
    const rows = parseCsv((await (await exportOf("csv", q)).text()).replace(/^\uFEFF/, ""));
    const v = await reportView(org.id, { from: FROM, to: TO, personId: ben.id, statuses: ["late", "absent"] });
    expect(rows.slice(1)).toEqual(v.daily.rows);
    expect(v.daily.rows.map((r) => [r[0], r[3]])).toEqual([
      ["2026-03-03", "Late"],
      ["2026-03-11", "Absent"],
    ]);
  });

  it("audits each export", async () => {
    const d = await testDb();
    const rows = await d.select().from(auditLog).where(and(eq(auditLog.orgId, org.id), eq(auditLog.action, "report.exported")));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.every((r) => r.actorId === org.owner.id)).toBe(true);
  });

  it("refuses bad filters with field errors", async () => {
    for (const q of [`from=${TO}&to=${FROM}`, "from=2025-01-01&to=2026-03-01", `${QUERY}&part=both`, `${QUERY}&status=sleeping`, `${QUERY}&person=nope`]) {
      const res = await exportOf("csv", q);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { fieldErrors: object }).fieldErrors, q).toBeTruthy();
    }
    expect((await exportOf("docx", QUERY)).status).toBe(400);
  });
});
