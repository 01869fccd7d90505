// Sign-up per address: organisations created from one client are limited, the refused ones write nothing.
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { organisations, users } from "@/lib/db/schema";
import { limitMessages } from "@/lib/errors";
import { formData } from "../support/session";
import { testDb, useMemoryDatabase } from "../support/db";

const peer = vi.hoisted(() => ({ ip: "203.0.113.20" }));
vi.mock("@/lib/auth", () => ({ signIn: async () => undefined, signOut: async () => undefined, auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-clockface-peer": peer.ip, "x-forwarded-for": `6.6.6.${Math.floor(Math.random() * 250)}` }) }));

const { signUpAction } = await import("@/app/(auth)/actions");
const { rateLimitRules } = await import("@/lib/checkin/rate-limit");

async function counts() {
  const d = await testDb();
  return { orgs: (await d.select({ n: count() }).from(organisations))[0]!.n, users: (await d.select({ n: count() }).from(users))[0]!.n };
}

const signUp = (n: number) =>
  signUpAction({}, formData({ organisationName: `Spam Org ${n}`, name: "Spammer", email: `spam${n}@example.test`, password: "correct-horse-42", timezone: "Europe/London" }));

beforeAll(async () => {
  await useMemoryDatabase();
});

describe("sign-up per address", () => {
  it(`creates at most ${rateLimitRules.signUpIp.limit} organisations an hour from one client, however it sets X-Forwarded-For`, async () => {
    for (let i = 0; i < rateLimitRules.signUpIp.limit; i++) expect((await signUp(i)).error, `sign-up ${i + 1}`).toBeUndefined();
    expect(await counts()).toEqual({ orgs: rateLimitRules.signUpIp.limit, users: rateLimitRules.signUpIp.limit });
    for (let i = 0; i < 10; i++) expect(await signUp(100 + i)).toMatchObject({ ok: false, error: limitMessages.signUpIp });
    expect(await counts()).toEqual({ orgs: rateLimitRules.signUpIp.limit, users: rateLimitRules.signUpIp.limit });
    peer.ip = "198.51.100.21";
    expect((await signUp(200)).error).toBeUndefined();
  });
});
