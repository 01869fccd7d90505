import { describe, expect, it } from "vitest";
import { CameraError } from "@/lib/face/camera";
import { explainStartError, startErrorMessages } from "@/lib/face/start-error";

const domError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe("start-up errors in words", () => {
  it("explains the browser's autoplay refusal and interruption without its goo.gl link", () => {
    const blocked = explainStartError(domError("NotAllowedError", "play() failed because the user didn't interact with the document first. https://goo.gl/xX8pDD"));
    expect(blocked).toBe(startErrorMessages.playBlocked);
    const interrupted = explainStartError(domError("AbortError", "The play() request was interrupted by a call to pause(). https://goo.gl/LdLk22"));
    expect(interrupted).toBe(startErrorMessages.interrupted);
    for (const m of [blocked, interrupted]) expect(m).not.toMatch(/https?:|goo\.gl/);
  });

  it("keeps the camera's own messages and names model and WebAssembly failures", () => {
    const cam = new CameraError("absent");
    expect(explainStartError(cam)).toBe(cam.message);
    expect(explainStartError(new Error("failed to fetch /models/mobilefacenet.onnx (404)"))).toBe(startErrorMessages.models);
    expect(explainStartError(new Error("WebAssembly.instantiate(): out of memory"))).toBe(startErrorMessages.noWebAssembly);
    expect(explainStartError("something odd https://goo.gl/abc")).toBe(startErrorMessages.other);
  });
});
