// <FaceCapture> (the production component, worker and models) in headless Chromium with a fake camera fed
// by .y4m clips (tests/support/make-fake-camera.ts). The Next.js pages' own e2e tests live in tests/e2e.
import { afterEach, describe, expect, it } from "vitest";
import { reasonMessages } from "@/lib/checkin/reasons";
import { defaultLivenessOptions } from "@/lib/face/core/liveness-rules";
import { evaluateServerLiveness } from "@/lib/face/core/server-liveness";
import { measureBurst } from "@/lib/face/node/evidence";
import { qualityMessages } from "@/lib/face/core/quality";
import { cameraMessages } from "@/lib/face/camera";
import { startHarness, type Harness } from "@/tools/browser-harness";
import { makeFakeCameraClips } from "@/tests/support/make-fake-camera";
import { makeTurningClip } from "@/tests/support/make-turning-clip";

const clips = makeFakeCameraClips();
/** The camera E2E's clip (a real face, blinking, with a synthetic turn each way), built when the dev data is there. */
const turning = clips.live ? await makeTurningClip().then((b) => b?.clip) : undefined;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Outcome = { status: "result" | "error"; code?: string; transcript?: { steps: { passed: boolean }[]; frames: number; durationMs: number }; [k: string]: unknown };

async function open(clip: string | undefined, query: string, grantCamera = true): Promise<Harness> {
  const args = ["--use-fake-device-for-media-stream"];
  if (grantCamera) args.push("--use-fake-ui-for-media-stream");
  if (clip) args.push(`--use-file-for-fake-video-capture=${clip}`);
  h = await startHarness({ extraArgs: args });
  await h.page.goto(`${h.baseUrl}/capture.html?delegate=CPU&${query}`);
  return h;
}

async function outcome(hh: Harness, timeoutMs = 150_000): Promise<Outcome> {
  await hh.page.waitForFunction(() => window.__capture !== undefined, null, { timeout: timeoutMs, polling: 250 });
  return (await hh.page.evaluate(() => window.__capture)) as Outcome;
}

const prompt = (hh: Harness) => hh.page.locator("[data-testid=face-prompt]");

