import ExcelJS from "exceljs";
import { describe, expect, it, vi } from "vitest";
import { WorkCalendar } from "@/lib/attendance/rules";
import { collect, createReport, type DailyRow, type SummaryRow } from "@/lib/reports/build";
import { csvText, writeCsv } from "@/lib/reports/csv";
import { reportStream, writeReport } from "@/lib/reports/export";
import { MISSING_GLYPH, writePdf } from "@/lib/reports/pdf";
import { writeXlsx } from "@/lib/reports/xlsx";
import { downloadHeaders, toWebStream } from "@/lib/reports/stream";
import {
  dailyCells,
  dailyColumns,
  formatCell,
  minutesToHours,
  summaryCells,
  summaryColumns,
  type CellValue,
  type ReportMeta,
  type ReportTable,
} from "@/lib/reports/table";
import { afterMonth, dayRules, monthEvents, people } from "../attendance/month-fixture";
import { memorySink, parseCsv, pdfStreams, pdfTexts, sheetCells } from "./helpers";

const cal = new WorkCalendar(dayRules);
const tz = dayRules.timezone;
const meta: ReportMeta = { orgName: "Acme Widgets Ltd", from: "2026-03-01", to: "2026-03-31", timezone: tz, generatedAt: afterMonth };
const newReport = () => createReport({ calendar: cal, people, events: monthEvents(), from: "2026-03-01", to: "2026-03-31", now: afterMonth });

/** The on-screen figures: the same row builder, collected. */
async function screen(): Promise<{ daily: DailyRow[]; summary: SummaryRow[] }> {
  const r = newReport();
  const daily = await collect(r.daily());
  const summary = await collect(r.summary());
  return { daily, summary };
}

/** What a spreadsheet shows after the formula-injection guard (text only; numbers untouched). */
const guarded = (v: CellValue) => (typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

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

  it("refuses two tables in one CSV", async () => {
    await expect(writeReport("csv", newReport(), meta, memorySink().stream, "both")).rejects.toThrow(RangeError);
  });
});

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

