// What the face lab (and any page that starts the camera and the face pipeline) says when starting fails: a
// sentence a person can act on, never a raw browser message with its help link.
import { CameraError } from "./camera";

/** Messages for start-up failures that are not the camera's own (those come from CameraError). */
export const startErrorMessages = {
  playBlocked: "The browser did not let the camera preview start. Click anywhere on the page, or reload it, and try again.",
  interrupted: "The camera preview was interrupted while it was starting. Reload the page to try again.",
  noWebAssembly: "This browser cannot run the face check (WebAssembly is turned off or unsupported). Try an up-to-date Chrome, Edge, Firefox or Safari.",
  models: "The face models could not be loaded. Check the connection to this site and reload the page.",
  other: "The face check could not start on this browser. Reload the page to try again; if it keeps failing, try another browser.",
} as const;

/** The message to show for an error thrown while starting the camera or the face pipeline. */
export function explainStartError(e: unknown): string {
  if (e instanceof CameraError) return e.message;
  const name = e instanceof Error || (typeof DOMException !== "undefined" && e instanceof DOMException) ? (e as Error).name : "";
  const message = e instanceof Error ? e.message : typeof e === "string" ? e : "";
  if (name === "NotAllowedError" && /play\(\)/.test(message)) return startErrorMessages.playBlocked;
  if (name === "AbortError" || /play\(\) request was interrupted/.test(message)) return startErrorMessages.interrupted;
  if (/WebAssembly/i.test(message)) return startErrorMessages.noWebAssembly;
  if (/\.(onnx|task|wasm)\b|failed to fetch|model/i.test(message)) return startErrorMessages.models;
  return startErrorMessages.other;
}
