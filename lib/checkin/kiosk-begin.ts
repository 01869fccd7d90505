// The messages a kiosk signs (it has no session: its key is its credential), built here for both sides — the kiosk
// page signs them, the server verifies them. Each is canonical JSON as UTF-8 bytes, with a purpose of its own so
// one can never be taken for the other.
//  - kiosk-begin: its device id and its clock, to be given a challenge;
//  - kiosk-punch: after the server identified someone, the punch that person chose for that identification.
import type { PunchKind } from "@/lib/attendance/punches";
import { canonicalJson } from "./canonical";

export const kioskBeginBytes = (deviceId: string, ts: number): Uint8Array =>
  new TextEncoder().encode(canonicalJson({ purpose: "kiosk-begin", deviceId, ts }));

export const kioskPunchBytes = (deviceId: string, identificationId: string, punch: PunchKind, ts: number): Uint8Array =>
  new TextEncoder().encode(canonicalJson({ purpose: "kiosk-punch", deviceId, identificationId, punch, ts }));
