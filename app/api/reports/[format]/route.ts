// Report exports: GET /api/reports/{csv|xlsx|pdf}?from=YYYY-MM-DD&to=YYYY-MM-DD[&person=<id>][&status=late…][&part=daily|summary|both|payroll]
// Admins only, scoped to their organisation. The file is streamed from the same row builder as the Reports page
// (lib/reports/org-report.ts → lib/reports), one batch of people in memory at a time; the client reads the body
// as it comes and shows progress against X-Report-Rows-Estimate.
import { openOrgReport, openPayroll } from "@/lib/reports/org-report";
import { ADMINS } from "@/lib/auth/guard";
import { route } from "@/lib/auth/route";
import { auditExport } from "@/lib/db/queries/reports";
import { downloadHeaders, reportStream, tablesStream } from "@/lib/reports";
import { exportSchema, paramsObject } from "@/lib/validations/reports";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = route(
  {
    roles: ADMINS,
    schema: exportSchema,
    input: (req, params: { format: string }) => ({ ...paramsObject(new URL(req.url).searchParams), format: params.format }),
  },
  async (input, { orgId, user }, req) => {
    const part = input.part ?? (input.format === "csv" ? "daily" : "both");
    if (part === "payroll") {
      const p = await openPayroll(orgId, { from: input.from, to: input.to, personId: input.person, signal: req.signal });
      await auditExport(orgId, user.id, { format: input.format, part, from: input.from, to: input.to, person: input.person ?? null });
      return new Response(tablesStream(input.format, [p.table], p.meta), {
        headers: { ...downloadHeaders(input.format, `payroll-${input.from}-to-${input.to}`), "X-Report-Rows-Estimate": String(p.peopleCount) },
      });
    }
    const r = await openOrgReport(orgId, { from: input.from, to: input.to, personId: input.person, statuses: input.status, signal: req.signal });
    await auditExport(orgId, user.id, { format: input.format, part, from: input.from, to: input.to, person: input.person ?? null, status: input.status });
    const rows = part === "summary" ? r.peopleCount : part === "daily" ? r.estimatedRows : r.estimatedRows + r.peopleCount;
    return new Response(reportStream(input.format, r.report, r.meta, part), {
      headers: {
        ...downloadHeaders(input.format, `attendance-${input.from}-to-${input.to}${part === "summary" ? "-summary" : ""}`),
        "X-Report-Rows-Estimate": String(rows),
      },
    });
  },
);
