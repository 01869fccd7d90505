import { describe, expect, it } from "vitest";
import { BlinkDetector, DEFAULT_BLINK_OPTIONS, detectBlinks, type BlinkSample } from "@/lib/face/core/blink";
import { annotations, blinkTrace, dataDir } from "./real-traces";

/** Deterministic PRNG (mulberry32) so the noisy sequences are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Closure {
  startMs: number;
  durMs: number;
}

interface SeriesSpec {
  durationMs: number;
  /** Frame interval(s) in ms: a number (constant rate) or a function of the frame index. */
  dt?: number | ((i: number) => number);
  /** Open-eye EAR as a function of time. */
  base?: (tMs: number) => number;
  closures?: Closure[];
  closedEar?: number;
  noise?: number;
  seed?: number;
  blendshape?: boolean;
}

/**
 * A synthetic EAR recording: open eyes at base(t) with uniform noise; during a closure the EAR is
 * `closedEar`, and the frame just before and just after it are half-closed (0.75·base, a realistic
 * lid transition that sits between the close and open thresholds).
 */
function series(spec: SeriesSpec): BlinkSample[] {
  const dt = spec.dt ?? 1000 / 30;
  const base = spec.base ?? (() => 0.32);
  const closures = spec.closures ?? [];
  const closed = spec.closedEar ?? 0.06;
  const noise = spec.noise ?? 0.01;
  const r = rng(spec.seed ?? 1);
  const out: BlinkSample[] = [];
  let t = 0;
  for (let i = 0; t <= spec.durationMs; i++) {
    const inside = closures.some((c) => t >= c.startMs && t < c.startMs + c.durMs);
    const step = typeof dt === "number" ? dt : dt(i);
    const near = closures.some(
      (c) => (t < c.startMs && t + step >= c.startMs) || (t >= c.startMs + c.durMs && t - step < c.startMs + c.durMs),
    );
    const b = base(t);
    const ear = inside ? closed + (r() - 0.5) * noise : near ? 0.75 * b : b + (r() - 0.5) * 2 * noise;
    const s: BlinkSample = { tMs: t, frame: i, ear };
    if (spec.blendshape) s.blendshape = inside ? 0.65 : near ? 0.3 : 0.08;
    out.push(s);
    t += step;
  }
  return out;
}

const kinds = (evs: { kind: string }[]) => evs.map((e) => e.kind);

