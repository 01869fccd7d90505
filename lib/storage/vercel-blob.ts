import { del, get, put } from "@vercel/blob";
import type { ObjectStore } from "./types";

/** Production store: a private Vercel Blob store; objects are streamed back through our own route. */
export function vercelBlobStore(): ObjectStore {
  return {
    async put(key, body, contentType) {
      await put(key, Buffer.from(body), { access: "private", contentType, addRandomSuffix: false, allowOverwrite: false });
    },
    async get(key) {
      const r = await get(key, { access: "private" });
      if (!r || !r.stream) return null;
      return {
        body: r.stream as ReadableStream<Uint8Array>,
        contentType: r.blob.contentType ?? "application/octet-stream",
        size: r.blob.size ?? null,
      };
    },
    async delete(keys) {
      if (keys.length) await del(keys);
    },
  };
}
