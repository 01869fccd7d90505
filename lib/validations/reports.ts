// Report filters, shared by the Reports page, the export routes and the /me page.
import { z } from "zod";
import { dayStatuses, type DayStatus } from "@/lib/attendance/day";
import { daysBetween, isLocalDate } from "@/lib/attendance/local-time";

/** Longest range one report may cover (days, inclusive). */
export const MAX_REPORT_DAYS = 366;

const localDate = z.string().refine(isLocalDate, "Use a date like 2026-03-31");
const emptyToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const toArray = (v: unknown) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v.filter((x) => x !== "") : [v]);

export const reportFilterSchema = z
  .object({
    from: localDate,
    to: localDate,
    person: z.preprocess(emptyToUndefined, z.uuid("Unknown person").optional()),
    status: z.preprocess(toArray, z.array(z.enum(dayStatuses as [DayStatus, ...DayStatus[]])).max(dayStatuses.length)),
  })
  .superRefine((v, ctx) => {
    if (!isLocalDate(v.from) || !isLocalDate(v.to)) return;
    if (v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "The end date must be on or after the start date" });
    else if (daysBetween(v.from, v.to) + 1 > MAX_REPORT_DAYS)
      ctx.addIssue({ code: "custom", path: ["to"], message: `At most ${MAX_REPORT_DAYS} days per report` });
  });
export type ReportFilter = z.infer<typeof reportFilterSchema>;

export const exportFormats = ["csv", "xlsx", "pdf"] as const;
/** daily / summary / both: the attendance report; payroll: the payroll sheet (lib/reports/payroll.ts). */
export const reportParts = ["daily", "summary", "both", "payroll"] as const;

export const exportSchema = z
  .object({
    format: z.enum(exportFormats),
    part: z.preprocess(emptyToUndefined, z.enum(reportParts).optional()),
  })
  .and(reportFilterSchema)
  .superRefine((v, ctx) => {
    if (v.format === "csv" && v.part === "both")
      ctx.addIssue({ code: "custom", path: ["part"], message: "A CSV file holds one table: choose the daily sheet or the summary" });
  });
export type ExportInput = z.infer<typeof exportSchema>;

/** The search params of a URL as an object (repeated keys become arrays). */
export function paramsObject(sp: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(sp.keys())) {
    const all = sp.getAll(key);
    out[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  return out;
}
