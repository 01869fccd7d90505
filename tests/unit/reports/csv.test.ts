import { describe, expect, it } from "vitest";
import { csvText } from "@/lib/reports/csv";
import { writeReport } from "@/lib/reports/export";
import { dailyCells, dailyColumns, formatCell, minutesToHours, summaryCells, summaryColumns } from "@/lib/reports/table";
import { memorySink, parseCsv } from "./helpers";
import { guarded, meta, newReport, screen, tz } from "./month-report";

describe("CSV", () => {
  it("quotes per RFC 4180 and neutralises formulas", () => {
    expect(csvText("plain")).toBe("plain");
    expect(csvText("a,b")).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText("two\nlines")).toBe('"two\nlines"');
    expect(csvText("=1+1")).toBe("'=1+1");
    expect(csvText("+44 20")).toBe("'+44 20");
    expect(csvText("-5")).toBe("'-5");
    expect(csvText("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvText("\tx")).toBe("'\tx");
    expect(csvText('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it("daily sheet parses back to exactly the on-screen figures", async () => {
    const { daily } = await screen();
    const sink = memorySink();
    await writeReport("csv", newReport(), meta, sink.stream, "daily");
    const text = sink.buffer().toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(dailyColumns.map((c) => c.header));
    expect(rows).toHaveLength(daily.length + 1);
    daily.forEach((row, i) => {
      const cells = dailyCells(row, tz);
      expect(rows[i + 1]).toEqual(cells.map((v, j) => formatCell(dailyColumns[j]!, guarded(v))));
      const hours = rows[i + 1]![6]!;
      expect(hours === "" ? null : Number(hours)).toBe(row.workedMinutes === null ? null : minutesToHours(row.workedMinutes));
      expect(Number(rows[i + 1]![7])).toBe(row.breakMinutes);
      expect(Number(rows[i + 1]![8])).toBe(row.lateMinutes);
      expect(Number(rows[i + 1]![9])).toBe(row.earlyLeaveMinutes);
    });
    // Bob's hostile name comes back as text, not a formula, with its comma and quotes intact.
    expect(rows.find((r) => r[2] === "bob@example.test")![1]).toBe("'=Bob, \"the builder\"");
    // A few hand-checked cells.
    const fri6 = rows.find((r) => r[0] === "2026-03-06" && r[2] === "alice@example.test")!;
    expect(fri6.slice(3)).toEqual(["Present", "08:59", "17:00", "8.02", "0", "0", "0", "0.00", "", "Default", "Corrected"]);
    const thu5 = rows.find((r) => r[0] === "2026-03-05" && r[2] === "alice@example.test")!;
    expect(thu5.slice(3)).toEqual(["Present", "09:00", "", "", "0", "0", "0", "0.00", "", "Default", "Missing check-out"]);
  });

  it("summary parses back to the on-screen summary", async () => {
    const { summary } = await screen();
    const sink = memorySink();
    await writeReport("csv", newReport(), meta, sink.stream, "summary");
    const rows = parseCsv(sink.buffer().toString("utf8").slice(1));
    expect(rows[0]).toEqual(summaryColumns.map((c) => c.header));
    summary.forEach((s, i) => {
      expect(rows[i + 1]).toEqual(summaryCells(s).map((v, j) => formatCell(summaryColumns[j]!, guarded(v))));
    });
    // Alice: 9923 minutes = 165.38 h.
    expect(rows[1]![10]).toBe("165.38");
    expect(rows[1]!.slice(2, 10).map(Number)).toEqual([22, 22, 3, 48, 1, 30, 1, 1]);
  });
});
