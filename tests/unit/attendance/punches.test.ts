// Punches and breaks: several in/out pairs a day, unpaid and paid breaks, a missing check-out never invented,
// an overnight shift with a break across both DST changes. Every expectation is computed by hand in a comment.
import { describe, expect, it } from "vitest";
import { evaluatePersonDays, type DayRecord } from "@/lib/attendance/day";
import type { EventInput } from "@/lib/attendance/events";
import { allowedPunches, decidePunch, punchProblem, punchStateOf, punchStatusText, punchTimeline, transition, type PunchKind } from "@/lib/attendance/punches";
import { WorkCalendar, type AttendanceRules } from "@/lib/attendance/rules";
import { summarisePerson } from "@/lib/attendance/summary";
import { ALICE, dayRules } from "./month-fixture";

let seq = 0;
function punch(kind: PunchKind, at: string, extra: Partial<EventInput> = {}): EventInput & { kind: PunchKind } {
  seq++;
  return { id: `p-${String(seq).padStart(4, "0")}`, userId: ALICE, at: new Date(at), decision: "accepted", source: "face", supersedesId: null, voidedAt: null, reviewedAt: null, ...extra, kind };
}
const alice = { id: ALICE, name: "Alice" };
const later = new Date("2026-12-01T00:00:00Z");

function day(rules: AttendanceRules, date: string, events: EventInput[], now: Date = later): DayRecord {
  const [d] = evaluatePersonDays(alice, events, new WorkCalendar(rules), { from: date, to: date, now });
  if (!d) throw new Error("no record");
  return d;
}

describe("the punch state machine", () => {
  it("moves out → in → break → in → out; a punch that changes nothing is null", () => {
    expect(transition("out", "in")).toBe("in");
    expect(transition("in", "break-start")).toBe("break");
    expect(transition("break", "break-end")).toBe("in");
    expect(transition("in", "out")).toBe("out");
    expect(transition("break", "out")).toBe("out");
    expect(transition("break", "in")).toBe("in");
    for (const [s, k] of [["in", "in"], ["out", "out"], ["out", "break-start"], ["out", "break-end"], ["in", "break-end"], ["break", "break-start"]] as const)
      expect(transition(s, k), `${s} + ${k}`).toBeNull();
  });

  it("offers only the punches that change something", () => {
    expect(allowedPunches("out")).toEqual(["in"]);
    expect(allowedPunches("in")).toEqual(["break-start", "out"]);
    expect(allowedPunches("break")).toEqual(["break-end", "out"]);
  });

  it("knows where a person stands and since when (what the check-in screen shows)", () => {
    const e = [punch("in", "2026-03-02T08:58:00Z"), punch("break-start", "2026-03-02T12:30:00Z")];
    expect(punchStateOf(e)).toEqual({ state: "break", since: new Date("2026-03-02T12:30:00Z") });
    expect(punchStateOf(e.slice(0, 1))).toEqual({ state: "in", since: new Date("2026-03-02T08:58:00Z") });
    expect(punchStateOf([...e, punch("out", "2026-03-02T13:30:00Z")])).toEqual({ state: "out", since: new Date("2026-03-02T13:30:00Z") });
    expect(punchStateOf([])).toEqual({ state: "out", since: null });
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    expect(punchStatusText(punchStateOf(e), hhmm)).toBe("On break since 12:30");
    expect(punchStatusText(punchStateOf(e.slice(0, 1)), hhmm)).toBe("In since 08:58");
    expect(punchStatusText(punchStateOf([...e, punch("out", "2026-03-02T13:30:00Z")]), hhmm)).toBe("Checked out at 13:30");
    expect(punchStatusText(punchStateOf([]), hhmm)).toBe("Not checked in yet");
  });

  it("lists intervals; an open one has no end", () => {
    const t = punchTimeline([punch("in", "2026-03-02T09:00:00Z"), punch("break-start", "2026-03-02T12:00:00Z"), punch("break-end", "2026-03-02T12:45:00Z")]);
    expect(t.intervals.map((i) => [i.kind, i.start.toISOString().slice(11, 16), i.end?.toISOString().slice(11, 16) ?? null])).toEqual([
      ["work", "09:00", "12:00"],
      ["break", "12:00", "12:45"],
      ["work", "12:45", null],
    ]);
    expect(t.workMs).toBe(3 * 3_600_000);
    expect(t.breakMs).toBe(45 * 60_000);
  });
});

