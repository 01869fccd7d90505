/**
 * Streaming blink detector on the eye aspect ratio (EAR, see ear.ts), with an optional cross-check on
 * MediaPipe's eyeBlinkLeft/Right blendshapes.
 *
 * Per sample:
 *  1. Non-finite EAR samples and repeated timestamps are skipped. A time gap longer than `maxGapMs`
 *     abandons a closure in progress (we cannot know what happened in the gap) and restarts the filter.
 *  2. A centred 3-sample median filter removes single-sample spikes in both directions (a one-frame
 *     landmark glitch can neither fake a blink nor split one in two). It costs one sample of latency;
 *     times and frames reported are those of the original samples.
 *  3. Open-eye baseline = the `baselinePercentile` quantile of the filtered EAR of samples seen while the
 *     eyes were OPEN during the last `baselineWindowMs`. It follows slow drift (distance, head pitch,
 *     lighting of the mesh) and is frozen while the eyes are closed, so a long closure cannot drag it down.
 *     Nothing is detected until `minBaselineSamples` open samples exist and the baseline is at least
 *     `minBaseline` (eyes that never open clearly cannot blink measurably). When samples carry the head's
 *     yaw, only open samples within `baselineYawToleranceDeg` of the current yaw count: the mesh's EAR reads
 *     0.37–0.43 with the head turned against 0.33 frontal, and a baseline learnt while turned would put a
 *     frontal open eye inside the hysteresis band, so a blink just after a head turn read as a long closure.
 *  4. Hysteresis: the eyes close when EAR < baseline·closeRatio and reopen only when EAR > baseline·openRatio.
 *  5. On reopening, the closure [first sample below the close threshold, last sample before the reopening
 *     sample] becomes:
 *     nothing, if its duration is under `minDurationMs` or it has fewer than `minClosedSamples`
 *     below-threshold samples (noise), or if the blendshapes were present but never reached
 *     `blendshapeMinPeak` (EAR dip without a real lid closure, e.g. looking down); a 'blink' if its
 *     duration is at most `maxDurationMs`; a 'long_closure' otherwise (eyes held shut is not a blink).
 *     Duration = time of the reopening sample − time of the first closed sample (the closed span including
 *     its last frame interval), so a 4-frame closure at 24 fps is ≈ 167 ms.
 *     The end is reported at the hysteresis exit, not at the last sample below the close threshold:
 *     human annotators count the half-open frames of the reopening as part of the blink (on the dev video
 *     the EAR there is 0.20–0.26 against an open 0.32), and the exit matched the annotated end frames to
 *     within one frame where the close threshold was up to two frames early.
 *
 * Defaults were chosen for MediaPipe's mesh (open EAR ≈ 0.32, closed 0.02–0.10; blendshapes open ≈ 0.08,
 * closed 0.56–0.80) and webcams at 15–60 fps: real blinks last ~60–500 ms (4–5 frames at 24 fps in
 * shared/data/dev/liveness), deliberate blinks on request up to ~600 ms, held closures there 2.4–2.8 s.
 * On the real MediaPipe trace of that video (tests/fixtures/face-core/blink-ear-trace.json) the defaults
 * find the 6 annotated blinks with start and end within 1 frame and both long closures as 'long_closure',
 * and keep doing so for closeRatio 0.5–0.7 × openRatio 0.75–0.85 and with ±0.02 EAR noise added. Below
 * ~15 fps short blinks shrink to one or two samples and some are missed (the person is asked again).
 */

export interface BlinkOptions {
  /** Close threshold as a fraction of the open-eye baseline (unitless). 0.6 → 0.19 at baseline 0.32. */
  closeRatio: number;
  /** Reopen threshold as a fraction of the baseline (unitless, > closeRatio). 0.8 → 0.256 at 0.32. */
  openRatio: number;
  /** Window of open-eye samples for the baseline (ms). */
  baselineWindowMs: number;
  /** Quantile (0..1) of the open-eye window used as the baseline. */
  baselinePercentile: number;
  /** With yaw on the samples: open samples further than this from the current yaw are left out of the baseline (degrees). */
  baselineYawToleranceDeg: number;
  /** Open samples needed before any detection (count). */
  minBaselineSamples: number;
  /** Lowest baseline EAR at which blinks are detected at all (EAR units). */
  minBaseline: number;
  /** Shortest closure counted as a blink (ms). Shorter ones are noise. */
  minDurationMs: number;
  /** Fewest below-threshold samples in a blink (count, after the median filter). */
  minClosedSamples: number;
  /** Longest closure counted as a blink (ms); longer ones are reported as 'long_closure'. */
  maxDurationMs: number;
  /** A gap between samples longer than this (ms) abandons a closure in progress. */
  maxGapMs: number;
  /**
   * Blendshape cross-check: when samples carry `blendshape` (mean of eyeBlinkLeft/Right, 0..1), a closure
   * counts only if the blendshape peaked at or above this value during it. 0 disables the check.
   */
  blendshapeMinPeak: number;
}

