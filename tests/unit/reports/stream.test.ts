import { describe, expect, it, vi } from "vitest";
import { writeCsv } from "@/lib/reports/csv";
import { downloadHeaders, toWebStream } from "@/lib/reports/stream";
import type { CellValue, ReportTable } from "@/lib/reports/table";

describe("web streams for route handlers", () => {
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
