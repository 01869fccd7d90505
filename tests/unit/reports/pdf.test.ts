import { describe, expect, it } from "vitest";
import { writeReport } from "@/lib/reports/export";
import { MISSING_GLYPH, writePdf } from "@/lib/reports/pdf";
import { formatCell, minutesToHours, type ReportMeta, type ReportTable } from "@/lib/reports/table";
import { memorySink, pdfStreams, pdfTexts } from "./helpers";
import { meta, newReport, screen } from "./month-report";

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
