// Pay periods, locks and correction requests: pure rules, hand-computed expectations.
import { describe, expect, it } from "vitest";
import {
  approvalState,
  correctionAskIssues,
  correctionSteps,
  isPayPeriod,
  lockOn,
  lockOverlapping,
  payPeriodOf,
  periodLabel,
  shiftPeriod,
  type PeriodApproval,
} from "@/lib/attendance/approval";

describe("payPeriodOf", () => {
  it("weeks run Monday to Sunday, across month and year ends", () => {
    // 2026-12-04 is a Friday; 2027-01-01 is a Friday too.
    expect(payPeriodOf("2026-12-04", "week")).toEqual({ kind: "week", from: "2026-11-30", to: "2026-12-06" });
    expect(payPeriodOf("2026-11-30", "week")).toEqual({ kind: "week", from: "2026-11-30", to: "2026-12-06" });
    expect(payPeriodOf("2026-12-06", "week")).toEqual({ kind: "week", from: "2026-11-30", to: "2026-12-06" });
    expect(payPeriodOf("2027-01-01", "week")).toEqual({ kind: "week", from: "2026-12-28", to: "2027-01-03" });
  });

  it("months end on their last day, February of a leap year included", () => {
    expect(payPeriodOf("2026-12-04", "month")).toEqual({ kind: "month", from: "2026-12-01", to: "2026-12-31" });
    expect(payPeriodOf("2028-02-10", "month")).toEqual({ kind: "month", from: "2028-02-01", to: "2028-02-29" });
    expect(payPeriodOf("2026-02-28", "month").to).toBe("2026-02-28");
    // Europe/London's clocks go back on 2026-10-25: a local-date period does not care.
    expect(payPeriodOf("2026-10-25", "month")).toEqual({ kind: "month", from: "2026-10-01", to: "2026-10-31" });
  });

  it("shifts by whole periods and recognises exact periods", () => {
    expect(shiftPeriod(payPeriodOf("2026-12-04", "week"), -1)).toEqual({ kind: "week", from: "2026-11-23", to: "2026-11-29" });
    expect(shiftPeriod(payPeriodOf("2026-01-15", "month"), -1)).toEqual({ kind: "month", from: "2025-12-01", to: "2025-12-31" });
    expect(shiftPeriod(payPeriodOf("2026-12-15", "month"), 1)).toEqual({ kind: "month", from: "2027-01-01", to: "2027-01-31" });
    expect(isPayPeriod("2026-11-30", "2026-12-06", "week")).toBe(true);
    expect(isPayPeriod("2026-12-01", "2026-12-07", "week")).toBe(false);
    expect(isPayPeriod("2026-11-01", "2026-11-30", "month")).toBe(true);
    expect(isPayPeriod("2026-11-01", "2026-11-29", "month")).toBe(false);
  });

  it("labels", () => {
    expect(periodLabel({ kind: "month", from: "2026-11-01" }, "en-GB")).toBe("November 2026");
    expect(periodLabel({ kind: "week", from: "2026-11-30" }, "en-GB")).toBe("Week of 30 Nov 2026");
    expect(periodLabel({ kind: "week", from: "2026-11-30" }, "en-US")).toBe("Week of Nov 30, 2026");
  });
});