describe("a chosen punch, checked against where the person stands", () => {
  const hhmm = (d: Date) => d.toISOString().slice(11, 16);
  const inAt858 = punch("in", "2026-03-02T08:58:00Z");
  const breakAt1230 = punch("break-start", "2026-03-02T12:30:00Z");
  const outAt1702 = punch("out", "2026-03-02T17:02:00Z");

  it("accepts exactly the valid next punches", () => {
    const states = [punchStateOf([]), punchStateOf([inAt858]), punchStateOf([inAt858, breakAt1230])];
    // out: only "in"; in: break-start, out; break: break-end, out — 1 + 2 + 2 = 5 valid of 12 pairs.
    const valid = states.flatMap((s) => (["in", "break-start", "break-end", "out"] as const).filter((k) => punchProblem(s, k, hhmm) === null).map((k) => `${s.state}:${k}`));
    expect(valid).toEqual(["out:in", "in:break-start", "in:out", "break:break-end", "break:out"]);
  });

  it("says why an invalid choice cannot be recorded", () => {
    const out = punchStateOf([]);
    const inn = punchStateOf([inAt858]);
    const onBreak = punchStateOf([inAt858, breakAt1230]);
    const left = punchStateOf([inAt858, outAt1702]);
    expect(punchProblem(inn, "break-end", hhmm)).toBe("You are not on a break, so there is no break to end.");
    expect(punchProblem(out, "break-end", hhmm)).toBe("You are not on a break, so there is no break to end.");
    expect(punchProblem(inn, "in", hhmm)).toBe("You are already checked in (since 08:58).");
    expect(punchProblem(onBreak, "in", hhmm)).toBe("You are on a break: end the break instead of checking in again.");
    expect(punchProblem(onBreak, "break-start", hhmm)).toBe("You are already on a break (since 12:30).");
    expect(punchProblem(out, "break-start", hhmm)).toBe("You are not checked in, so you cannot start a break.");
    expect(punchProblem(out, "out", hhmm)).toBe("You are not checked in, so you cannot check out.");
    expect(punchProblem(left, "out", hhmm)).toBe("You already checked out at 17:02.");
  });

  it("records a valid punch, answers the same punch within the dedupe window as unchanged, refuses the rest", () => {
    const dedupe = 5;
    expect(decidePunch([], "in", new Date("2026-03-02T08:58:00Z"), dedupe, hhmm)).toEqual({ outcome: "record", kind: "in" });
    // 08:58 + 4 min 59 s is inside the 5-minute window: the same check-in again.
    expect(decidePunch([inAt858], "in", new Date("2026-03-02T09:02:59Z"), dedupe, hhmm)).toEqual({ outcome: "unchanged", previous: inAt858 });
    // 08:58 + 5 min is outside it: checking in while in is refused.
    expect(decidePunch([inAt858], "in", new Date("2026-03-02T09:03:00Z"), dedupe, hhmm)).toEqual({ outcome: "invalid", message: "You are already checked in (since 08:58)." });
    // A different, valid punch right after is recorded (a break can start a minute after checking in).
    expect(decidePunch([inAt858], "break-start", new Date("2026-03-02T08:59:00Z"), dedupe, hhmm)).toEqual({ outcome: "record", kind: "break-start" });
    expect(decidePunch([inAt858], "break-end", new Date("2026-03-02T10:00:00Z"), dedupe, hhmm)).toMatchObject({ outcome: "invalid" });
    expect(decidePunch([inAt858, breakAt1230], "break-end", new Date("2026-03-02T13:00:00Z"), dedupe, hhmm)).toEqual({ outcome: "record", kind: "break-end" });
    expect(decidePunch([inAt858, outAt1702], "out", new Date("2026-03-02T17:03:00Z"), dedupe, hhmm)).toEqual({ outcome: "unchanged", previous: outAt1702 });
    // A second stretch of work on the same day after checking out.
    expect(decidePunch([inAt858, outAt1702], "in", new Date("2026-03-02T18:00:00Z"), dedupe, hhmm)).toEqual({ outcome: "record", kind: "in" });
  });
});

