// For scripts that regenerate a committed file (model conversions): whether the file on disk is byte for byte what
// the script produced, by sha256. A missing file is not.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

export const sha256Hex = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

export function committedFileMatches(file: string, sha: string): boolean {
  try {
    return sha256Hex(new Uint8Array(readFileSync(file))) === sha;
  } catch {
    return false;
  }
}
