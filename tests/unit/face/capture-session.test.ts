import { describe, expect, it } from "vitest";
import { FaceCaptureError, STALLED_MESSAGE, stallGuard } from "@/lib/face/capture-session";

describe("capture session watchdog", () => {
  it("passes answers and errors of a responsive worker through", async () => {
    await expect(stallGuard(Promise.resolve(42), 50)).resolves.toBe(42);
    await expect(stallGuard(Promise.reject(new Error("model failed")), 50)).rejects.toThrow("model failed");
  });

  it("ends a session whose worker does not answer as 'stalled', with a message for the person", async () => {
    const never = new Promise<number>(() => {});
    const err = await stallGuard(never, 30).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FaceCaptureError);
    expect((err as FaceCaptureError).code).toBe("stalled");
    expect((err as FaceCaptureError).message).toBe(STALLED_MESSAGE);
  });
});