describe("a day of several punches (London, 09:00–17:00, grace 5, GMT in early March)", () => {
  const D = "2026-03-02";
  const events = [
    punch("in", `${D}T08:58:00Z`),
    punch("break-start", `${D}T10:30:00Z`),
    punch("break-end", `${D}T10:45:30Z`),
    punch("out", `${D}T12:30:00Z`), // lunch away, checked out
    punch("in", `${D}T13:15:00Z`),
    punch("break-start", `${D}T15:00:00Z`),
    punch("break-end", `${D}T15:10:00Z`),
    punch("out", `${D}T17:20:00Z`),
  ];

  it("unpaid breaks: worked = sum of work stretches", () => {
    // Work: 08:58–10:30 = 92 min; 10:45:30–12:30 = 104.5 min; 13:15–15:00 = 105; 15:10–17:20 = 130.
    // Total 431.5 → 431 whole minutes. Breaks: 15.5 + 10 = 25.5 → 25 min, all unpaid (the lunch check-out is not a break).
    const d = day(dayRules, D, events);
    expect(d).toMatchObject({ status: "present", workedMinutes: 431, breakMinutes: 25, unpaidBreakMinutes: 25, lateMinutes: 0, earlyLeaveMinutes: 0, state: "out" });
    expect(d.firstIn?.toISOString()).toBe(`${D}T08:58:00.000Z`);
    expect(d.lastOut?.toISOString()).toBe(`${D}T17:20:00.000Z`);
    expect(d.flags).toEqual([]);
  });

  it("paid breaks: breaks count as work", () => {
    // 431.5 + 25.5 = 457 minutes; nothing unpaid.
    const d = day({ ...dayRules, paidBreaks: true }, D, events);
    expect(d).toMatchObject({ workedMinutes: 457, breakMinutes: 25, unpaidBreakMinutes: 0 });
  });

  it("a missing check-out after a second check-in: the morning counts, the afternoon is flagged, never invented", () => {
    // Work 08:58–10:30 (92) + 10:45:30–12:30 (104.5) = 196.5 → 196.
    const d = day(dayRules, D, events.slice(0, 5));
    expect(d).toMatchObject({ status: "present", workedMinutes: 196, breakMinutes: 15, state: "in", earlyLeaveMinutes: 0 });
    expect(d.lastOut?.toISOString()).toBe(`${D}T12:30:00.000Z`);
    expect(d.flags).toContain("missing-out");
  });

  it("while the day is open: on shift, or on break", () => {
    expect(day(dayRules, D, events.slice(0, 2), new Date(`${D}T10:40:00Z`)).flags).toEqual(["on-break"]);
    expect(day(dayRules, D, events.slice(0, 3), new Date(`${D}T11:00:00Z`)).flags).toEqual(["on-shift"]);
  });

  it("the day ends on a break: missing check-out; the break never closed counts nothing", () => {
    // Work 08:58–10:30 = 92; the break from 10:30 stays open.
    const d = day(dayRules, D, events.slice(0, 2));
    expect(d).toMatchObject({ workedMinutes: 92, breakMinutes: 0, state: "break" });
    expect(d.flags).toContain("missing-out");
  });

  it("checking out on a break ends both; a second check-out changes nothing and flags a missing check-in", () => {
    // 09:00–12:00 work (180), 12:00–12:40 break (40, unpaid), out 12:40; the 17:00 out has no check-in.
    const d = day(dayRules, D, [punch("in", `${D}T09:00:00Z`), punch("break-start", `${D}T12:00:00Z`), punch("out", `${D}T12:40:00Z`), punch("out", `${D}T17:00:00Z`)]);
    expect(d).toMatchObject({ workedMinutes: 180, breakMinutes: 40, unpaidBreakMinutes: 40, earlyLeaveMinutes: 260 });
    expect(d.lastOut?.toISOString()).toBe(`${D}T12:40:00.000Z`);
    expect(d.flags).toEqual(["missing-in", "early-leave"]);
  });

  it("sums over days", () => {
    const tue = "2026-03-03";
    const days = evaluatePersonDays(alice, [...events, punch("in", `${tue}T09:00:00Z`), punch("break-start", `${tue}T13:00:00Z`), punch("break-end", `${tue}T13:30:00Z`), punch("out", `${tue}T17:30:00Z`)], new WorkCalendar(dayRules), { from: D, to: tue, now: later });
    // Mon 431 + Tue (240 + 240) = 911 worked; breaks 25 + 30 = 55.
    expect(summarisePerson(alice, days)).toMatchObject({ workedMinutes: 911, breakMinutes: 55, unpaidBreakMinutes: 55, daysPresent: 2 });
  });
});

