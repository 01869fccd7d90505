// Bad input is a 4xx, never a 5xx: server-action bodies Next would answer with 500 (too large, not JSON, nested
// 200,000 deep, referring to parts that are not there) are answered by proxy.ts with 413/400 before Next decodes
// them, while what React's own client encodes passes; a form action called with JSON answers bad input; the three
// kinds of action answer data, a message or a form state, and fail alike.
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";

vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { default: proxy } = await import("@/proxy");
const { ACTION_BODY_LIMIT, MAX_ACTION_DEPTH } = await import("@/lib/security/action-request");
const { action, formAction, messageAction } = await import("@/lib/auth/action");
const { errorMessages } = await import("@/lib/errors");
// React's own client encoder: what a browser sends when it calls a server action.
const { encodeReply } = (await import("next/dist/compiled/react-server-dom-webpack/client.edge" as string)) as {
  encodeReply(v: unknown): Promise<string | FormData>;
};

const URL_ = "http://localhost:3000/check-in";
const ACTION = { "next-action": "7f".padEnd(42, "0") };

async function send(body: BodyInit, headers: Record<string, string> = {}) {
  const init = { method: "POST", headers: { ...ACTION, ...headers }, body, duplex: "half" };
  const res = await proxy(new NextRequest(URL_, init as ConstructorParameters<typeof NextRequest>[1]), {} as never);
  if (!res) return { status: "passed" as const };
  return { status: res.status, body: (await res.json()) as { error: string; code: string }, headers: res.headers };
}

async function encoded(args: unknown[]) {
  const body = await encodeReply(args);
  return typeof body === "string" ? send(body, { "content-type": "text/plain;charset=UTF-8" }) : send(body);
}

describe("server-action bodies", () => {
  it("lets through what React's client encodes: JSON-like arguments, FormData, dates, undefined, $-strings", async () => {
    expect(await encoded([{ payload: "x".repeat(200_000), signature: "abc" }])).toEqual({ status: "passed" });
    expect(await encoded([{ at: new Date(), none: undefined, money: "$5", n: -0, deep: [[[[{ a: [1] }]]]] }])).toEqual({ status: "passed" });
    const fd = new FormData();
    fd.append("email", "a@b.test");
    fd.append("password", "$ecret-pass");
    expect(await encoded([{ ok: false, values: { email: "a@b.test" } }, fd])).toEqual({ status: "passed" });
  });

  it("answers 413 to a body over the limit, declared or streamed", async () => {
    const big = JSON.stringify([{ payload: "x".repeat(10_000_000), signature: "s" }]);
    const declared = await send(big, { "content-type": "text/plain" });
    expect(declared).toMatchObject({ status: 413, body: { code: "too-large", error: errorMessages["too-large"] } });
    expect(declared.headers?.get("x-content-type-options")).toBe("nosniff");
    const chunks = [new TextEncoder().encode("[" + '"' + "y".repeat(ACTION_BODY_LIMIT) + '"]')];
    const stream = new ReadableStream({ pull: (c) => (chunks.length ? c.enqueue(chunks.shift()!) : c.close()) });
    expect(await send(stream, { "content-type": "text/plain" })).toMatchObject({ status: 413 });
  });

  it("answers 400 to a body that is not JSON, nested 200,000 deep, or refers to parts it lacks", async () => {
    expect(await send("{this is not json", { "content-type": "text/plain" })).toMatchObject({ status: 400, body: { code: "bad-input", error: "The request body is not valid JSON." } });
    expect(await send(new Uint8Array([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]), { "content-type": "text/plain" })).toMatchObject({ status: 400 });
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    expect(await send(deep, { "content-type": "text/plain" })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/nested too deeply/) } });
    const justTooDeep = "[".repeat(MAX_ACTION_DEPTH + 1) + "]".repeat(MAX_ACTION_DEPTH + 1);
    expect(await send(justTooDeep, { "content-type": "text/plain" })).toMatchObject({ status: 400 });
    expect(await send(JSON.stringify(["$Q1"]), { "content-type": "text/plain" })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/does not contain/) } });
    const fd = new FormData();
    fd.append("0", deep);
    expect(await send(fd)).toMatchObject({ status: 400 });
    const bad = new FormData();
    bad.append("0", '["$Q9"]');
    expect(await send(bad)).toMatchObject({ status: 400 });
  });

  it("passes a FormData argument with no entries (a sign-out button's empty form: row 0 is [\"$K1\"] and row 1 is absent)", async () => {
    const signOut = new FormData();
    signOut.append("0", '["$K1"]');
    expect(await send(signOut)).toEqual({ status: "passed" });
  });

  it("leaves requests that are not action calls to the page guard", async () => {
    const res = await proxy(new NextRequest("http://localhost:3000/sign-in"), {} as never);
    expect(res?.status ?? 200).toBeLessThan(500);
  });
});

describe("form actions", () => {
  const run = formAction({ schema: z.object({ name: z.string() }), roles: "public" }, async ({ name }) => `Hello ${name}`);
  it("answers bad input when called with JSON instead of FormData", async () => {
    for (const junk of [{ name: "x" }, "name=x", null, 42, [1, 2]])
      expect(await run({}, junk as unknown as FormData)).toEqual({ ok: false, error: errorMessages["bad-input"] });
    const fd = new FormData();
    fd.append("name", "Ada");
    expect(await run({}, fd)).toMatchObject({ ok: true, message: "Hello Ada" });
  });
});

describe("what actions answer", () => {
  const schema = z.object({ n: z.number().int() });
  const data = action({ schema, roles: "public" }, async ({ n }) => ({ doubled: n * 2 }));
  const said = messageAction({ schema, roles: "public" }, async ({ n }) => `Doubled to ${n * 2}.`);
  const form = formAction({ schema: z.object({ n: z.coerce.number().int() }), roles: "public" }, async ({ n }) => `Doubled to ${n * 2}.`);

  it("a data action answers typed data, a message action a message, a form action a message and its values", async () => {
    expect(await data({ n: 2 })).toEqual({ ok: true, data: { doubled: 4 } });
    expect(await said({ n: 2 })).toEqual({ ok: true, message: "Doubled to 4." });
    const fd = new FormData();
    fd.append("n", "2");
    expect(await form({}, fd)).toEqual({ ok: true, message: "Doubled to 4.", values: { n: "2" } });
  });

  it("each fails the same way: code, message, field errors", async () => {
    const failure = { ok: false, code: "bad-input", error: errorMessages["bad-input"], fieldErrors: { n: [expect.any(String)] } };
    expect(await data({ n: "two" })).toEqual(failure);
    expect(await said({ n: "two" })).toEqual(failure);
    const fd = new FormData();
    fd.append("n", "two");
    const { code: _, ...formFailure } = failure;
    expect(await form({}, fd)).toEqual({ ...formFailure, values: { n: "two" } });
  });
});
