import { describe, expect, it } from "vitest";
import { reportStream, writeReport } from "@/lib/reports/export";
import { memorySink, readAll } from "./helpers";
import { meta, newReport } from "./month-report";

describe("writeReport", () => {
  it("refuses two tables in one CSV", async () => {
    await expect(writeReport("csv", newReport(), meta, memorySink().stream, "both")).rejects.toThrow(RangeError);
  });
});

describe("reportStream", () => {
  it("the web stream carries the same bytes as the Writable", async () => {
    const sink = memorySink();
    await writeReport("csv", newReport(), meta, sink.stream);
    const web = await readAll(reportStream("csv", newReport(), meta));
    expect(web.equals(sink.buffer())).toBe(true);
    const xlsx = await readAll(reportStream("xlsx", newReport(), meta));
    expect(xlsx.subarray(0, 2).toString()).toBe("PK");
  });
});