describe("an overnight shift with a break across DST (London, 22:00 → 06:00 every night)", () => {
  const night: AttendanceRules = { timezone: "Europe/London", workDays: [1, 2, 3, 4, 5, 6, 7], shiftStart: "22:00", shiftEnd: "06:00", overnight: true, graceMinutes: 10 };

  it("spring forward: 22:00 GMT → 06:00 BST with a 02:30–03:00 BST break is 7 h − 30 min = 390 min", () => {
    // Sat 28 March 22:00Z in; the clocks jump 01:00 GMT → 02:00 BST; break 02:30–03:00 BST (01:30Z–02:00Z);
    // out 06:00 BST = 05:00Z. Presence 22:00Z → 05:00Z = 420 min, less the 30-min unpaid break = 390.
    const d = day(night, "2026-03-28", [
      punch("in", "2026-03-28T22:00:00Z"),
      punch("break-start", "2026-03-29T02:30:00+01:00"),
      punch("break-end", "2026-03-29T03:00:00+01:00"),
      punch("out", "2026-03-29T06:00:00+01:00"),
    ]);
    expect(d).toMatchObject({ date: "2026-03-28", status: "present", workedMinutes: 390, breakMinutes: 30, unpaidBreakMinutes: 30, earlyLeaveMinutes: 0 });
  });

  it("fall back: 22:00 BST → 06:00 GMT with a break over the repeated hour is 9 h − 45 min = 495 min", () => {
    // Sat 24 October 22:00 BST = 21:00Z; break 01:30 BST (00:30Z) → 01:15 GMT (01:15Z): 45 real minutes though the
    // wall clock went back; out 06:00 GMT = 06:00Z. Presence 9 h = 540, less 45 = 495.
    const d = day(night, "2026-10-24", [
      punch("in", "2026-10-24T22:00:00+01:00"),
      punch("break-start", "2026-10-25T01:30:00+01:00"),
      punch("break-end", "2026-10-25T01:15:00Z"),
      punch("out", "2026-10-25T06:00:00Z"),
    ]);
    expect(d).toMatchObject({ date: "2026-10-24", workedMinutes: 495, breakMinutes: 45, earlyLeaveMinutes: 0 });
  });
});

describe("Santiago (clocks change at midnight): a day of punches on the day without a midnight", () => {
  it("counts real time: 08:00–12:00 and 12:30–18:00 on 6 September 2026 is 570 min", () => {
    const rules: AttendanceRules = { ...dayRules, timezone: "America/Santiago", workDays: [1, 2, 3, 4, 5, 6, 7], shiftStart: "08:00", shiftEnd: "18:00" };
    // -03 all day (the jump to -03 happened at 00:00 -04 → 01:00 -03): 4 h + 5.5 h = 570 min, 30 min unpaid break.
    const d = day(rules, "2026-09-06", [
      punch("in", "2026-09-06T08:00:00-03:00"),
      punch("break-start", "2026-09-06T12:00:00-03:00"),
      punch("break-end", "2026-09-06T12:30:00-03:00"),
      punch("out", "2026-09-06T18:00:00-03:00"),
    ]);
    expect(d).toMatchObject({ workedMinutes: 570, breakMinutes: 30, lateMinutes: 0, earlyLeaveMinutes: 0 });
  });
});
