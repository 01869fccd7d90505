import { describe, expect, it } from "vitest";
import { evaluatePersonDays, type Person } from "@/lib/attendance/day";
import type { EventInput } from "@/lib/attendance/events";
import { WorkCalendar } from "@/lib/attendance/rules";
import { collect, createReport, estimateDailyRows, paginate, personReports, ReportOrderError } from "@/lib/reports/build";
import { ALICE, BOB, CAROL, afterMonth, dayRules, ev, expected, monthEvents, people } from "../attendance/month-fixture";

const cal = new WorkCalendar(dayRules);
const DAN = "00000000-0000-7000-8000-0000000000dd";
const everyone: Person[] = [...people, { id: DAN, name: "Dan Doe", email: null }];

async function* stream<T>(items: readonly T[], onRead?: (i: number) => void): AsyncGenerator<T> {
  for (let i = 0; i < items.length; i++) {
    onRead?.(i);
    await Promise.resolve();
    yield items[i]!;
  }
}

const input = (events: AsyncIterable<EventInput> | Iterable<EventInput>, extra = {}) => ({
  calendar: cal,
  people: everyone,
  events,
  from: "2026-03-01",
  to: "2026-03-31",
  now: afterMonth,
  ...extra,
});

describe("report rows from a stream of events", () => {
  it("daily rows are the rules' day records, person by person; people without events are absent", async () => {
    const events = monthEvents();
    const report = createReport(input(stream(events)));
    const rows = await collect(report.daily());
    const direct = everyone.flatMap((p) =>
      evaluatePersonDays(
        p,
        events.filter((e) => e.userId === p.id),
        cal,
        { from: "2026-03-01", to: "2026-03-31", now: afterMonth },
      ),
    );
    expect(rows.map(({ name: _n, email: _e, employeeNumber: _k, ...d }) => d)).toEqual(direct);
    expect(rows.filter((r) => r.userId === DAN)).toHaveLength(31);
    expect(rows.filter((r) => r.userId === DAN && r.status === "absent")).toHaveLength(22);
    expect(rows[0]).toMatchObject({ name: "Alice Archer", email: "alice@example.test" });
  });

  it("the summary equals the hand-computed month and needs no second pass", async () => {
    const report = createReport(input(stream(monthEvents())));
    await collect(report.daily());
    const summary = await collect(report.summary());
    expect(summary.map((s) => s.userId)).toEqual([ALICE, BOB, CAROL, DAN]);
    const strip = ({ userId: _u, name: _n, email: _e, employeeNumber: _k, ...s }: (typeof summary)[number]) => s;
    expect(strip(summary[0]!)).toEqual(expected.alice);
    expect(strip(summary[1]!)).toEqual(expected.bob);
    expect(strip(summary[2]!)).toEqual(expected.carol);
    expect(summary[3]).toMatchObject({ workDays: 22, absentCount: 22, daysPresent: 0, workedMinutes: 0 });
  });

  it("summary() alone reads the events itself; daily() afterwards refuses", async () => {
    const report = createReport(input(monthEvents()));
    const summary = await collect(report.summary());
    expect(summary[0]!.workedMinutes).toBe(expected.alice.workedMinutes);
    await expect(collect(report.daily())).rejects.toThrow(/once/);
  });

  it("filters the daily sheet by status, never the summary", async () => {
    const report = createReport(input(monthEvents(), { statuses: ["late"] }));
    const late = await collect(report.daily());
    expect(late.map((r) => `${r.name} ${r.date} ${r.lateMinutes}`)).toEqual([
      "Alice Archer 2026-03-02 8",
      "Alice Archer 2026-03-09 30",
      "Alice Archer 2026-03-11 10",
      "Carol Chen 2026-03-24 6",
    ]);
    const summary = await collect(report.summary());
    expect(summary[0]!.absentCount).toBe(1);
  });

  it("holds one person at a time: the first row comes before the next person's events are read", async () => {
    const events = monthEvents();
    const aliceCount = events.filter((e) => e.userId === ALICE).length;
    let maxRead = -1;
    const it = createReport(input(stream(events, (i) => (maxRead = Math.max(maxRead, i))))).daily();
    const first = await it.next();
    expect(first.value?.userId).toBe(ALICE);
    // Alice's events plus the first of Bob's (which tells that Alice is complete).
    expect(maxRead).toBe(aliceCount);
    await it.return(undefined);
  });

  it("skips events of people outside the report and of no one; refuses events out of person order", async () => {
    const events = [ev("someone-else", "in", "2026-03-02T09:00:00Z"), ...monthEvents()];
    const onlyBob = createReport({ ...input(events), people: [people[1]!] });
    const rows = await collect(onlyBob.daily());
    expect(new Set(rows.map((r) => r.userId))).toEqual(new Set([BOB]));

    const shuffled = [...monthEvents()];
    shuffled.push(ev(ALICE, "in", "2026-03-31T09:00:00+01:00"));
    await expect(collect(personReports(input(shuffled)))).rejects.toBeInstanceOf(ReportOrderError);
  });

  it("reports progress and stops on abort", async () => {
    const seen: number[] = [];
    await collect(personReports(input(monthEvents(), { onProgress: (p: { people: number }) => seen.push(p.people) })));
    expect(seen).toEqual([1, 2, 3, 4]);
    const ac = new AbortController();
    ac.abort(new Error("client gone"));
    await expect(collect(personReports(input(monthEvents(), { signal: ac.signal })))).rejects.toThrow("client gone");
  });

  it("paginate walks a keyset query; estimateDailyRows sizes a progress bar", async () => {
    const all = Array.from({ length: 25 }, (_, i) => i);
    const calls: (number | null)[] = [];
    const got = await collect(
      paginate<number>(async (after) => {
        calls.push(after);
        const start = after === null ? 0 : after + 1;
        return all.slice(start, start + 10);
      }, 10),
    );
    expect(got).toEqual(all);
    expect(calls).toEqual([null, 9, 19]);
    expect(estimateDailyRows(1000, "2026-01-01", "2026-12-31")).toBe(365_000);
  });
});
