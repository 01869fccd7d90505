// The message a kiosk signs to begin a check-in (it has no session): canonical JSON of its device id, the purpose
// and its clock, as UTF-8 bytes. Built here for both sides: the kiosk page signs it, the server verifies it.
import { canonicalJson } from "./canonical";

export const kioskBeginBytes = (deviceId: string, ts: number): Uint8Array =>
  new TextEncoder().encode(canonicalJson({ purpose: "kiosk-begin", deviceId, ts }));
