// The payroll sheet through the real export route (CSV, XLSX, PDF), parsed back and compared with the screen
// (payrollView), with hand-computed figures for one person and names outside Latin-1 printed as written.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { parseLocalTime, zonedInstant } from "@/lib/attendance/local-time";
import { leaveRequests, leaveTypes, periodApprovals, users } from "@/lib/db/schema";
import { eq } from "drizzle-orm";
import { parseCsv, pdfTexts } from "../unit/reports/helpers";
import { makeEvent, makeOrgWithOwner, makeUser, type TestOrg } from "@/tools/builders";
import { testDb, useMemoryDatabase } from "../support/db";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
import { session, sessionOf } from "../support/session";
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { GET } = await import("@/app/api/reports/[format]/route");
const { payrollView } = await import("@/lib/reports/org-report");

const TZ = "Europe/London";
const FROM = "2026-11-01";
const TO = "2026-11-30";
const Q = `from=${FROM}&to=${TO}&part=payroll`;
const local = (date: string, time: string) => new Date(zonedInstant(date, parseLocalTime(time), TZ));

let org: TestOrg;
let lukasz: Awaited<ReturnType<typeof makeUser>>;

async function exportOf(format: string): Promise<Response> {
  return GET(new Request(`http://localhost/api/reports/${format}?${Q}`), { params: Promise.resolve({ format }) });
}

beforeAll(async () => {
  await useMemoryDatabase();
  const created = new Date("2026-01-01T12:00:00Z");
  // Mon–Fri 09:00–17:00, unpaid breaks, overtime after 8 h a day.
  org = await makeOrgWithOwner({ name: "Ωmega Sp. z o.o.", timezone: TZ, ownerCreatedAt: created, settings: { overtimeDailyMinutes: 480 } });
  lukasz = await makeUser(org.id, { name: "Łukasz Żółć", email: "lukasz@o.test", createdAt: created });
  await makeUser(org.id, { name: "Ελένη Παπαδοπούλου", email: "eleni@o.test", createdAt: created });
  const d = await testDb();
  await d.update(users).set({ employeeNumber: "E-007" }).where(eq(users.id, lukasz.id));
  // Monday 2 November: 09:00–18:00 with a 30-minute break → 8.5 h worked: 8 regular + 0.5 overtime, 0.5 unpaid break.
  await makeEvent(org.id, lukasz.id, local("2026-11-02", "09:00"), { kind: "in" });
  await makeEvent(org.id, lukasz.id, local("2026-11-02", "12:00"), { kind: "break-start" });
  await makeEvent(org.id, lukasz.id, local("2026-11-02", "12:30"), { kind: "break-end" });
  await makeEvent(org.id, lukasz.id, local("2026-11-02", "18:00"), { kind: "out" });
  // Tuesday 3 November: annual leave (approved). Sick leave exists but nobody took any.
  const [annual] = await d.insert(leaveTypes).values({ orgId: org.id, name: "Annual leave", category: "paid" }).returning();
  await d.insert(leaveTypes).values({ orgId: org.id, name: "Sick leave", category: "sick" });
  await d.insert(leaveRequests).values({ orgId: org.id, userId: lukasz.id, typeId: annual!.id, from: "2026-11-03", to: "2026-11-03", status: "approved" });
  // November approved for Łukasz only.
  await d.insert(periodApprovals).values({ orgId: org.id, userId: lukasz.id, kind: "month", from: FROM, to: TO, approvedBy: org.owner.id });
  session.current = sessionOf(org.owner);
});

describe("payroll sheet", () => {
  it("has the hand-computed figures on screen", async () => {
    const sheet = await payrollView(org.id, { from: FROM, to: TO });
    expect(sheet.columns.map((c) => c.header)).toEqual([
      "Employee no.",
      "Person",
      "From",
      "To",
      "Regular (h)",
      "Overtime (h)",
      "Unpaid breaks (h)",
      "Annual leave (days)",
      "Sick leave (days)",
      "Absences (days)",
      "Missing check-outs",
      "Approval",
    ]);
    // November 2026 has 21 weekdays: Łukasz worked 1, took 1 of leave, so 19 absences.
    const row = sheet.rows.find((r) => r[1] === "Łukasz Żółć");
    expect(row).toEqual(["E-007", "Łukasz Żółć", FROM, TO, "8.00", "0.50", "0.50", "1.0", "0.0", "19", "0", "Approved"]);
    expect(sheet.rows.find((r) => r[1] === "Ελένη Παπαδοπούλου")?.slice(9)).toEqual(["21", "0", "Not approved"]);
    expect(sheet.totals.slice(1)).toEqual(["Total · 3 people", "", "", "8.00", "0.50", "0.50", "1.0", "0.0", "61", "0", "1 of 3 approved"]);
    expect(sheet.meta.approval).toBe("Approved for 1 of 3 people");
  });

  it("CSV parses back to the screen", async () => {
    const sheet = await payrollView(org.id, { from: FROM, to: TO });
    const res = await exportOf("csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`payroll-${FROM}-to-${TO}.csv`);
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual(sheet.columns.map((c) => c.header));
    expect(rows.slice(1)).toEqual(sheet.rows);
  });

  it("XLSX has real dates and numbers equal to the screen", async () => {
    const sheet = await payrollView(org.id, { from: FROM, to: TO });
    const res = await exportOf("xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.getWorksheet("Payroll")!;
    expect(ws.rowCount).toBe(sheet.rows.length + 1);
    sheet.rows.forEach((screenRow, i) => {
      const r = ws.getRow(i + 2);
      const from = r.getCell(3).value;
      expect(from).toBeInstanceOf(Date);
      expect((from as Date).toISOString()).toBe(`${FROM}T00:00:00.000Z`);
      expect(r.getCell(3).numFmt).toBe("yyyy-mm-dd");
      expect((r.getCell(4).value as Date).toISOString().slice(0, 10)).toBe(TO);
      for (const j of [4, 5, 6, 7, 8, 9, 10]) {
        const v = r.getCell(j + 1).value;
        expect(typeof v, `${screenRow[1]} column ${j}`).toBe("number");
        expect(Number(v)).toBe(Number(screenRow[j]));
      }
      expect(r.getCell(2).value).toBe(screenRow[1]);
      expect(r.getCell(12).value).toBe(screenRow[11]);
    });
    const about = wb.getWorksheet("About")!;
    expect(about.getColumn(2).values).toContain("Approved for 1 of 3 people");
  });

  it("PDF prints every name as written, the totals and a sign-off line", async () => {
    const sheet = await payrollView(org.id, { from: FROM, to: TO });
    const res = await exportOf("pdf");
    const texts = pdfTexts(Buffer.from(await res.arrayBuffer()));
    expect(texts).toContain("Ωmega Sp. z o.o.");
    for (const r of sheet.rows) for (const cell of r.filter(Boolean)) expect(texts).toContain(cell);
    expect(texts).toContain("Łukasz Żółć");
    expect(texts).toContain("Ελένη Παπαδοπούλου");
    expect(texts).toContain("Total · 3 people");
    expect(texts).toContain("1 of 3 approved");
    expect(texts).toContain("Checked and approved by (name)");
    expect(texts).toContain("Signature");
    expect(texts.some((t) => t.endsWith("· Approved for 1 of 3 people"))).toBe(true);
    expect(texts.join("")).not.toContain("?");
  });

  it("refuses an employee", async () => {
    session.current = sessionOf(lukasz);
    expect((await exportOf("csv")).status).toBe(403);
    session.current = sessionOf(org.owner);
  });
});
