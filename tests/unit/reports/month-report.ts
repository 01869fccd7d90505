// The March 2026 month fixture as a report, with the export metadata and the on-screen figures every export
// test compares against.
import { WorkCalendar } from "@/lib/attendance/rules";
import { collect, createReport, type DailyRow, type SummaryRow } from "@/lib/reports/build";
import type { CellValue, ReportMeta } from "@/lib/reports/table";
import { afterMonth, dayRules, monthEvents, people } from "../attendance/month-fixture";

export const cal = new WorkCalendar(dayRules);
export const tz = dayRules.timezone;
export const meta: ReportMeta = { orgName: "Acme Widgets Ltd", from: "2026-03-01", to: "2026-03-31", timezone: tz, generatedAt: afterMonth };
export const newReport = () => createReport({ calendar: cal, people, events: monthEvents(), from: "2026-03-01", to: "2026-03-31", now: afterMonth });

/** The on-screen figures: the same row builder, collected. */
export async function screen(): Promise<{ daily: DailyRow[]; summary: SummaryRow[] }> {
  const r = newReport();
  const daily = await collect(r.daily());
  const summary = await collect(r.summary());
  return { daily, summary };
}

/** What a spreadsheet shows after the formula-injection guard (text only; numbers untouched). */
export const guarded = (v: CellValue) => (typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
