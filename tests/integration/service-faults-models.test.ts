// Issue 13: a missing or corrupt model file is the service's fault. The check-in answers "verification is
// unavailable", logs one line with the cause and records nothing as the person's attempt; once the file is right
// again the same person checks in. Real models, real faces (skipped without ../shared/data), real PGlite.
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.9", "user-agent": "vitest" }) }));

import type { IssuedChallenge } from "@/lib/checkin/challenge";
import { registerPersonalDevice } from "@/lib/db/queries/devices";
import { putTemplate, setEnrolment } from "@/lib/db/queries/templates";
import { attendanceEvents, auditLog, rateLimits } from "@/lib/db/schema";
import { EMBEDDING_MODEL_ID, MODELS, SERVER_MODELS } from "@/lib/face/models";
import { faceSample, hasFaceData, noFaceDataMessage, PEOPLE, type FaceSample } from "@/tools/faces";
import { deviceKeys, payloadFor, publicJwk, sign, turnStepsOnly } from "@/tools/checkin-harness";
import { makeOrg, makeUser } from "@/tools/builders";
import { openTestDatabase } from "../support/db";

process.env.BLOB_DIR = mkdtempSync(path.join(tmpdir(), "clockface-blob-"));
process.env.CLOCKFACE_FACE_WORKER = "0"; // in-process, so a fresh module graph loads the models from the new cwd
if (!hasFaceData) console.warn(noFaceDataMessage);

const repo = process.cwd();
const UNAVAILABLE = "Verification is unavailable right now. Please try again shortly.";

