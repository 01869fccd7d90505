// Object storage for audit crops: @vercel/blob (private store) when BLOB_READ_WRITE_TOKEN is set, local disk
// under .data/blob otherwise. Keys always start with the owning organisation's id, and objects are only ever
// served through app/api/blob/[...key], which checks that prefix against the caller's session.
import "server-only";
import { randomUUID } from "node:crypto";
import { diskStore } from "./disk";
import type { ObjectStore } from "./types";
import { vercelBlobStore } from "./vercel-blob";
import { blobDir, env } from "@/lib/env";

export type { ObjectStore, StoredObject } from "./types";

const KEY_PATTERN = /^[0-9a-f-]{36}\/[a-z0-9-]{1,40}\/[0-9a-f-]{36}\.(jpg|png)$/;

export function isValidKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

export function orgOfKey(key: string): string | null {
  return isValidKey(key) ? key.slice(0, 36) : null;
}

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