describe("PDF", () => {
  it("is a paged PDF whose text holds the header and the on-screen figures", async () => {
    const { daily, summary } = await screen();
    const sink = memorySink();
    await writeReport("pdf", newReport(), meta, sink.stream);
    const pdf = sink.buffer();
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.subarray(-6).toString()).toMatch(/%%EOF/);
    const texts = pdfTexts(pdf);
    const pages = Number(/\/Count (\d+)/.exec(pdf.toString("latin1"))![1]);
    expect(pages).toBeGreaterThanOrEqual(3); // 93 daily rows do not fit one page, plus the summary
    // The header on every page.
    expect(texts.filter((t) => t === "Acme Widgets Ltd")).toHaveLength(pages);
    expect(texts).toContain("Daily sheet · 2026-03-01 to 2026-03-31");
    expect(texts).toContain("Per-person summary · 2026-03-01 to 2026-03-31");
    expect(texts).toContain(`Acme Widgets Ltd · 2026-03-01 to 2026-03-31 · page ${pages}`);
    // Figures: every daily row's date/hours pair, and the summary's hours, as the screen formats them.
    const hours = daily.filter((r) => r.workedMinutes !== null).map((r) => formatCell({ type: "hours" }, minutesToHours(r.workedMinutes!)));
    const hoursInPdf = texts.filter((t) => /^\d+\.\d\d$/.test(t));
    for (const h of hours) expect(hoursInPdf).toContain(h);
    for (const s of summary) expect(texts).toContain(formatCell({ type: "hours" }, minutesToHours(s.workedMinutes)));
    expect(texts).toContain("165.38");
    expect(texts).toContain("Alice Archer");
    expect(texts).toContain('=Bob, "the builder"');
    expect(texts).toContain("Missing check-out");
  });

  it("cuts long text to its column and replaces characters the built-in font lacks", async () => {
    const sink = memorySink();
    const table: ReportTable = {
      name: "T",
      title: "T",
      columns: [
        { key: "a", header: "Name", type: "text", width: 5 },
        { key: "b", header: "Other", type: "text", width: 50 },
      ],
      rows: [["A very long name that cannot possibly fit in a narrow column", "Zoë 陈"]],
    };
    await writePdf([table], meta, sink.stream, { fontPath: null });
    const texts = pdfTexts(sink.buffer());
    expect(texts.some((t) => t.startsWith("A very") && t.endsWith("\u0085"))).toBe(true); // "…" in WinAnsi
    expect(texts).toContain("Zoë ?");
  });

  it("prints names outside Latin-1 as written with the bundled font (the default)", async () => {
    const sink = memorySink();
    const names = ["Łukasz Żółć", "Ελένη Παπαδοπούλου", "Дмитрий Шостакович", "Zoë O'Brien-Łoś"];
    const table: ReportTable = {
      name: "T",
      title: "Névsor — Łódź",
      columns: [{ key: "a", header: "Imię", type: "text", width: 30 }],
      rows: names.map((n) => [n]),
    };
    await writePdf([table], { ...meta, orgName: "Ωmega Sp. z o.o." }, sink.stream);
    const pdf = sink.buffer();
    expect(pdf.toString("latin1")).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSansCondensed/);
    const texts = pdfTexts(pdf);
    for (const n of names) expect(texts).toContain(n);
    expect(texts).toContain("Ωmega Sp. z o.o.");
    expect(texts).toContain("Névsor — Łódź · 2026-03-01 to 2026-03-31");
    expect(texts).toContain("Imię");
    expect(texts.join("")).not.toContain("?");
    // The CJK fallback font is only embedded when some text needs it.
    expect(pdf.toString("latin1")).not.toMatch(/WenQuanYi/);
  });

  it("prints Chinese, Japanese and Korean names with the bundled fallback font, and marks a script no font has", async () => {
    const sink = memorySink();
    const table: ReportTable = {
      name: "T",
      title: "名簿",
      columns: [
        { key: "a", header: "Name", type: "text", width: 30 },
        { key: "b", header: "Hours", type: "hours", width: 8 },
      ],
      rows: [["陈伟", 7.5], ["山田 太郎", 8], ["김민준", 6.25], ["Li 李 (Léa)", 1], ["สมชาย", 2]],
    };
    await writePdf([table], { ...meta, orgName: "株式会社 Ωmega" }, sink.stream);
    const pdf = sink.buffer();
    expect(pdf.toString("latin1")).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYiMicroHei/);
    expect(pdf.toString("latin1")).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSansCondensed/);
    const texts = pdfTexts(pdf);
    const all = texts.join("|");
    // One TJ per run of one font: a name in one script is one string, a mixed one a few in a row.
    expect(texts).toContain("陈伟");
    expect(texts).toContain("김민준");
    expect(all).toContain("山田| |太郎");
    expect(all).toContain("Li |李| (Léa)");
    expect(all).toContain("株式会社| Ωmega");
    expect(texts).toContain("名簿");
    // The cells after a fallback run are back in the main font: the hours read as written.
    for (const h of ["7.50", "8.00", "6.25", "1.00", "2.00"]) expect(texts).toContain(h);
    // Thai is in neither font: each character is a visible replacement mark, never an empty box.
    expect(texts).toContain(MISSING_GLYPH.repeat(5));
  });
});

