// Fetches the face pipeline's files through the browser's HTTP cache, with progress. Every URL is content-addressed
// and served `immutable` (lib/face/assets.ts), so a request made with the default cache mode is answered from the
// cache without asking the network once the file has been fetched (by an earlier visit, or by the pages' idle
// prefetch). Models come back as bytes, inflated (they travel gzip-compressed) and checked against the registry's
// sha256; runtimes are only read through, so that they are in the cache when ORT and MediaPipe instantiate them
// streaming from the same URL (which is what lets Chromium reuse its compiled code). Runs in the worker (or any
// window/worker scope).

import type { BrowserAsset } from "@/lib/face/assets";

export interface DownloadProgress {
  /** Bytes received or read from cache so far, over all assets. */
  loaded: number;
  total: number;
  /** The file in flight. */
  url: string;
}

export interface FetchedAsset {
  url: string;
  /** The (inflated) bytes of a model; undefined for a runtime, which its loader fetches itself from the cache. */
  data?: Uint8Array<ArrayBuffer>;
  /** Answered by the HTTP cache (Resource Timing's transferSize 0). */
  fromCache: boolean;
  /** Bytes that came over the network (the encoded body; 0 from cache). */
  transferredBytes: number;
  ms: number;
}

/** The Cache Storage that earlier versions kept their own copies in: deleted, the HTTP cache holds the files now. */
const LEGACY_CACHE = "clockface-face-assets-v1";

async function sha256Hex(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Reads a body to the end; keeps the chunks only when asked (a runtime's bytes are not needed here). */
async function readBody(res: Response, keep: boolean, onBytes: (n: number) => void): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    onBytes(buf.length);
    return keep ? buf : undefined;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (keep) chunks.push(value);
    size += value.length;
    onBytes(value.length);
  }
  if (!keep) return undefined;
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

const isGzip = (b: Uint8Array) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Inflates a gzip file (DecompressionStream: native, streaming). A host that already decoded it hands plain bytes. */
async function inflate(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  if (!isGzip(data)) return data;
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * What Resource Timing says about a completed fetch of `url` (undefined where it records nothing, e.g. Node). Chromium
 * adds a fetch's entry a task or more after its body has been read (later on a busy machine), so a browser scope
 * waits for it, briefly.
 */
async function timingOf(url: string): Promise<{ fromCache: boolean; transferred: number } | undefined> {
  if (typeof performance === "undefined" || typeof performance.getEntriesByName !== "function") return undefined;
  const inBrowser = typeof location !== "undefined";
  const abs = inBrowser ? new URL(url, location.href).href : url;
  const find = () => {
    const entries = performance.getEntriesByName(abs, "resource") as PerformanceResourceTiming[];
    const e = entries[entries.length - 1];
    return e && e.decodedBodySize > 0 ? e : undefined;
  };
  let e = find();
  for (let waited = 0; !e && inBrowser && waited < TIMING_WAIT_MS; waited += 25) {
    await new Promise((r) => setTimeout(r, 25));
    e = find();
  }
  if (!e) return undefined;
  return { fromCache: e.transferSize === 0, transferred: e.transferSize === 0 ? 0 : e.encodedBodySize };
}

/** How long a browser scope waits for a fetch's Resource Timing entry to appear. */
const TIMING_WAIT_MS = 2000;

/**
 * Fetches every asset (in parallel) through the HTTP cache. Progress counts the bytes read (cache reads included,
 * they are just fast); the total comes from the responses' sizes, or the registry's where the host compressed
 * the response on the way (Content-Encoding: the body then arrives decoded).
 */
export async function fetchAssets(assets: readonly BrowserAsset[], onProgress?: (p: DownloadProgress) => void): Promise<FetchedAsset[]> {
  if (typeof caches !== "undefined") void caches.delete(LEGACY_CACHE).catch(() => false);
  const t0 = performance.now();
  // Phase 1: a response (headers only so far) for each asset.
  const opened = await Promise.all(
    assets.map(async (a) => {
      const res = await fetch(a.url);
      if (!res.ok) throw new Error(`download of ${a.url} failed: HTTP ${res.status}`);
      return { a, res };
    }),
  );
  const sizes = opened.map(({ a, res }) => (res.headers.get("content-encoding") ? a.bytes : Number(res.headers.get("content-length")) || a.bytes));
  const total = sizes.reduce((s, n) => s + n, 0);
  let loaded = 0;
  // Phase 2: bodies, with progress.
  return Promise.all(
    opened.map(async ({ a, res }): Promise<FetchedAsset> => {
      let read = 0;
      const raw = await readBody(res, a.kind === "model", (n) => {
        read += n;
        loaded += n;
        onProgress?.({ loaded: Math.min(loaded, total), total, url: a.url });
      });
      let data: Uint8Array<ArrayBuffer> | undefined;
      if (raw) {
        data = a.gzip ? await inflate(raw) : raw;
        const sha = await sha256Hex(data);
        if (sha !== a.sha256) throw new Error(`${a.url}: sha256 ${sha} does not match the registry (${a.sha256})`);
      }
      const t = await timingOf(a.url);
      return { url: a.url, data, fromCache: t?.fromCache ?? false, transferredBytes: t?.transferred ?? read, ms: performance.now() - t0 };
    }),
  );
}

/**
 * Puts assets into the HTTP cache ahead of need, one at a time at low priority, reading each body to the end and
 * keeping nothing. Resolves when all are cached (or the first failure: a prefetch is only a head start).
 */
export async function prefetchAssets(urls: readonly string[], signal?: AbortSignal): Promise<void> {
  for (const url of urls) {
    if (signal?.aborted) return;
    const res = await fetch(url, { priority: "low", signal } as RequestInit);
    if (!res.ok || !res.body) return;
    await res.body.pipeTo(new WritableStream(), { signal });
  }
}