describe("BlinkDetector on synthetic EAR", () => {
  it("finds clean blinks with their timing", () => {
    const closures = [1000, 2500, 4200].map((s) => ({ startMs: s, durMs: 150 }));
    const evs = detectBlinks(series({ durationMs: 6000, closures }));
    expect(kinds(evs)).toEqual(["blink", "blink", "blink"]);
    for (const [i, e] of evs.entries()) {
      const c = closures[i]!;
      expect(Math.abs(e.startMs - c.startMs)).toBeLessThanOrEqual(34); // within one frame at 30 fps
      // the end is the half-open frame after the closure (the hysteresis exit), as annotators mark it
      expect(Math.abs(e.endMs - (c.startMs + c.durMs))).toBeLessThanOrEqual(34);
      expect(e.durationMs).toBeGreaterThan(150);
      expect(e.durationMs).toBeLessThanOrEqual(150 + 2 * 34);
      expect(e.minEar).toBeLessThan(0.1);
      expect(e.baseline).toBeGreaterThan(0.3);
      expect(e.baseline).toBeLessThan(0.34);
    }
  });

  it("reports long closures as long_closure, never as blinks", () => {
    const closures = [
      { startMs: 1000, durMs: 150 },
      { startMs: 2000, durMs: 2400 },
      { startMs: 5500, durMs: 180 },
      { startMs: 7000, durMs: 2800 },
      { startMs: 10500, durMs: 120 },
    ];
    const d = new BlinkDetector();
    for (const s of series({ durationMs: 12000, closures })) d.push(s);
    expect(kinds(d.events())).toEqual(["blink", "long_closure", "blink", "long_closure", "blink"]);
    expect(d.blinks()).toHaveLength(3);
    const long = d.events().filter((e) => e.kind === "long_closure");
    expect(long[0]!.durationMs).toBeGreaterThan(2300);
    expect(long[1]!.durationMs).toBeGreaterThan(2700);
  });

  it("separates blinks from held closures at maxDurationMs", () => {
    const evs = detectBlinks(
      series({ durationMs: 5000, closures: [{ startMs: 1000, durMs: 600 }, { startMs: 3000, durMs: 900 }] }),
    );
    expect(kinds(evs)).toEqual(["blink", "long_closure"]);
    expect(DEFAULT_BLINK_OPTIONS.maxDurationMs).toBeGreaterThanOrEqual(500);
  });

  it("ignores single-frame dips and does not split a blink on a single-frame spike", () => {
    const s = series({ durationMs: 5000 });
    for (const i of [20, 50, 51 + 30, 120]) s[i]!.ear = 0.03; // isolated one-frame dips
    expect(detectBlinks(s)).toEqual([]);

    const b = series({ durationMs: 3000, closures: [{ startMs: 1000, durMs: 200 }] });
    const mid = b.findIndex((x) => x.tMs >= 1100);
    b[mid]!.ear = 0.34; // one frame "opens" in the middle of the blink
    const evs = detectBlinks(b);
    expect(kinds(evs)).toEqual(["blink"]);
    expect(evs[0]!.durationMs).toBeGreaterThan(150);
  });

  it("uses hysteresis: wavering between the close and open thresholds is one closure", () => {
    const s = series({ durationMs: 3000, noise: 0 });
    // baseline 0.32: close < 0.192, open > 0.256; the eye wavers at 0.15 / 0.22 while reopening
    const wave = [0.05, 0.05, 0.05, 0.22, 0.22, 0.15, 0.15, 0.22, 0.22, 0.15, 0.15];
    const i0 = s.findIndex((x) => x.tMs >= 1000);
    wave.forEach((ear, k) => (s[i0 + k]!.ear = ear));
    const evs = detectBlinks(s);
    expect(kinds(evs)).toEqual(["blink"]);
    expect(evs[0]!.endFrame).toBe(s[i0 + 10]!.frame);
  });

  it("ignores a still face (constant EAR with landmark jitter)", () => {
    expect(detectBlinks(series({ durationMs: 10000, noise: 0.02, seed: 7 }))).toEqual([]);
  });

  it("follows a slow drift of the open-eye baseline", () => {
    // open EAR drifts from 0.36 down to 0.20 over 30 s (e.g. the person leans back), a blink every 3 s
    const base = (t: number) => 0.36 - (0.16 * t) / 30000;
    const closures = Array.from({ length: 9 }, (_, k) => ({ startMs: 2000 + 3000 * k, durMs: 160 }));
    // closed EAR scales with the eye too
    const s = series({ durationMs: 30000, base, closures }).map((x) => ({
      ...x,
      ear: x.ear < 0.15 ? x.ear * (base(x.tMs) / 0.32) : x.ear,
    }));
    const evs = detectBlinks(s);
    expect(kinds(evs)).toEqual(Array(9).fill("blink"));
    // a fixed threshold tuned at the start (0.6 · 0.36 = 0.216) would call the drifted open eyes closed
    expect(base(29000)).toBeLessThan(0.6 * 0.36);
    // and upward drift
    const up = (t: number) => 0.2 + (0.16 * t) / 30000;
    const evsUp = detectBlinks(series({ durationMs: 30000, base: up, closures }));
    expect(kinds(evsUp)).toEqual(Array(9).fill("blink"));
  });

  it("learns the baseline at the current head yaw, so a blink just after a head turn is a blink", () => {
    // Frontal (EAR 0.33) → turned 30° for 1.5 s (the mesh reads the open eye at 0.42) → frontal, blink at 3.5 s.
    const turned = (t: number) => t >= 1500 && t < 3000;
    const samples = series({ durationMs: 5000, base: (t) => (turned(t) ? 0.42 : 0.33), closures: [{ startMs: 3500, durMs: 150 }] });
    const withYaw = samples.map((x) => ({ ...x, yawDeg: turned(x.tMs) ? 30 : 0 }));
    // Without the pose, the turned samples dominate the 2 s baseline and the frontal open eye (0.33) sits in
    // the hysteresis band (open threshold 0.8 × 0.42): the blink never ends as one.
    expect(detectBlinks(samples).filter((e) => e.kind === "blink")).toHaveLength(0);
    const evs = detectBlinks(withYaw);
    expect(kinds(evs)).toEqual(["blink"]);
    expect(Math.abs(evs[0]!.startMs - 3500)).toBeLessThanOrEqual(34);
    expect(evs[0]!.baseline).toBeLessThan(0.35);
    // Samples without yaw next to samples with it: the ones without count at every pose (no regression).
    expect(kinds(detectBlinks(series({ durationMs: 3000, closures: [{ startMs: 1500, durMs: 150 }] }).map((x, i) => (i % 2 ? { ...x, yawDeg: 0 } : x))))).toEqual(["blink"]);
  });

  it("separates back-to-back blinks", () => {
    // 130 ms closures with 200 ms between them (two half-closed transition frames + ~4 open frames)
    const closures = [
      { startMs: 1000, durMs: 130 },
      { startMs: 1330, durMs: 130 },
      { startMs: 1660, durMs: 130 },
    ];
    expect(kinds(detectBlinks(series({ durationMs: 3000, closures })))).toEqual(["blink", "blink", "blink"]);
  });

  it("works at variable and low/high frame rates", () => {
    const closures = [1000, 2600, 4100].map((s) => ({ startMs: s, durMs: 170 }));
    const r = rng(3);
    const jitter = (i: number) => (i % 17 === 0 ? 70 : 25 + r() * 25); // 20–40 fps with dropped frames
    for (const dt of [jitter, 1000 / 15, 1000 / 24, 1000 / 60]) {
      const evs = detectBlinks(series({ durationMs: 6000, dt, closures }));
      expect(kinds(evs)).toEqual(["blink", "blink", "blink"]);
    }
  });

  it("needs at least minDurationMs and minClosedSamples", () => {
    // a 2-frame dip at 60 fps (33 ms) is too short; at 30 fps (67 ms) it is a blink
    const at60 = series({ durationMs: 3000, dt: 1000 / 60, closures: [{ startMs: 1000, durMs: 33 }], noise: 0 });
    expect(detectBlinks(at60)).toEqual([]);
    const at30 = series({ durationMs: 3000, dt: 1000 / 30, closures: [{ startMs: 1000, durMs: 66 }], noise: 0 });
    expect(kinds(detectBlinks(at30))).toEqual(["blink"]);
  });

  it("does not detect before a baseline exists", () => {
    const s = series({ durationMs: 2000, closures: [{ startMs: 0, durMs: 150 }, { startMs: 1000, durMs: 150 }] });
    const evs = detectBlinks(s);
    expect(evs).toHaveLength(1);
    expect(evs[0]!.startMs).toBeGreaterThanOrEqual(900);
  });

  it("cross-checks with blendshapes when given", () => {
    const closures = [{ startMs: 1000, durMs: 160 }];
    const withBs = series({ durationMs: 3000, closures, blendshape: true });
    expect(kinds(detectBlinks(withBs))).toEqual(["blink"]);
    // EAR dips but the lids never close (e.g. looking down): blendshape stays low → rejected
    const lowBs = withBs.map((x) => ({ ...x, blendshape: 0.15 }));
    expect(detectBlinks(lowBs)).toEqual([]);
    // the check can be disabled
    expect(kinds(detectBlinks(lowBs, { blendshapeMinPeak: 0 }))).toEqual(["blink"]);
  });

  it("abandons a closure interrupted by a long gap, skips bad samples", () => {
    // eyes close at 1000 ms, then no samples for 1 s, then open eyes: nothing is known about the gap
    const closing = series({ durationMs: 4000, closures: [{ startMs: 1000, durMs: 3000 }] }).filter((x) => x.tMs < 1080);
    const open = series({ durationMs: 4000, seed: 2 }).filter((x) => x.tMs >= 2080);
    expect(closing.filter((x) => x.ear < 0.1).length).toBeGreaterThanOrEqual(2);
    expect(detectBlinks([...closing, ...open])).toEqual([]);
    // without the gap the same closure would be reported
    const joined = [...closing, ...open.map((x) => ({ ...x, tMs: x.tMs - 900 }))];
    expect(kinds(detectBlinks(joined))).toEqual(["blink"]);
    const bad = series({ durationMs: 4000, closures: [{ startMs: 2000, durMs: 150 }] });
    bad[10]!.ear = Number.NaN;
    bad.splice(20, 0, { ...bad[19]! }); // a duplicated timestamp
    expect(kinds(detectBlinks(bad))).toEqual(["blink"]);
  });

  it("streams: push returns each event once, one sample after the reopening", () => {
    const s = series({ durationMs: 3000, closures: [{ startMs: 1000, durMs: 150 }] });
    const d = new BlinkDetector();
    const returned = s.map((x) => d.push(x)).filter((e) => e !== null);
    expect(returned).toHaveLength(1);
    expect(d.events()).toEqual(returned);
    expect(d.events()).toEqual(detectBlinks(s));
    const st = d.state();
    expect(st.closed).toBe(false);
    expect(st.baseline).toBeGreaterThan(0.3);
    expect(st.closeThreshold).toBeCloseTo(st.baseline! * DEFAULT_BLINK_OPTIONS.closeRatio, 12);
    d.reset();
    expect(d.events()).toEqual([]);
    expect(d.state().baseline).toBeNull();
  });

  it("reproduces the annotated dev video's pattern (6 blinks, 2 long closures, ~23.9 fps)", () => {
    // frame spans from shared/data/dev/liveness/blink_annotations.csv (start..end inclusive)
    const fps = 23.9;
    const spans = [
      [10, 14, "blink"],
      [40, 44, "blink"],
      [82, 86, "blink"],
      [111, 114, "blink"],
      [137, 194, "long_closure"],
      [220, 224, "blink"],
      [239, 242, "blink"],
      [262, 328, "long_closure"],
    ] as const;
    const r = rng(11);
    const samples: BlinkSample[] = [];
    for (let f = 0; f < 334; f++) {
      const span = spans.find(([a, b]) => f >= a && f <= b);
      const edge = span && (f === span[0] || f === span[1]);
      const ear = span ? (edge ? 0.12 : 0.04 + r() * 0.05) : 0.3 + r() * 0.04;
      samples.push({ tMs: (f * 1000) / fps, frame: f, ear });
    }
    const evs = detectBlinks(samples);
    expect(kinds(evs)).toEqual(spans.map((s) => s[2]));
    for (const [i, e] of evs.entries()) {
      expect(Math.abs(e.startFrame! - spans[i]![0])).toBeLessThanOrEqual(2);
      expect(Math.abs(e.endFrame! - spans[i]![1])).toBeLessThanOrEqual(2);
    }
  });

  it("validates options", () => {
    expect(() => new BlinkDetector({ closeRatio: 0.9, openRatio: 0.8 })).toThrow(RangeError);
    expect(() => new BlinkDetector({ minDurationMs: 800, maxDurationMs: 700 })).toThrow(RangeError);
  });
});

describe.skipIf(!dataDir)("blink detector on the real EAR trace of repeating_blink_video.mp4", () => {
  if (!dataDir) console.warn("skipped: shared/data/dev not found (set CLOCKFACE_DATA_DIR)");
  const samples = blinkTrace();

  for (const [label, input] of [
    ["with blendshapes", samples],
    ["EAR only", samples.map(({ blendshape: _b, ...s }) => s)],
  ] as const) {
    it(`finds every annotated blink within ±2 frames and no long closure as a blink (${label})`, () => {
      const ann = annotations();
      expect(ann.filter((a) => a.event === "blink")).toHaveLength(6);
      const evs = detectBlinks(input);
      expect(evs).toHaveLength(ann.length); // nothing extra
      for (const a of ann) {
        const match = evs.filter((e) => Math.abs(e.startFrame! - a.start) <= 2 && Math.abs(e.endFrame! - a.end) <= 2);
        expect(match, `annotated ${a.event} ${a.start}-${a.end}`).toHaveLength(1);
        expect(match[0]!.kind).toBe(a.event);
      }
      expect(evs.filter((e) => e.kind === "blink")).toHaveLength(6);
    });
  }
});
