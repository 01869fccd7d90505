import { describe, expect, it } from "vitest";
import { evaluatePersonDays } from "@/lib/attendance/day";
import { attendanceChart, dashboardToday, evaluateOrgDays, groupByUser, seriesRange } from "@/lib/attendance/org";
import { WorkCalendar } from "@/lib/attendance/rules";
import { BOB, CAROL, afterMonth, dayRules, ev, monthEvents, people } from "./month-fixture";

const cal = new WorkCalendar(dayRules);

describe("organisation views", () => {
  it("evaluateOrgDays equals evaluating each person on their own events", () => {
    const events = monthEvents();
    const all = evaluateOrgDays({ calendar: cal, people, events, from: "2026-03-01", to: "2026-03-31", now: afterMonth });
    const byUser = groupByUser(events);
    const direct = people.flatMap((p) => evaluatePersonDays(p, byUser.get(p.id) ?? [], cal, { from: "2026-03-01", to: "2026-03-31", now: afterMonth }));
    expect(all).toEqual(direct);
  });

  it("dashboardToday uses the organisation's today at now", () => {
    // 23:30 UTC on Tuesday 31 March is already Wednesday 1 April in London (BST); nobody is in yet at 08:00.
    const events = [ev(CAROL, "in", "2026-04-01T07:58:00+01:00")];
    const d = dashboardToday({ calendar: cal, people, events, now: new Date("2026-04-01T08:00:00+01:00") });
    expect(d.date).toBe("2026-04-01");
    expect(d.inNow.map((e) => e.name)).toEqual(["Carol Chen"]);
    expect(d.notYetIn.map((e) => e.userId).sort()).toEqual([people[0]!.id, BOB].sort());
    expect(cal.today(new Date("2026-03-31T23:30:00Z"))).toBe("2026-04-01");
  });

  it("attendanceChart covers the 30 days ending today, from the same rules", () => {
    const now = new Date("2026-03-31T20:00:00+01:00");
    const range = seriesRange(cal, now);
    expect(range.from).toBe("2026-03-02");
    expect(range.to).toBe("2026-03-31");
    expect(range.bounds.from.toISOString()).toBe("2026-03-02T00:00:00.000Z");
    expect(range.bounds.to.toISOString()).toBe("2026-03-31T23:00:00.000Z");
    const series = attendanceChart({ calendar: cal, people, events: monthEvents(), now });
    expect(series).toHaveLength(30);
    expect(series[0]).toEqual({ date: "2026-03-02", expected: 2, attended: 1, late: 1, attendanceRate: 0.5, latenessRate: 1 });
    expect(series.at(-1)!.date).toBe("2026-03-31");
  });
});
