import { describe, expect, it } from "vitest";
import { decideIdentification, decideVerification, enrolmentCollision } from "@/lib/checkin/decision";

const t = { threshold: 0.335, margin: 0.05, guard: 0.5 };

describe("1:1 verification with a 1:N margin", () => {
  it("accepts a score at the threshold with enough lead", () => {
    expect(decideVerification({ self: 0.335, other: 0.2 }, t)).toMatchObject({ accepted: true, score: 0.335 });
    expect(decideVerification({ self: 0.6, other: null }, t)).toEqual({ accepted: true, score: 0.6, margin: null });
  });
  it("names why it refuses", () => {
    expect(decideVerification({ self: null, other: 0.9 }, t)).toMatchObject({ accepted: false, reason: "not-enrolled" });
    expect(decideVerification({ self: 0.334, other: 0 }, t)).toMatchObject({ accepted: false, reason: "no-match" });
    const amb = decideVerification({ self: 0.6, other: 0.56 }, t);
    expect(amb).toMatchObject({ accepted: false, reason: "ambiguous-match" });
    expect(amb.margin).toBeCloseTo(0.04);
  });
  it("applies the margin only when another person is a plausible match", () => {
    // other 0.44 is below the guard (0.5) and below self: a stranger scoring near a modest genuine score.
    expect(decideVerification({ self: 0.46, other: 0.44 }, t)).toMatchObject({ accepted: true, score: 0.46 });
    // other at the guard: the margin applies.
    expect(decideVerification({ self: 0.53, other: 0.5 }, t)).toMatchObject({ accepted: false, reason: "ambiguous-match" });
    // below the guard but at least the 1:1 threshold and above the claimed person: the face is more like someone else's.
    expect(decideVerification({ self: 0.36, other: 0.45 }, t)).toMatchObject({ accepted: false, reason: "ambiguous-match" });
    // above the 1:1 threshold but below the claimed person and the guard: not plausible, however close.
    expect(decideVerification({ self: 0.345, other: 0.34 }, t)).toMatchObject({ accepted: true });
    expect(decideVerification({ self: 0.36, other: 0.3 }, t)).toMatchObject({ accepted: true });
  });
});

describe("1:N identification (kiosk)", () => {
  it("takes each person's best template and needs a lead over the runner-up", () => {
    const c = [
      { userId: "a", score: 0.7 },
      { userId: "a", score: 0.5 },
      { userId: "b", score: 0.4 },
    ];
    expect(decideIdentification(c, t)).toMatchObject({ accepted: true, userId: "a", score: 0.7 });
    expect(decideIdentification([...c, { userId: "b", score: 0.68 }], t)).toMatchObject({ accepted: false, reason: "ambiguous-match" });
    expect(decideIdentification([{ userId: "a", score: 0.3 }], t)).toMatchObject({ accepted: false, reason: "unknown-person" });
    expect(decideIdentification([], t)).toMatchObject({ accepted: false, reason: "unknown-person" });
  });
  it("needs the lead only when the runner-up also reaches the guard", () => {
    const k = { threshold: 0.6, margin: 0.05, guard: 0.6 };
    expect(decideIdentification([{ userId: "a", score: 0.62 }, { userId: "b", score: 0.59 }], k)).toMatchObject({ accepted: true, userId: "a" });
    expect(decideIdentification([{ userId: "a", score: 0.63 }, { userId: "b", score: 0.6 }], k)).toMatchObject({ accepted: false, reason: "ambiguous-match" });
  });
});

describe("enrolment collision", () => {
  it("reports the most similar other person at or above the threshold", () => {
    expect(enrolmentCollision([{ userId: "x", score: 0.2 }], 0.335)).toBeNull();
    expect(enrolmentCollision([{ userId: "x", score: 0.4 }, { userId: "y", score: 0.5 }], 0.335)).toEqual({ userId: "y", score: 0.5 });
  });
});

describe("enrolment pose gate (when enforced)", async () => {
  const { poseMatches } = await import("@/lib/checkin/quality");
  it("wants the subject's own left as positive yaw", () => {
    expect(poseMatches("left", 8, 4)).toBe(true);
    expect(poseMatches("left", 2, 4)).toBe(false);
    expect(poseMatches("right", -8, 4)).toBe(true);
    expect(poseMatches("right", 8, 4)).toBe(false);
    expect(poseMatches("frontal", 0, 4)).toBe(true);
    expect(poseMatches("frontal", undefined, 4)).toBe(false);
  });
});