describe("locks", () => {
  const A = "a";
  const B = "b";
  const at = new Date("2026-12-01T10:00:00Z");
  const approvals: PeriodApproval[] = [
    { userId: A, from: "2026-11-01", to: "2026-11-30", approvedAt: at, unlockedAt: null },
    // October was approved, then unlocked for a late correction: no longer locked.
    { userId: A, from: "2026-10-01", to: "2026-10-31", approvedAt: at, unlockedAt: new Date("2026-12-02T09:00:00Z") },
    { userId: B, from: "2026-11-23", to: "2026-11-29", approvedAt: at, unlockedAt: null },
  ];

  it("a date is locked by the person's own active approval only", () => {
    expect(lockOn(approvals, A, "2026-11-01")?.from).toBe("2026-11-01");
    expect(lockOn(approvals, A, "2026-11-30")?.to).toBe("2026-11-30");
    expect(lockOn(approvals, A, "2026-12-01")).toBeNull();
    expect(lockOn(approvals, A, "2026-10-15")).toBeNull(); // unlocked
    expect(lockOn(approvals, B, "2026-11-22")).toBeNull(); // another person's approval
    expect(lockOn(approvals, B, "2026-11-23")?.userId).toBe(B);
  });

  it("a range touching a locked day is locked (leave across an approved period)", () => {
    expect(lockOverlapping(approvals, A, "2026-11-28", "2026-12-03")?.to).toBe("2026-11-30");
    expect(lockOverlapping(approvals, A, "2026-12-01", "2026-12-03")).toBeNull();
    expect(lockOverlapping(approvals, B, "2026-11-29", "2026-11-29")?.userId).toBe(B);
  });

  it("approval state over an export's range: all, some or no days locked", () => {
    expect(approvalState(approvals, A, "2026-11-01", "2026-11-30")).toBe("approved");
    expect(approvalState(approvals, A, "2026-11-16", "2026-12-15")).toBe("partly approved");
    expect(approvalState(approvals, A, "2026-10-01", "2026-10-31")).toBe("not approved");
    expect(approvalState(approvals, B, "2026-11-01", "2026-11-30")).toBe("partly approved");
  });
});

describe("correction requests", () => {
  it("need a time, and a check-out after the check-in", () => {
    expect(correctionAskIssues({ date: "2026-12-03", checkIn: null, checkOut: null })).toEqual({ checkIn: ["Give the check-in time, the check-out time, or both"] });
    expect(correctionAskIssues({ date: "2026-12-03", checkIn: 540, checkOut: 540 })).toEqual({ checkOut: ["The check-out must be after the check-in"] });
    expect(correctionAskIssues({ date: "2026-12-03", checkIn: 540, checkOut: 510 })?.checkOut).toHaveLength(1);
    expect(correctionAskIssues({ date: "2026-12-03", checkIn: 540, checkOut: 1050 })).toBeNull();
    expect(correctionAskIssues({ date: "2026-12-03", checkIn: null, checkOut: 1050 })).toBeNull();
  });

  it("a missing check-out is added; the first check-in is moved; the same time is left alone", () => {
    const day = [
      { id: "in1", kind: "in" as const, minutes: 552 }, // 09:12
      { id: "bs", kind: "break-start" as const, minutes: 750 },
      { id: "be", kind: "break-end" as const, minutes: 780 },
    ];
    expect(correctionSteps({ date: "2026-12-03", checkIn: 540, checkOut: 1050 }, day)).toEqual([
      { op: "edit", eventId: "in1", kind: "in", minutes: 540 },
      { op: "add", kind: "out", minutes: 1050 },
    ]);
    expect(correctionSteps({ date: "2026-12-03", checkIn: 552, checkOut: null }, day)).toEqual([]);
  });

  it("with several pairs, the first check-in and the last check-out are the ones that move", () => {
    const day = [
      { id: "out2", kind: "out" as const, minutes: 1000 },
      { id: "in1", kind: "in" as const, minutes: 540 },
      { id: "out1", kind: "out" as const, minutes: 720 },
      { id: "in2", kind: "in" as const, minutes: 780 },
    ];
    expect(correctionSteps({ date: "2026-12-03", checkIn: 530, checkOut: 1020 }, day)).toEqual([
      { op: "edit", eventId: "in1", kind: "in", minutes: 530 },
      { op: "edit", eventId: "out2", kind: "out", minutes: 1020 },
    ]);
    expect(correctionSteps({ date: "2026-12-03", checkIn: 545, checkOut: null }, [])).toEqual([{ op: "add", kind: "in", minutes: 545 }]);
  });
});