describe("FaceCapture with a fake camera", () => {
  it.skipIf(!clips.live)("a live face (blinking) reaches an embedding", async (ctx) => {
    const hh = await open(clips.live, "steps=blink");
    const o = await outcome(hh);
    const fps = o.transcript ? (o.transcript.frames * 1000) / Math.max(1, o.transcript.durationMs) : Number.NaN;
    if (o.status === "error" && fps < defaultLivenessOptions.minFps) {
      // A blink lasts ~170 ms: below minFps analysed frames/s it cannot be seen. This happens only on an
      // overloaded machine; report it instead of failing.
      const failed = (o.verdict as { rules?: { name: string; status: string }[] } | undefined)?.rules?.filter((r) => r.status === "fail").map((r) => r.name);
      console.warn(
        `face-capture: live clip analysed at ${fps.toFixed(1)} fps (< ${defaultLivenessOptions.minFps}); outcome ${o.code}` +
          `${failed ? ` (failed rules: ${failed.join(", ")})` : ""}: skipped`,
      );
      ctx.skip();
    }
    expect(o.status, JSON.stringify(o).slice(0, 500)).toBe("result");
    expect(o.embeddingLength).toBe(128);
    expect(o.norm as number).toBeCloseTo(1, 4);
    expect(o.alignedJpegBytes as number).toBeLessThanOrEqual(50_000);
    expect(o.modelId).toBe("mobilefacenet-arcface-v1");
    // the evidence burst the server decides from (lib/face/evidence-select.ts): 6–10 JPEG crops in time order
    const ev = o.evidence as { tMs: number; bytes: number; soi: boolean; b64: string }[];
    expect(ev.length).toBeGreaterThanOrEqual(6);
    expect(ev.length).toBeLessThanOrEqual(10);
    for (const [i, f] of ev.entries()) {
      expect(f.soi).toBe(true);
      expect(f.bytes).toBeLessThanOrEqual(24 * 1024);
      if (i > 0) expect(f.tMs).toBeGreaterThan(ev[i - 1]!.tMs);
    }
    // …and the server's own models accept it for the challenge the browser was given (here: a blink)
    const m = await measureBurst(
      ev.map((f) => new Uint8Array(Buffer.from(f.b64, "base64"))),
      new Uint8Array(Buffer.from(o.contextJpegB64 as string, "base64")),
      o.contextFaceBox as { x: number; y: number; width: number; height: number },
    );
    const verdict = evaluateServerLiveness(m.frames, ["blink"]);
    const seen = m.frames.map((f, i) => `${ev[i]!.tMs}ms ear ${f.ear.toFixed(3)} yaw ${f.yaw.toFixed(1)}`).join("; ");
    expect(verdict.rules.filter((r) => r.status === "fail"), `${seen} ${JSON.stringify(o.transcript)}`).toEqual([]);
    expect(await prompt(hh).textContent()).toBe("Done.");
  }, 300_000);

  // Issue 14: genuine enrolment captures of the real-browser E2E were refused by the server (the burst was picked
  // from the runner's transcript windows; the server refused unasked turns). The side captures with a blink and a
  // turn were the ones refused; the browser's burst must now pass the server's own rules.
  for (const { steps, pose } of [
    { steps: "blink,turn-left", pose: "right" },
    { steps: "turn-right,blink", pose: "left" },
  ])
    // Once in CI the browser refused this clip (liveness-rejected, both steps passed): the person was already
    // turning when the first prompt showed, so no evidence frame was frontal before the turn. The last positioning
    // frames are now evidence candidates (lib/face/capture-session.ts): no retry.
    it.skipIf(!turning)(`the turning clip, steps ${steps}, enrolment pose ${pose}: the browser's burst passes the server's rules`, async (ctx) => {
    const hh = await open(turning, `steps=${steps}&mode=enrol&pose=${pose}`);
    const o = await outcome(hh);
    const fps = o.transcript ? (o.transcript.frames * 1000) / Math.max(1, o.transcript.durationMs) : Number.NaN;
    if (o.status === "error" && fps < defaultLivenessOptions.minFps) {
      console.warn(`face-capture: turning clip analysed at ${fps.toFixed(1)} fps (< ${defaultLivenessOptions.minFps}); outcome ${o.code}: skipped`);
      ctx.skip();
    }
    expect(o.status, JSON.stringify(o).slice(0, 500)).toBe("result");
    const ev = o.evidence as { tMs: number; b64: string }[];
    const m = await measureBurst(
      ev.map((f) => new Uint8Array(Buffer.from(f.b64, "base64"))),
      new Uint8Array(Buffer.from(o.contextJpegB64 as string, "base64")),
      o.contextFaceBox as { x: number; y: number; width: number; height: number },
    );
    const verdict = evaluateServerLiveness(m.frames, steps.split(",") as ("blink" | "turn-left" | "turn-right")[]);
    const seen = m.frames.map((f, i) => `${ev[i]!.tMs}ms ear ${f.ear.toFixed(3)} yaw ${f.yaw.toFixed(1)}`).join("; ");
    expect(verdict.rules.filter((r) => r.status === "fail"), seen).toEqual([]);
  }, 300_000);

  it("a still photo never passes a blink step", async () => {
    // relaxPose: let the (turned) print through positioning so that the blink step is really attempted.
    const hh = await open(clips.still, "steps=blink&relaxPose=1");
    const o = await outcome(hh);
    expect(o.status).toBe("error");
    expect(o.transcript?.steps.some((s) => s.passed) ?? false).toBe(false);
    // Said as a suspected photo or screen (no motion beyond jitter), not as "too slow" or "no clear view".
    expect(o.code).toBe("spoof-suspected");
  }, 300_000);

  it("a clip with no face shows the no-face prompt, then gives up with its own message", async () => {
    const hh = await open(clips.noFace, "steps=blink");
    await hh.page.waitForFunction(
      (msg) => document.querySelector("[data-testid=face-prompt]")?.textContent === msg,
      qualityMessages["no-face"],
      { timeout: 150_000, polling: 100 },
    );
    // After ~8 s without a face (not the 20 s positioning timeout, not "couldn't get a clear view").
    const o = await outcome(hh);
    expect(o.code).toBe("no-face");
    expect(await prompt(hh).textContent()).toBe(reasonMessages["no-face"]);
  }, 300_000);

  it("a denied camera shows its message", async () => {
    const hh = await open(clips.noFace, "steps=blink", false);
    await hh.page.context().clearPermissions();
    const o = await outcome(hh, 60_000);
    expect(o.status).toBe("error");
    expect(o.name).toBe("CameraError");
    expect(await prompt(hh).textContent()).toBe(cameraMessages.denied);
  }, 120_000);
});
