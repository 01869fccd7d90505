// Who gets which e-mail: missed check-out reminders after the shift's end, leave decisions to the employee, the
// admins' daily digest; opt-outs and "sent once". Every expectation is worked out by hand in the comments.
import { describe, expect, it } from "vitest";
import type { DayRecord } from "@/lib/attendance/day";
import {
  buildDigest,
  digestDate,
  digestMails,
  leaveDecisionMails,
  missedCheckoutReminders,
  notificationRules,
  sentKey,
  type LeaveDecision,
  type Recipient,
  type ReminderDay,
} from "@/lib/notifications/rules";

const LONDON = "Europe/London";
const person = (id: string, name: string, o: Partial<Recipient> = {}): Recipient => ({
  id,
  name,
  email: `${name.toLowerCase()}@example.test`,
  role: "employee",
  status: "active",
  emailReminders: true,
  ...o,
});
const people = (...ps: Recipient[]) => new Map(ps.map((p) => [p.id, p]));

function record(userId: string, o: Partial<DayRecord> = {}): DayRecord {
  return {
    userId,
    date: "2026-03-02",
    isWorkDay: true,
    shiftName: null,
    status: "present",
    firstIn: null,
    lastOut: null,
    state: "out",
    workedMinutes: null,
    regularMinutes: null,
    overtimeMinutes: 0,
    breakMinutes: 0,
    unpaidBreakMinutes: 0,
    dayOff: null,
    leaveDays: 0,
    lateMinutes: 0,
    earlyLeaveMinutes: 0,
    flags: [],
    ...o,
  };
}

describe("missed check-out reminders", () => {
  // Monday 2 March 2026, London is on GMT: the shift ends at 17:00Z; the reminder is due from 17:30Z.
  const shiftEnd = Date.parse("2026-03-02T17:00:00Z");
  const ann = person("u-ann", "Ann");
  const ben = person("u-ben", "Ben");
  const day = (userId: string, state: DayRecord["state"], since = "2026-03-02T08:58:00Z"): ReminderDay => ({
    record: { userId, date: "2026-03-02", state },
    shiftEnd,
    firstIn: new Date(since),
  });

  it("reminds someone still in 30 minutes after their shift ended, not before", () => {
    expect(notificationRules.missedCheckoutGraceMinutes).toBe(30);
    expect(missedCheckoutReminders([day("u-ann", "in")], people(ann), new Set(), Date.parse("2026-03-02T17:29:59Z"), LONDON)).toEqual([]);
    const [mail, ...rest] = missedCheckoutReminders([day("u-ann", "in")], people(ann), new Set(), Date.parse("2026-03-02T17:30:00Z"), LONDON);
    expect(rest).toEqual([]);
    expect(mail).toMatchObject({ userId: "u-ann", to: "ann@example.test", kind: "missed-checkout", key: "2026-03-02", subject: "Did you forget to check out?" });
    expect(mail!.text).toContain("Your shift ended at 17:00, and you are still checked in. You checked in at 08:58.");
  });

  it("speaks of a break when the person is on one; says nothing to someone who checked out", () => {
    const mails = missedCheckoutReminders([day("u-ann", "break", "2026-03-02T07:10:00Z"), day("u-ben", "out")], people(ann, ben), new Set(), Date.parse("2026-03-02T18:00:00Z"), LONDON);
    expect(mails.map((m) => m.userId)).toEqual(["u-ann"]);
    expect(mails[0]!.text).toContain("you are still on a break. You checked in at 07:10.");
  });

  it("sends once per work day, and never to someone who turned reminders off or left", () => {
    const now = Date.parse("2026-03-02T20:00:00Z");
    const sent = new Set([sentKey("u-ann", "missed-checkout", "2026-03-02")]);
    expect(missedCheckoutReminders([day("u-ann", "in")], people(ann), sent, now, LONDON)).toEqual([]);
    const off = person("u-ann", "Ann", { emailReminders: false });
    expect(missedCheckoutReminders([day("u-ann", "in")], people(off), new Set(), now, LONDON)).toEqual([]);
    const gone = person("u-ann", "Ann", { status: "deactivated" });
    expect(missedCheckoutReminders([day("u-ann", "in")], people(gone), new Set(), now, LONDON)).toEqual([]);
  });

  it("uses the local time of the organisation (London in summer: 16:00Z is 17:00 BST)", () => {
    const bst: ReminderDay = { record: { userId: "u-ann", date: "2026-07-06", state: "in" }, shiftEnd: Date.parse("2026-07-06T16:00:00Z"), firstIn: new Date("2026-07-06T08:02:00Z") };
    const [mail] = missedCheckoutReminders([bst], people(ann), new Set(), Date.parse("2026-07-06T16:30:00Z"), LONDON);
    expect(mail!.text).toContain("Your shift ended at 17:00, and you are still checked in. You checked in at 09:02.");
  });
});

