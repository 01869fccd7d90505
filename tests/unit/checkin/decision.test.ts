import { describe, expect, it } from "vitest";
import { decideIdentification, decideVerification, enrolmentCollision } from "@/lib/checkin/decision";

const t = { threshold: 0.335, margin: 0.05 };

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
