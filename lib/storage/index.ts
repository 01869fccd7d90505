// Object storage for audit crops: @vercel/blob (private store) when BLOB_READ_WRITE_TOKEN is set, local disk
// under .data/blob otherwise. Keys always start with the owning organisation's id, and objects are only ever
// served through app/api/blob/[...key], which checks that prefix against the caller's session.
import "server-only";
import { randomUUID } from "node:crypto";
import { diskStore } from "./disk";
import { isValidKey } from "./keys";
import type { ObjectStore } from "./types";
import { vercelBlobStore } from "./vercel-blob";
import { blobDir, env } from "@/lib/env";

export type { ObjectStore, StoredObject } from "./types";
export { isValidKey, orgOfKey } from "./keys";

export function newObjectKey(orgId: string, folder: string, ext: "jpg" | "png" = "jpg"): string {
  const key = `${orgId}/${folder}/${randomUUID()}.${ext}`;
  if (!isValidKey(key)) throw new Error("invalid object key");
  return key;
}

let store: ObjectStore | undefined;

/** The store chosen by environment alone (no network probe: @vercel/blob retries for a minute offline). */
export function objectStore(): ObjectStore {
  store ??= env().BLOB_READ_WRITE_TOKEN ? vercelBlobStore() : diskStore(blobDir());
  return store;
}