/** A copy of the project's run-time files (models, package.json, node_modules link) to break models in. */
function projectCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "clockface-models-"));
  cpSync(path.join(repo, "public/models"), path.join(dir, "public/models"), { recursive: true });
  copyFileSync(path.join(repo, "package.json"), path.join(dir, "package.json"));
  symlinkSync(path.join(repo, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

describe.skipIf(!hasFaceData)("a broken face model is the service's fault", () => {
  let dir: string;
  let sample: FaceSample;
  let person: { id: string; orgId: string; role: "employee" };
  let deviceId: string;
  let keys: CryptoKeyPair;
  const modelFile = () => path.join(dir, "public/models", MODELS.embedding.file);
  const realModel = () => readFileSync(path.join(repo, "public/models", MODELS.embedding.file));

  beforeAll(async () => {
    await openTestDatabase();
    const org = await makeOrg({ name: "Models Co", settings: turnStepsOnly() });
    const user = await makeUser(org.id, { name: "Erin" });
    keys = await deviceKeys();
    deviceId = (await registerPersonalDevice({ orgId: org.id, userId: user.id, name: "Erin's laptop", jwk: await publicJwk(keys) })).id;
    const d = await openTestDatabase();
    for (const [i, pose] of (["frontal", "left", "right"] as const).entries())
      await putTemplate(d, { orgId: org.id, userId: user.id, modelId: EMBEDDING_MODEL_ID, embedding: (await faceSample(PEOPLE.alice, i + 1)).embedding, quality: 0.9, pose });
    await setEnrolment(d, org.id, user.id, "enrolled");
    sample = await faceSample(PEOPLE.alice, 4);
    person = { id: user.id, orgId: org.id, role: "employee" };
    dir = projectCopy();
    process.chdir(dir);
  }, 120_000);

  afterAll(() => {
    process.chdir(repo);
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await (await openTestDatabase()).delete(rateLimits);
    vi.resetModules(); // a fresh model cache each time, as in a freshly started server
  });

  /** One check-in through the real server actions, with the models as they are on disk now. */
  async function checkIn() {
    const { beginCheckInAction, completeCheckInAction } = await import("@/app/check-in/actions");
    const { punchStatus } = await import("@/lib/reports/punch-status");
    // After vi.resetModules the mocked session module is a fresh instance: sign in through that one.
    const { actAs } = await import("../support/session");
    actAs(person);
    // The first valid punch for where the person stands (what the check-in page offers first).
    const punch = (await punchStatus(person.orgId, person.id, new Date())).allowed[0]!;
    const b = await beginCheckInAction({ deviceId, punch });
    if (!b.ok || b.data.status !== "ready") throw new Error(`begin failed: ${JSON.stringify(b)}`);
    const ch: IssuedChallenge = b.data.challenge;
    return completeCheckInAction(await sign(keys, payloadFor(ch, sample, { punch })));
  }

  async function eventsOf() {
    const d = await openTestDatabase();
    const rows = await d.select({ n: sql<number>`count(*)::int` }).from(attendanceEvents).where(and(eq(attendanceEvents.orgId, person.orgId), eq(attendanceEvents.userId, person.id)));
    const audits = await d.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.orgId, person.orgId));
    return { events: rows[0]!.n, audits: audits[0]!.n };
  }

  async function expectUnavailable(cause: RegExp) {
    const before = await eventsOf();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const r = await checkIn();
      expect(r).toEqual({ ok: false, code: "unavailable", error: UNAVAILABLE });
      const lines = logged.mock.calls.map((c) => c.join(" "));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^face-models unavailable: /);
      expect(lines[0]).toMatch(cause);
    } finally {
      logged.mockRestore();
    }
    expect(await eventsOf(), "nothing recorded as the person's attempt").toEqual(before);
  }

  it("a missing model file: unavailable, one log line naming the file, nothing recorded", async () => {
    rmSync(modelFile());
    await expectUnavailable(/model mobilefacenet\.onnx unreadable at .*ENOENT/);
  });

  it("a corrupt model file (same size, wrong sha256): unavailable, one log line with both hashes", async () => {
    const bad = Buffer.from(realModel());
    bad[bad.length >> 1]! ^= 0xff;
    writeFileSync(modelFile(), bad);
    await expectUnavailable(new RegExp(`model mobilefacenet\\.onnx has sha256 [0-9a-f]{64}, the registry says ${MODELS.embedding.sha256}`));
  });

  it("a truncated model file: unavailable, the size named", async () => {
    writeFileSync(modelFile(), realModel().subarray(0, 1000));
    await expectUnavailable(/model mobilefacenet\.onnx is 1000 bytes, the registry says 3998070/);
  });

  it("with the right file back, the same person checks in", async () => {
    writeFileSync(modelFile(), realModel());
    const r = await checkIn();
    expect(r.ok && r.data.status, JSON.stringify(r)).toBe("accepted");
  });

  it("face-model readiness fails with the cause when a model is missing, and passes when it is back", async () => {
    rmSync(path.join(dir, "public/models", MODELS.antispoofV1se.file));
    const { nodeFace } = await import("@/lib/face/node/server-face");
    const err = await nodeFace.ready!().then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ name: "ServiceUnavailable", component: "face-models" });
    expect((err as Error & { detail: string }).detail).toMatch(/minifasnet-v1se-4\.0\.onnx unreadable/);
    copyFileSync(path.join(repo, "public/models", MODELS.antispoofV1se.file), path.join(dir, "public/models", MODELS.antispoofV1se.file));
    await expect(nodeFace.ready!()).resolves.toMatchObject({ backend: "native", where: "in-process" });
  });

  it("readiness covers the server's own face mesh (server-side liveness), not only the client's models", async () => {
    vi.resetModules(); // a server that has not created the mesh's session yet
    const mesh = path.join(dir, "public/models", SERVER_MODELS.faceMesh.file);
    rmSync(mesh);
    const { nodeFace } = await import("@/lib/face/node/server-face");
    const err = await nodeFace.ready!().then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ name: "ServiceUnavailable", component: "face-models" });
    expect((err as Error & { detail: string }).detail).toContain(`${SERVER_MODELS.faceMesh.file} unreadable`);
    copyFileSync(path.join(repo, "public/models", SERVER_MODELS.faceMesh.file), mesh);
    await expect(nodeFace.ready!()).resolves.toMatchObject({ backend: "native", where: "in-process" });
  });
});
