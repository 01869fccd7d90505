// The demo history plan: deterministic for a day, and it shows what the demo promises.
import { describe, expect, it } from "vitest";
import { isoWeekday } from "@/lib/attendance/local-time";
import { DEMO_OWNER, DEMO_STAFF, planDemoHistory, seededRandom } from "@/lib/demo/history";

// Friday 4 December 2026, 10:30 local.
const TODAY = "2026-12-04";
const plan = planDemoHistory(TODAY, 10 * 60 + 30);

describe("planDemoHistory", () => {
  it("is the same plan for the same day and time, and another for another day", () => {
    expect(planDemoHistory(TODAY, 630)).toEqual(plan);
    expect(planDemoHistory("2026-12-07", 630).events).not.toEqual(plan.events);
    const r = seededRandom(1);
    const s = seededRandom(1);
    expect([r(), r(), r()]).toEqual([s(), s(), s()]);
  });

  it("covers 30 days on weekdays only, never after now, never on the holiday or approved leave", () => {
    expect(plan.from).toBe("2026-11-04");
    expect(plan.approvedWeek).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    expect(plan.holiday).toEqual({ date: "2026-11-11", name: "Founders' Day" });
    for (const e of plan.events) {
      expect(e.date >= plan.from && e.date <= TODAY).toBe(true);
      expect(isoWeekday(e.date)).toBeLessThanOrEqual(5);
      expect(e.date).not.toBe(plan.holiday.date);
      if (e.date === TODAY) expect(e.minutes).toBeLessThanOrEqual(630);
    }
    for (const l of plan.leave.filter((x) => x.status === "approved"))
      expect(plan.events.filter((e) => e.person === l.person && e.date >= l.from && e.date <= l.to)).toEqual([]);
    // Today at 10:30: the Early shift and most of the default shift are in, the Late shift not yet.
    const todays = plan.events.filter((e) => e.date === TODAY && e.decision === "accepted");
    expect(todays.filter((e) => e.person === "hiro" || e.person === "mateo")).toEqual([]);
    expect(todays.filter((e) => e.kind === "in").length).toBeGreaterThanOrEqual(6);
  });

  it("has late arrivals, overtime, missing check-outs, flagged attempts, leave of every status and a pending correction", () => {
    const ins = plan.events.filter((e) => e.kind === "in" && e.decision === "accepted");
    const lateIns = ins.filter((e) => {
      const start = { Early: 360, Late: 840, default: 540 }[[...DEMO_STAFF, DEMO_OWNER].find((p) => p.key === e.person)!.shift];
      return e.minutes > start + 5;
    });
    expect(lateIns.length).toBeGreaterThanOrEqual(5);
    expect(plan.events.filter((e) => e.decision === "flagged")).toHaveLength(3);
    expect(plan.events.filter((e) => e.decision === "rejected" && e.person === null)).toHaveLength(2);
    expect(new Set(plan.leave.map((l) => l.status))).toEqual(new Set(["approved", "pending", "refused"]));
    expect(plan.correctionRequests).toHaveLength(1);
    const ask = plan.correctionRequests[0]!;
    // The day it is about has a check-in and no check-out.
    const day = plan.events.filter((e) => e.person === ask.person && e.date === ask.date && e.decision === "accepted");
    expect(day.map((e) => e.kind)).toContain("in");
    expect(day.map((e) => e.kind)).not.toContain("out");
    expect(ask.date < plan.approvedWeek.from || ask.date > plan.approvedWeek.to).toBe(true);
  });
});
