import { describe, expect, it } from "vitest";
import { evidenceLimits, evidenceProblem, type EvidenceFrameInput } from "@/lib/checkin/evidence";

const frame = (tMs: number, bytes = 6000, side = 160): EvidenceFrameInput => ({ jpeg: new Uint8Array(bytes), tMs, width: side, height: side });
const burst = (n = 8) => Array.from({ length: n }, (_, i) => frame(500 + i * 700));
const clock = { lifetimeMs: 60_000, elapsedMs: 9_000 };
const reason = (frames: EvidenceFrameInput[], c = clock) => evidenceProblem(frames, c)?.reason ?? null;

describe("evidence burst checks (before decoding)", () => {
  it("a burst of 6–10 ordered frames of one size within the challenge passes", () => {
    expect(reason(burst(6))).toBeNull();
    expect(reason(burst(10))).toBeNull();
  });

  it("each bad input has its own reason", () => {
    expect(reason(burst(5))).toBe("too-few-frames");
    expect(reason(burst(11))).toBe("burst-too-large");
    const big = burst();
    big[3] = frame(big[3]!.tMs, evidenceLimits.maxFrameBytes + 1);
    expect(reason(big)).toBe("frame-unreadable");
    expect(reason(burst(8).map((f) => ({ ...f, jpeg: new Uint8Array(21_000) })))).toBe("burst-too-large");
    const swapped = burst();
    [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
    expect(reason(swapped)).toBe("frames-out-of-order");
    const twice = burst();
    twice[4] = { ...twice[4]!, tMs: twice[3]!.tMs };
    expect(reason(twice)).toBe("frames-out-of-order");
    expect(reason([frame(-1), ...burst(7)])).toBe("frames-outside-challenge");
    // captured after the submission reached the server (plus the clock slack), or after the challenge expired
    expect(reason(burst(), { lifetimeMs: 60_000, elapsedMs: 2_000 })).toBe("frames-outside-challenge");
    expect(reason(burst(), { lifetimeMs: 4_000, elapsedMs: 9_000 })).toBe("frames-outside-challenge");
    const mixed = burst();
    mixed[5] = frame(mixed[5]!.tMs, 6000, 128);
    expect(reason(mixed)).toBe("frame-sizes-differ");
    expect(reason(burst().map((f) => ({ ...f, width: 64, height: 64 })))).toBe("frame-unreadable");
    expect(reason(burst().map((f) => ({ ...f, width: 512, height: 512 })))).toBe("frame-unreadable");
    expect(evidenceProblem(burst(5), clock)?.detail).toMatch(/5 frames, at least 6/);
  });
});