export const DEFAULT_BLINK_OPTIONS: Readonly<BlinkOptions> = Object.freeze({
  closeRatio: 0.6,
  openRatio: 0.8,
  baselineWindowMs: 2000,
  baselinePercentile: 0.8,
  baselineYawToleranceDeg: 12,
  minBaselineSamples: 5,
  minBaseline: 0.12,
  minDurationMs: 50,
  minClosedSamples: 2,
  maxDurationMs: 700,
  maxGapMs: 400,
  blendshapeMinPeak: 0.35,
});

export interface BlinkSample {
  /** Timestamp (ms), increasing. */
  tMs: number;
  /** Frame index, copied into events when given. */
  frame?: number;
  /** Mean EAR of both eyes. */
  ear: number;
  /** Mean of the eyeBlinkLeft/Right blendshapes (0..1), optional. */
  blendshape?: number;
  /** Head yaw (degrees), optional: the baseline then comes from open samples at a similar yaw. */
  yawDeg?: number;
}

export interface BlinkEvent {
  kind: "blink" | "long_closure";
  /** Time of the first closed sample (ms). */
  startMs: number;
  /** Time of the last sample before the eyes reopened (ms). */
  endMs: number;
  startFrame?: number;
  endFrame?: number;
  /** Closed duration (ms), see the module comment. */
  durationMs: number;
  /** Lowest raw EAR during the closure. */
  minEar: number;
  /** Open-eye baseline when the closure began. */
  baseline: number;
}

/** What the detector currently believes (for the lab view and debugging). */
export interface BlinkState {
  baseline: number | null;
  closeThreshold: number | null;
  openThreshold: number | null;
  closed: boolean;
  /** Last filtered EAR processed. */
  filteredEar: number | null;
}

function validate(o: BlinkOptions): void {
  const bad = (msg: string) => {
    throw new RangeError(`BlinkOptions: ${msg}`);
  };
  if (!(o.closeRatio > 0 && o.closeRatio < o.openRatio && o.openRatio <= 1.5)) bad("need 0 < closeRatio < openRatio");
  if (!(o.baselinePercentile >= 0 && o.baselinePercentile <= 1)) bad("baselinePercentile must be in [0, 1]");
  if (!(o.baselineWindowMs > 0 && o.maxGapMs > 0)) bad("windows must be positive");
  if (!(o.minDurationMs >= 0 && o.maxDurationMs > o.minDurationMs)) bad("need 0 ≤ minDurationMs < maxDurationMs");
  if (!(o.minClosedSamples >= 1 && o.minBaselineSamples >= 1)) bad("sample counts must be ≥ 1");
}

