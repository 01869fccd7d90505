import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { createReadStream } from "node:fs";
import type { ObjectStore } from "./types";
import { blobDir } from "@/lib/env";

const types: Record<string, string> = { ".jpg": "image/jpeg", ".png": "image/png" };

/** Local-disk store for the embedded default (dev, tests). Keys are validated by the caller. */
export function diskStore(dir: string = blobDir()): ObjectStore {
  const root = dir;
  const file = (key: string) => {
    const p = path.resolve(root, key);
    if (!p.startsWith(path.resolve(root) + path.sep)) throw new Error("key escapes the store");
    return p;
  };
  // Folders this store has made (one per organisation and kind): each put then costs one write, not a mkdir too.
  const made = new Set<string>();
  return {
    async put(key, body) {
      const p = file(key);
      const dir = path.dirname(p);
      if (!made.has(dir)) {
        await mkdir(dir, { recursive: true });
        made.add(dir);
      }
      try {
        await writeFile(p, body);
      } catch (e) {
        // The folder went away (e.g. removed by hand): make it again once.
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
        await mkdir(dir, { recursive: true });
        await writeFile(p, body);
      }
    },
    async get(key) {
      const p = file(key);
      try {
        const s = await stat(p);
        return {
          body: Readable.toWeb(createReadStream(p)) as ReadableStream<Uint8Array>,
          contentType: types[path.extname(p)] ?? "application/octet-stream",
          size: s.size,
        };
      } catch {
        return null;
      }
    },
    async delete(keys) {
      await Promise.all(keys.map((k) => rm(file(k), { force: true })));
    },
  };
}

export async function readAll(store: ObjectStore, key: string): Promise<Uint8Array | null> {
  const o = await store.get(key);
  if (!o) return null;
  return new Uint8Array(await new Response(o.body).arrayBuffer());
}

