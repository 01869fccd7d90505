// lib/threads/rpc.ts with a real worker thread: answers matched by id whatever their order; a worker that exits
// answers what was waiting and what comes later with the caller's failure answer.
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { workerRpc } from "@/lib/threads/rpc";

type Request = { id: number; wait: number; value: string } | { id: number; exit: true };
type Answer = { id: number; ok: true; value: string } | { id: number; ok: false; error: string };

// Answers each request after `wait` ms (so later requests can be answered first); exits on { exit }.
const source = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", (m) => {
  if (m.exit) process.exit(3);
  setTimeout(() => parentPort.postMessage({ id: m.id, ok: true, value: m.value.toUpperCase() }), m.wait);
});`;

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

const open = () => {
  const worker = new Worker(source, { eval: true });
  workers.push(worker);
  return workerRpc<Request, Answer>(worker, {
    failed: (id, e) => ({ id, ok: false, error: e.message }),
    exited: (code) => new Error(`exited (${code})`),
  });
};

describe("workerRpc", () => {
  it("gives each caller the answer to its own request, in whatever order they come back", async () => {
    const rpc = open();
    const answers = await Promise.all([
      rpc.call({ wait: 60, value: "slow" }),
      rpc.call({ wait: 0, value: "fast" }),
      rpc.call({ wait: 20, value: "middle" }),
    ]);
    expect(answers.map((a) => (a.ok ? a.value : a.error))).toEqual(["SLOW", "FAST", "MIDDLE"]);
    expect(rpc.failure).toBeNull();
  });

  it("answers waiting and later requests with the failure once the worker exits", async () => {
    const rpc = open();
    const waiting = rpc.call({ wait: 10_000, value: "never" });
    void rpc.call({ exit: true });
    expect(await waiting).toMatchObject({ ok: false, error: "exited (3)" });
    expect(rpc.failure?.message).toBe("exited (3)");
    expect(await rpc.call({ wait: 0, value: "after" })).toMatchObject({ ok: false, error: "exited (3)" });
  });
});
