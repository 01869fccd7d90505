import { describe, expect, it } from "vitest";
import { browserFailureReasons, buildFailedAttempt, failedAttemptSchema, livenessFailureReason } from "@/lib/checkin/attempt";
import { canonicalJson, parseCanonicalJson } from "@/lib/checkin/canonical";
import { reasonMessages } from "@/lib/checkin/reasons";
import { FaceCaptureError } from "@/lib/face/capture-session";
import { failureReasons } from "@/lib/face/challenge-runner";
import { reasonLabel } from "@/lib/format";

const ids = { challengeId: "0b5f4f6e-3c1a-4d8e-9a51-1f0f6f1c2b3a", nonce: "A".repeat(43), deviceId: "5e0c1d2a-7b6f-4e3d-8c9b-0a1b2c3d4e5f" };

describe("failed attempt reports", () => {
  it("a built report survives canonical JSON and passes the server's schema", () => {
    const a = buildFailedAttempt({ ...ids, attempt: 2, reason: "spoof-suspected", failedRules: ["face-motion"], frames: 80.4, durationMs: 9012.6, antispoofScore: 0.123456 });
    const parsed = failedAttemptSchema.safeParse(parseCanonicalJson(canonicalJson(a)));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data).toMatchObject({ frames: 80, durationMs: 9013, antispoofScore: 0.123 });
    const none = buildFailedAttempt({ ...ids, attempt: 1, reason: "no-face", failedRules: [], frames: 0, durationMs: 8000, antispoofScore: Number.NaN });
    expect(canonicalJson(none)).not.toContain("antispoofScore");
  });

  it("the schema refuses unknown fields (an embedding or an image cannot ride along) and unknown reasons", () => {
    const a = buildFailedAttempt({ ...ids, attempt: 1, reason: "no-face", failedRules: [], frames: 1, durationMs: 1 });
    expect(failedAttemptSchema.safeParse({ ...a, embedding: "AAAA" }).success).toBe(false);
    expect(failedAttemptSchema.safeParse({ ...a, reason: "no-match" }).success).toBe(false);
    expect(failedAttemptSchema.safeParse({ ...a, attempt: 0 }).success).toBe(false);
  });

  it("names a refused liveness verdict: photo or screen, a device too slow, or the movements", () => {
    expect(livenessFailureReason(["antispoof-score"])).toBe("spoof-suspected");
    expect(livenessFailureReason(["frame-rate", "face-motion"])).toBe("spoof-suspected");
    expect(livenessFailureReason(["frame-rate"])).toBe("device-too-slow");
    expect(livenessFailureReason(["frame-rate", "step-1-blink"])).toBe("liveness-failed");
    expect(livenessFailureReason([])).toBe("liveness-failed");
  });

  it("a capture error is reported under its reason; a cancelled one is not reported", () => {
    expect(new FaceCaptureError("no-face", reasonMessages["no-face"]).reason).toBe("no-face");
    expect(new FaceCaptureError("stalled", reasonMessages["capture-stalled"]).reason).toBe("capture-stalled");
    expect(new FaceCaptureError("aborted", "Cancelled.").reason).toBeNull();
    const verdict = { passed: false, rules: [{ name: "frame-rate", status: "fail" as const, value: 5, threshold: 8 }] };
    expect(new FaceCaptureError("liveness-rejected", "", undefined, verdict).reason).toBe("device-too-slow");
  });

  it("every reason a browser reports has a message for the person and words for the admin", () => {
    for (const r of [...browserFailureReasons, ...failureReasons]) {
      expect(reasonMessages[r].length).toBeGreaterThan(20);
      expect(reasonLabel(r)).not.toBe(r.replace(/-/g, " "));
    }
  });
});
