// The foundation suite on PGlite running on its own worker thread (as `next start` and `next dev` open it).
import { vi } from "vitest";
import { useFreshDatabase } from "../support/db";
import { foundationSuite } from "./foundation.suite";

vi.mock("@/lib/auth/session", async () => (await import("../support/session")).sessionModule);
vi.mock("@/lib/auth", () => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined), auth: vi.fn() }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

foundationSuite("PGlite on a worker thread", () => useFreshDatabase({ dataDir: "memory://", thread: true }));
