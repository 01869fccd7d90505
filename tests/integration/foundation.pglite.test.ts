import { vi } from "vitest";
import { useFreshDatabase } from "../support/db";
import { foundationSuite } from "./foundation.suite";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
vi.mock("@/lib/auth", () => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined), auth: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

foundationSuite("PGlite", () => useFreshDatabase());
