// The face worker's entry: a module worker that owns the FaceEngine and answers protocol requests one at
// a time (in arrival order), so inference never blocks the page.
//   new Worker(new URL("./face-worker.ts", import.meta.url), { type: "module" })
/// <reference lib="webworker" />

import { FaceEngine } from "@/lib/face/worker/engine";
import { transferablesOf, type ResultMap, type WorkerRequest, type WorkerResponse } from "@/lib/face/worker/protocol";

const scope = self as unknown as DedicatedWorkerGlobalScope;
let engine: Promise<FaceEngine> | undefined;
let queue: Promise<unknown> = Promise.resolve();

function post(msg: WorkerResponse, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

function ready(): Promise<FaceEngine> {
  if (!engine) throw new Error("the face engine is not loaded: send 'load' first");
  return engine;
}

async function handle(req: WorkerRequest): Promise<ResultMap[WorkerRequest["type"]]> {
  switch (req.type) {
    case "load":
      engine ??= FaceEngine.load(req.config, (progress) => post({ id: req.id, type: "progress", progress }));
      engine.catch(() => (engine = undefined));
      return (await engine).info;
    case "frame":
      return (await ready()).frame(req.image, req.tMs, req.options);
    case "capture":
      return (await ready()).capture();
    case "resetCapture":
      (await ready()).resetCapture();
      return null;
    case "image":
      return (await ready()).image(req.image, req.options);
    case "embedAligned":
      return (await ready()).embedAligned(req.rgba);
    case "antispoof": {
      const e = await ready();
      const bmp = req.image instanceof Blob ? await createImageBitmap(req.image) : req.image;
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext("2d")!;
      ctx.drawImage(bmp, 0, 0);
      bmp.close();
      const d = ctx.getImageData(0, 0, c.width, c.height);
      return e.antispoof({ data: d.data, width: d.width, height: d.height }, req.box);
    }
    case "dispose":
      if (engine) (await engine).dispose();
      engine = undefined;
      return null;
  }
}

// onnxruntime-web's WASM threads start as workers running THIS bundle (named "em-pthread"); there ORT's
// own code handles the messages, so the face protocol must stay out of the way.
const isOrtThread = typeof scope.name === "string" && scope.name.startsWith("em-pthread");

function onRequest(ev: MessageEvent<WorkerRequest>): void {
  const req = ev.data;
  queue = queue.then(async () => {
    try {
      const result = await handle(req);
      post({ id: req.id, type: "result", result }, transferablesOf(result));
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      post({ id: req.id, type: "error", message: e.message, name: e.name });
    }
  });
}

if (!isOrtThread) scope.onmessage = onRequest;
