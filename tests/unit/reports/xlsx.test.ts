import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { writeReport } from "@/lib/reports/export";
import { writeXlsx } from "@/lib/reports/xlsx";
import { dailyCells, dailyColumns, summaryCells, summaryColumns, type ReportTable } from "@/lib/reports/table";
import { memorySink, sheetCells } from "./helpers";
import { meta, newReport, screen, tz } from "./month-report";

describe("XLSX", () => {
  it("reads back with exceljs: daily and summary sheets equal the on-screen figures", async () => {
    const { daily, summary } = await screen();
    const sink = memorySink();
    await writeReport("xlsx", newReport(), meta, sink.stream);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sink.buffer() as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Daily", "Summary", "About"]);

    const d = wb.getWorksheet("Daily")!;
    expect(d.rowCount).toBe(daily.length + 1);
    expect(d.getRow(1).values).toEqual([undefined, ...dailyColumns.map((c) => c.header)]);
    expect(d.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheetCells(d, dailyColumns)).toEqual(daily.map((row) => dailyCells(row, tz).map((v) => (v === "" ? null : v))));
    // Text stays text, even when it looks like a formula.
    const bobCell = d.getRow(daily.findIndex((r) => r.email === "bob@example.test") + 2).getCell(2);
    expect(bobCell.value).toBe('=Bob, "the builder"');
    expect(bobCell.type).toBe(ExcelJS.ValueType.String);

    const s = wb.getWorksheet("Summary")!;
    expect(sheetCells(s, summaryColumns)).toEqual(summary.map(summaryCells));
    expect(s.getRow(2).getCell(11).value).toBe(165.38);

    const about = wb.getWorksheet("About")!;
    expect(about.getRow(2).getCell(2).value).toBe("Acme Widgets Ltd");
    expect(about.getRow(3).getCell(2).value).toEqual(new Date("2026-03-01T00:00:00Z"));
    expect(about.getRow(3).getCell(2).numFmt).toBe("yyyy-mm-dd");
  });

  it("writes dates and times as real date cells and hours as numbers, each with its number format", async () => {
    const { daily } = await screen();
    const sink = memorySink();
    await writeReport("xlsx", newReport(), meta, sink.stream, "daily");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sink.buffer() as unknown as ArrayBuffer);
    const d = wb.getWorksheet("Daily")!;
    // Alice on Friday 6 March (hand-checked in the CSV test): in 08:59, out 17:00, 8.02 h.
    const n = daily.findIndex((r) => r.date === "2026-03-06" && r.email === "alice@example.test") + 2;
    const row = d.getRow(n);
    const [date, firstIn, lastOut, hours, breaks] = [1, 5, 6, 7, 8].map((i) => row.getCell(i));
    expect(date!.type).toBe(ExcelJS.ValueType.Date);
    expect(date!.value).toEqual(new Date("2026-03-06T00:00:00Z"));
    expect(date!.numFmt).toBe("yyyy-mm-dd");
    expect(firstIn!.type).toBe(ExcelJS.ValueType.Date);
    expect(firstIn!.value).toEqual(new Date("2026-03-06T08:59:00Z")); // the wall-clock time in the organisation
    expect(firstIn!.numFmt).toBe("hh:mm");
    expect(lastOut!.value).toEqual(new Date("2026-03-06T17:00:00Z"));
    expect(hours!.type).toBe(ExcelJS.ValueType.Number);
    expect(hours!.value).toBe(8.02);
    expect(hours!.numFmt).toBe("0.00");
    expect(breaks!.type).toBe(ExcelJS.ValueType.Number);
    // The missing check-out of Thursday 5 March stays empty (not a date of 1899).
    const thu = d.getRow(daily.findIndex((r) => r.date === "2026-03-05" && r.email === "alice@example.test") + 2);
    expect(thu.getCell(6).type).toBe(ExcelJS.ValueType.Null);
  });

  it("shows a time after midnight with its date, and keeps text it cannot read as a time", async () => {
    const sink = memorySink();
    const table: ReportTable = {
      name: "Night",
      title: "Night",
      columns: [
        { key: "date", header: "Date", type: "date", width: 11 },
        { key: "in", header: "In", type: "time", width: 8 },
        { key: "out", header: "Out", type: "time", width: 8 },
      ],
      rows: [
        ["2026-03-28", "22:00", "06:15 (+1)"],
        ["2026-03-29", "not a time", null],
      ],
    };
    await writeXlsx([table], meta, sink.stream, { aboutSheet: false });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sink.buffer() as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("Night")!;
    expect(ws.getRow(2).getCell(2).value).toEqual(new Date("2026-03-28T22:00:00Z"));
    expect(ws.getRow(2).getCell(3).value).toEqual(new Date("2026-03-29T06:15:00Z"));
    expect(ws.getRow(2).getCell(3).numFmt).toBe("yyyy-mm-dd hh:mm");
    expect(ws.getRow(3).getCell(2).value).toBe("not a time");
    expect(sheetCells(ws, table.columns)).toEqual(table.rows);
  });
});
