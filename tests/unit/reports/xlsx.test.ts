import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { writeReport } from "@/lib/reports/export";
import { dailyCells, dailyColumns, summaryCells, summaryColumns } from "@/lib/reports/table";
import { memorySink } from "./helpers";
import { meta, newReport, screen, tz } from "./month-report";

describe("XLSX", () => {
  it("reads back with exceljs: daily and summary sheets equal the on-screen figures, numbers as numbers", async () => {
    const { daily, summary } = await screen();
    const sink = memorySink();
    await writeReport("xlsx", newReport(), meta, sink.stream);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sink.buffer() as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Daily", "Summary", "About"]);

    const values = (ws: ExcelJS.Worksheet, n: number, width: number) =>
      Array.from({ length: n }, (_, i) => Array.from({ length: width }, (_, j) => ws.getRow(i + 1).getCell(j + 1).value ?? null));

    const d = wb.getWorksheet("Daily")!;
    expect(d.rowCount).toBe(daily.length + 1);
    const dv = values(d, daily.length + 1, dailyColumns.length);
    expect(dv[0]).toEqual(dailyColumns.map((c) => c.header));
    daily.forEach((row, i) => {
      const cells = dailyCells(row, tz).map((v) => (v === "" ? null : v));
      expect(dv[i + 1]).toEqual(cells);
    });
    // Text stays text, even when it looks like a formula.
    const bobCell = d.getRow(daily.findIndex((r) => r.email === "bob@example.test") + 2).getCell(2);
    expect(bobCell.value).toBe('=Bob, "the builder"');
    expect(bobCell.type).toBe(ExcelJS.ValueType.String);

    const s = wb.getWorksheet("Summary")!;
    const sv = values(s, summary.length + 1, summaryColumns.length);
    summary.forEach((row, i) => expect(sv[i + 1]).toEqual(summaryCells(row)));
    expect(sv[1]![10]).toBe(165.38);

    const about = wb.getWorksheet("About")!;
    expect(about.getRow(2).getCell(2).value).toBe("Acme Widgets Ltd");
  });
  it("with styles: bold header, hours as 0.00, same values", async () => {
    const { summary } = await screen();
    const sink = memorySink();
    await writeReport("xlsx", newReport(), meta, sink.stream, "summary", { styles: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sink.buffer() as unknown as ArrayBuffer);
    const s = wb.getWorksheet("Summary")!;
    expect(s.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(s.getRow(2).getCell(11).numFmt).toBe("0.00");
    // An empty cell (no employee number) reads back as undefined.
    summary.forEach((row, i) => expect(s.getRow(i + 2).values).toEqual([undefined, ...summaryCells(row).map((v) => v ?? undefined)]));
  });
});
