import { describe, expect, it } from "vitest";
import { reasonMessages } from "@/lib/checkin/reasons";
import { FaceCaptureError, stallGuard } from "@/lib/face/capture-session";
import { FaceWorkerClient, FaceWorkerStalled } from "@/lib/face/worker/client";

/** A stand-in for the worker: records what is posted; the test answers (or not) through `reply`. */
class SilentWorker {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  posted: { id: number; type: string }[] = [];
  postMessage(msg: { id: number; type: string }) {
    this.posted.push(msg);
  }
  terminate() {}
  reply(data: unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
}

describe("face worker client watchdog", () => {
  it("rejects a request the worker never answers with FaceWorkerStalled, and a late answer is ignored", async () => {
    const w = new SilentWorker();
    const client = new FaceWorkerClient(w as unknown as Worker, { load: 40, other: 20 });
    const err = await client.capture().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceWorkerStalled);
    w.reply({ id: w.posted[0]!.id, type: "result", result: null }); // too late: nothing pending, nothing thrown
    // The capture session turns it into its 'stalled' outcome with the person's message.
    const mapped = await stallGuard(client.resetCapture(), 1000).catch((e: unknown) => e);
    expect((mapped as FaceCaptureError).code).toBe("stalled");
    expect((mapped as FaceCaptureError).message).toBe(reasonMessages["capture-stalled"]);
  });

  it("download progress keeps a load alive; silence after it ends it", async () => {
    const w = new SilentWorker();
    const client = new FaceWorkerClient(w as unknown as Worker, { load: 60, other: 20 });
    const loading = client.load().catch((e: unknown) => e);
    const id = w.posted[0]!.id;
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 30));
      w.reply({ id, type: "progress", progress: { loaded: i, total: 4 } });
    }
    // 120 ms in, still pending thanks to the progress; then silence.
    expect(await Promise.race([loading, new Promise((r) => setTimeout(() => r("pending"), 10))])).toBe("pending");
    expect(await loading).toBeInstanceOf(FaceWorkerStalled);
  });

  it("an answer in time settles normally", async () => {
    const w = new SilentWorker();
    const client = new FaceWorkerClient(w as unknown as Worker, { load: 40, other: 40 });
    const p = client.capture();
    w.reply({ id: w.posted[0]!.id, type: "result", result: null });
    await expect(p).resolves.toBeNull();
  });
});