function quantile(sortedAsc: readonly number[], q: number): number {
  const pos = (sortedAsc.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sortedAsc[lo]!;
  const b = sortedAsc[hi]!;
  return a + (b - a) * (pos - lo);
}

interface Closure {
  start: BlinkSample;
  baseline: number;
  /** The latest sample of the closure (below the open threshold). */
  last: BlinkSample;
  /** Samples below the close threshold. */
  belowCount: number;
  minEar: number;
  blendshapePeak: number | null;
}

export class BlinkDetector {
  readonly options: Readonly<BlinkOptions>;
  private raw: BlinkSample[] = []; // up to the last 2 valid raw samples, for the median filter
  private lastT: number | null = null;
  private openWindow: { tMs: number; ear: number; yawDeg: number | undefined }[] = [];
  private closure: Closure | null = null;
  private lastFiltered: number | null = null;
  private lastYaw: number | undefined;
  private found: BlinkEvent[] = [];

  constructor(opts?: Partial<BlinkOptions>) {
    this.options = Object.freeze({ ...DEFAULT_BLINK_OPTIONS, ...opts });
    validate(this.options);
  }

  /** Feed one sample; returns the event completed by it, if any (one sample of latency). */
  push(sample: BlinkSample): BlinkEvent | null {
    if (!Number.isFinite(sample.tMs) || !Number.isFinite(sample.ear)) return null;
    if (this.lastT !== null && sample.tMs <= this.lastT) return null;
    if (this.lastT !== null && sample.tMs - this.lastT > this.options.maxGapMs) {
      // flush the pending sample before the gap so it still contributes to the baseline, then restart
      this.flushPending();
      this.closure = null;
      this.raw = [];
    }
    this.lastT = sample.tMs;
    this.raw.push(sample);
    if (this.raw.length === 1) return null;
    if (this.raw.length === 2) {
      // first sample: edge-replicated median(a, a, b) = a
      return this.process(this.raw[0]!, this.raw[0]!.ear);
    }
    const [a, b, c] = this.raw as [BlinkSample, BlinkSample, BlinkSample];
    this.raw.shift();
    return this.process(b, median3(a.ear, b.ear, c.ear));
  }

  /** Process the last pending sample (end of stream). A closure still open at the end is not reported. */
  flush(): BlinkEvent | null {
    return this.flushPending();
  }

  /** All events so far, oldest first. */
  events(): BlinkEvent[] {
    return [...this.found];
  }

  /** Events of kind 'blink' only. */
  blinks(): BlinkEvent[] {
    return this.found.filter((e) => e.kind === "blink");
  }

  state(): BlinkState {
    const baseline = this.baseline(this.lastYaw);
    return {
      baseline,
      closeThreshold: baseline === null ? null : baseline * this.options.closeRatio,
      openThreshold: baseline === null ? null : baseline * this.options.openRatio,
      closed: this.closure !== null,
      filteredEar: this.lastFiltered,
    };
  }

  reset(): void {
    this.raw = [];
    this.lastT = null;
    this.openWindow = [];
    this.closure = null;
    this.lastFiltered = null;
    this.lastYaw = undefined;
    this.found = [];
  }

  private flushPending(): BlinkEvent | null {
    const n = this.raw.length;
    if (n === 0) return null;
    const last = this.raw[n - 1]!;
    const ear = n === 1 ? last.ear : median3(this.raw[n - 2]!.ear, last.ear, last.ear);
    this.raw = [];
    return this.process(last, ear);
  }

  private baseline(yawDeg: number | undefined): number | null {
    const tol = this.options.baselineYawToleranceDeg;
    const w = yawDeg === undefined ? this.openWindow : this.openWindow.filter((o) => o.yawDeg === undefined || Math.abs(o.yawDeg - yawDeg) <= tol);
    if (w.length < this.options.minBaselineSamples) return null;
    const b = quantile(
      w.map((s) => s.ear).sort((x, y) => x - y),
      this.options.baselinePercentile,
    );
    return b >= this.options.minBaseline ? b : null;
  }

  private process(s: BlinkSample, ear: number): BlinkEvent | null {
    const o = this.options;
    this.lastFiltered = ear;
    const yawDeg = Number.isFinite(s.yawDeg) ? s.yawDeg : undefined;
    this.lastYaw = yawDeg;
    const baseline = this.closure ? this.closure.baseline : this.baseline(yawDeg);

    if (this.closure) {
      const c = this.closure;
      if (typeof s.blendshape === "number" && Number.isFinite(s.blendshape)) {
        c.blendshapePeak = Math.max(c.blendshapePeak ?? -Infinity, s.blendshape);
      }
      if (ear <= c.baseline * o.openRatio) {
        // below the close threshold, or in the hysteresis band: still closed
        if (ear < c.baseline * o.closeRatio) c.belowCount++;
        c.minEar = Math.min(c.minEar, s.ear);
        c.last = s;
        return null;
      }
      this.closure = null;
      this.addOpen(s.tMs, ear, yawDeg);
      return this.finish(c, s.tMs);
    }

    if (baseline !== null && ear < baseline * o.closeRatio) {
      this.closure = {
        start: s,
        baseline,
        last: s,
        belowCount: 1,
        minEar: s.ear,
        blendshapePeak: typeof s.blendshape === "number" && Number.isFinite(s.blendshape) ? s.blendshape : null,
      };
      return null;
    }
    this.addOpen(s.tMs, ear, yawDeg);
    return null;
  }

  private addOpen(tMs: number, ear: number, yawDeg: number | undefined): void {
    this.openWindow.push({ tMs, ear, yawDeg });
    const cutoff = tMs - this.options.baselineWindowMs;
    while (this.openWindow.length > 0 && this.openWindow[0]!.tMs < cutoff) this.openWindow.shift();
  }

  private finish(c: Closure, reopenMs: number): BlinkEvent | null {
    const o = this.options;
    const durationMs = reopenMs - c.start.tMs;
    if (durationMs < o.minDurationMs || c.belowCount < o.minClosedSamples) return null;
    if (o.blendshapeMinPeak > 0 && c.blendshapePeak !== null && c.blendshapePeak < o.blendshapeMinPeak) return null;
    const ev: BlinkEvent = {
      kind: durationMs <= o.maxDurationMs ? "blink" : "long_closure",
      startMs: c.start.tMs,
      endMs: c.last.tMs,
      durationMs,
      minEar: c.minEar,
      baseline: c.baseline,
    };
    if (c.start.frame !== undefined) ev.startFrame = c.start.frame;
    if (c.last.frame !== undefined) ev.endFrame = c.last.frame;
    this.found.push(ev);
    return ev;
  }
}

function median3(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}

/** Run a fresh detector over a whole recording (flushed at the end); returns every event. */
export function detectBlinks(samples: readonly BlinkSample[], opts?: Partial<BlinkOptions>): BlinkEvent[] {
  const d = new BlinkDetector(opts);
  for (const s of samples) d.push(s);
  d.flush();
  return d.events();
}