describe("leave decisions", () => {
  const ann = person("u-ann", "Ann");
  const now = Date.parse("2026-03-10T12:00:00Z");
  const leave = (o: Partial<LeaveDecision>): LeaveDecision => ({
    id: "l-1",
    userId: "u-ann",
    status: "approved",
    typeName: "Holiday",
    from: "2026-03-16",
    to: "2026-03-18",
    half: null,
    decisionReason: null,
    decidedBy: "u-admin",
    decidedAt: new Date("2026-03-10T09:00:00Z"),
    ...o,
  });

  it("tells the employee an approval or a refusal with its reason, once per request", () => {
    const [approved] = leaveDecisionMails([leave({})], people(ann), new Set(), now);
    expect(approved).toMatchObject({ userId: "u-ann", kind: "leave-decision", key: "l-1", subject: "Your leave was approved: Holiday, 2026-03-16 to 2026-03-18" });
    const [refused] = leaveDecisionMails([leave({ id: "l-2", status: "refused", from: "2026-03-20", to: "2026-03-20", half: "pm", decisionReason: "Stocktake that day" })], people(ann), new Set(), now);
    expect(refused!.subject).toBe("Your leave was refused: Holiday, 2026-03-20 (afternoon)");
    expect(refused!.text).toContain("Reason: Stocktake that day");
    expect(leaveDecisionMails([leave({})], people(ann), new Set([sentKey("u-ann", "leave-decision", "l-1")]), now)).toEqual([]);
  });

  it("leaves out pending requests, decisions older than 7 days, one's own, and people who turned e-mails off", () => {
    // 10 March 12:00 − 7 days = 3 March 12:00: a decision at 11:59 that day is too old.
    const old = leave({ decidedAt: new Date("2026-03-03T11:59:00Z") });
    const own = leave({ decidedBy: "u-ann" });
    const pending = leave({ status: "pending", decidedAt: null, decidedBy: null });
    expect(leaveDecisionMails([old, own, pending], people(ann), new Set(), now)).toEqual([]);
    expect(leaveDecisionMails([leave({})], people(person("u-ann", "Ann", { emailReminders: false })), new Set(), now)).toEqual([]);
    // Exactly 7 days old still goes.
    expect(leaveDecisionMails([leave({ decidedAt: new Date("2026-03-03T12:00:00Z") })], people(ann), new Set(), now)).toHaveLength(1);
  });
});

describe("the admins' daily digest", () => {
  it("covers yesterday, from 07:00 local (Santiago is UTC−3 in March)", () => {
    // 09:59Z is 06:59 in Santiago: too early; 10:00Z is 07:00: the digest of 9 March.
    expect(digestDate(Date.parse("2026-03-10T09:59:00Z"), "America/Santiago")).toBeNull();
    expect(digestDate(Date.parse("2026-03-10T10:00:00Z"), "America/Santiago")).toBe("2026-03-09");
    // 02:00Z on the 10th is 23:00 on the 9th in Santiago (after 07:00): the digest of the 8th.
    expect(digestDate(Date.parse("2026-03-10T02:00:00Z"), "America/Santiago")).toBe("2026-03-08");
  });

  it("lists late, absent and flagged people and the requests waiting for a decision, by name", () => {
    const names = new Map([
      ["u-ann", "Ann"],
      ["u-ben", "Ben"],
      ["u-cat", "Cat"],
      ["u-dan", "Dan"],
    ]);
    const records = [
      record("u-ben", { status: "late", lateMinutes: 12, flags: ["missing-out"] }),
      record("u-ann", { status: "late", lateMinutes: 4 }),
      record("u-cat", { status: "absent" }),
      record("u-dan", { status: "present", flags: ["corrected", "pending-review"] }),
      record("u-dan", { date: "2026-03-01", status: "absent" }), // another day: not in this digest
    ];
    const d = buildDigest("2026-03-02", records, names, [{ kind: "leave" }, { kind: "leave" }, { kind: "correction" }]);
    expect(d).toEqual({
      date: "2026-03-02",
      late: [
        { name: "Ann", minutes: 4 },
        { name: "Ben", minutes: 12 },
      ],
      absent: ["Cat"],
      flagged: [
        { name: "Ben", flags: ["no check-out"] },
        { name: "Dan", flags: ["attempt to review"] },
      ],
      pending: { leave: 2, correction: 1 },
    });
    const admin = person("u-boss", "Boss", { role: "admin" });
    const owner = person("u-own", "Olive", { role: "owner" });
    const quiet = person("u-q", "Quinn", { role: "admin", emailReminders: false });
    const mails = digestMails(d, people(admin, owner, quiet, person("u-ann", "Ann")), new Set([sentKey("u-own", "daily-digest", "2026-03-02")]));
    expect(mails.map((m) => m.userId)).toEqual(["u-boss"]);
    expect(mails[0]!.subject).toBe("Attendance digest for 2026-03-02: 2 late, 1 absent, 2 to check");
    expect(mails[0]!.text).toContain("Late: Ann (4 min), Ben (12 min)\nAbsent: Cat\nNeeds a look: Ben (no check-out), Dan (attempt to review)\nRequests waiting for a decision: 2 leave requests, 1 correction request");
  });

  it("says so when nothing happened", () => {
    const d = buildDigest("2026-03-02", [], new Map(), []);
    const [mail] = digestMails(d, people(person("u-boss", "Boss", { role: "admin" })), new Set());
    expect(mail!.text).toContain("Late: nobody\nAbsent: nobody\nNeeds a look: nothing\nRequests waiting for a decision: 0 leave requests, 0 correction requests");
  });
});