describe("PDF page boundaries", () => {
  /** Rows that fit one page at the default layout, measured from a one-section PDF (not assumed). */
  async function rowsPerPage(): Promise<number> {
    const sink = memorySink();
    const rows = Array.from({ length: 200 }, (_, i) => [`r${i}`]);
    await writePdf([{ name: "T", title: "T", columns: [{ key: "a", header: "A", type: "text", width: 1 }], rows }], meta, sink.stream);
    const texts = pdfTexts(sink.buffer());
    // Page 2's footer is drawn before its rows: the rows before it are page 1's.
    const page2 = texts.findIndex((t) => t.endsWith("· page 2"));
    return texts.slice(0, page2).filter((t) => /^r\d+$/.test(t)).length;
  }

  it("keeps every row, in order, wherever the boundary falls, at any export time and header text", async () => {
    const perPage = await rowsPerPage();
    expect(perPage).toBeGreaterThan(20);
    // Every count from 1 to two full pages + 1, so the last row of the first section falls on every position of a
    // page; each with a different export minute and organisation name (the header is part of the page's bytes).
    for (let n = 1; n <= 2 * perPage + 1; n++) {
      const names = ["Acme", "Zoë's Café & Bar", "A much longer organisation name, Limited (Northern Branch)"];
      const m: ReportMeta = { ...meta, orgName: names[n % 3]!, generatedAt: new Date(Date.UTC(2026, 11, 4, 0, 0) + n * 7 * 60_000 + n * 1_013) };
      const cols = [
        { key: "d", header: "Date", type: "text", width: 2 },
        { key: "n", header: "Name", type: "text", width: 3 },
      ] as const;
      const first = Array.from({ length: n }, (_, i) => [`2026-03-${String((i % 28) + 1).padStart(2, "0")}`, `first ${n}.${i}`]);
      const second = Array.from({ length: 3 }, (_, i) => ["2026-04-01", `second ${n}.${i}`]);
      const sink = memorySink();
      await writePdf(
        [
          { name: "A", title: "First", columns: [...cols], rows: first },
          { name: "B", title: "Second", columns: [...cols], rows: second },
        ],
        m,
        sink.stream,
      );
      const pdf = sink.buffer();
      const texts = pdfTexts(pdf);
      const pages = Number(/\/Count (\d+)/.exec(pdf.toString("latin1"))![1]);
      expect(pages, `n=${n}`).toBe(Math.ceil(n / perPage) + 1);
      expect(pdfStreams(pdf).filter((b) => b.includes("BT")), `n=${n}`).toHaveLength(pages);
      let at = 0;
      for (const [date, name] of [...first, ...second]) {
        const i = texts.indexOf(name!, at);
        expect(i, `n=${n}: ${name} after position ${at}`).toBeGreaterThan(0);
        expect(texts[i - 1], `n=${n}: ${name}`).toBe(date);
        at = i + 1;
      }
    }
  });
});

describe("web streams for route handlers", () => {
  async function readAll(s: ReadableStream<Uint8Array>): Promise<Buffer> {
    const parts: Uint8Array[] = [];
    const reader = s.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parts.push(value);
    }
    return Buffer.concat(parts);
  }

  it("the web stream carries the same bytes as the Writable", async () => {
    const sink = memorySink();
    await writeReport("csv", newReport(), meta, sink.stream);
    const web = await readAll(reportStream("csv", newReport(), meta));
    expect(web.equals(sink.buffer())).toBe(true);
    const xlsx = await readAll(reportStream("xlsx", newReport(), meta));
    expect(xlsx.subarray(0, 2).toString()).toBe("PK");
  });

  it("is pulled: the writer waits for the reader, and stops when the response is cancelled", async () => {
    let produced = 0;
    const total = 200_000;
    async function* rows(): AsyncGenerator<CellValue[]> {
      for (let i = 0; i < total; i++) {
        produced++;
        yield [`row ${i}`, i];
      }
    }
    const table: ReportTable = {
      name: "Big",
      title: "Big",
      columns: [
        { key: "a", header: "A", type: "text", width: 10 },
        { key: "b", header: "B", type: "integer", width: 5 },
      ],
      rows: rows(),
    };
    let outcome: unknown = "pending";
    const web = toWebStream((dest) =>
      writeCsv(table, dest).then(
        () => {
          outcome = "done";
        },
        (e: unknown) => {
          outcome = e;
          throw e;
        },
      ),
    );
    const reader = web.getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 300)); // unpulled, the whole table would be written in this time
    const afterOneRead = produced;
    expect(afterOneRead).toBeLessThan(total / 4); // not run ahead of the reader
    await reader.cancel();
    // The writer fails with the cancellation as soon as it next touches the stream (allow a loaded machine time).
    await vi.waitFor(() => expect(outcome).toBeInstanceOf(Error), { timeout: 10_000, interval: 20 });
    expect(produced).toBeLessThan(total / 4);
  });

  it("download headers", () => {
    const h = downloadHeaders("xlsx", "Attendance März 2026");
    expect(h["Content-Type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(h["Content-Disposition"]).toBe(`attachment; filename="Attendance_M_rz_2026.xlsx"; filename*=UTF-8''Attendance%20M%C3%A4rz%202026.xlsx`);
  });
});
