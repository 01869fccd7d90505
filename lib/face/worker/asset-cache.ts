// Downloads the pipeline's files once, with progress, and keeps them in Cache Storage so that a second
// visit downloads nothing. Model files are checked against the registry's sha256 on download (a corrupt
// or swapped file never reaches the cache). Runs in the worker (or any window/worker scope).

/** One file to fetch. sha256 is known for models (registry) and unknown for runtime WASM. */
export interface Asset {
  url: string;
  /** Size used for the progress total before the response arrives (bytes). */
  bytes: number;
  sha256?: string;
  /** Part of the cache key: a new version or hash means a new entry. */
  version: string;
}

export interface DownloadProgress {
  /** Bytes received or read from cache so far, over all assets. */
  loaded: number;
  total: number;
  /** The file in flight. */
  url: string;
}

export interface FetchedAsset {
  url: string;
  data: Uint8Array<ArrayBuffer>;
  fromCache: boolean;
  ms: number;
}

export const CACHE_NAME = "clockface-face-assets-v1";

function cacheKey(a: Asset): string {
  return `${a.url}?cf-version=${encodeURIComponent(a.version)}`;
}

async function sha256Hex(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function openCache(): Promise<Cache | undefined> {
  try {
    return typeof caches === "undefined" ? undefined : await caches.open(CACHE_NAME);
  } catch {
    return undefined; // e.g. an opaque origin or storage disabled: download every time
  }
}

async function readBody(res: Response, onBytes: (n: number) => void): Promise<Uint8Array<ArrayBuffer>> {
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    onBytes(buf.length);
    return buf;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    onBytes(value.length);
  }
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/**
 * Fetches every asset (in parallel), from Cache Storage when present. Progress counts bytes over all
 * assets (cache reads included, they are just fast); the total comes from the responses' sizes.
 */
export async function fetchAssets(
  assets: readonly Asset[],
  onProgress?: (p: DownloadProgress) => void,
): Promise<FetchedAsset[]> {
  const cache = await openCache();
  const t0 = performance.now();
  // Phase 1: a response (headers only so far) for each asset, cached or from the network.
  const opened = await Promise.all(
    assets.map(async (a) => {
      const key = cacheKey(a);
      const hit = await cache?.match(key);
      if (hit) return { a, key, res: hit, fromCache: true };
      const res = await fetch(a.url, { cache: "no-store" });
      if (!res.ok) throw new Error(`download of ${a.url} failed: HTTP ${res.status}`);
      return { a, key, res, fromCache: false };
    }),
  );
  const sizes = opened.map(({ a, res }) => Number(res.headers.get("content-length")) || a.bytes);
  const total = sizes.reduce((s, n) => s + n, 0);
  let loaded = 0;
  // Phase 2: bodies, with progress.
  return Promise.all(
    opened.map(async ({ a, key, res, fromCache }): Promise<FetchedAsset> => {
      const data = await readBody(res, (n) => {
        loaded += n;
        onProgress?.({ loaded: Math.min(loaded, total), total, url: a.url });
      });
      if (!fromCache) {
        if (a.sha256) {
          const sha = await sha256Hex(data);
          if (sha !== a.sha256) throw new Error(`${a.url}: sha256 ${sha} does not match the registry (${a.sha256})`);
        }
        try {
          const headers = { "content-type": "application/octet-stream", "content-length": String(data.length) };
          await cache?.put(key, new Response(data.slice(), { headers }));
        } catch {
          // Quota exceeded or storage disabled: the pipeline still runs, it just downloads next time.
        }
      }
      return { url: a.url, data, fromCache, ms: performance.now() - t0 };
    }),
  );
}

/** Removes everything this module cached (for a "reset" button and for cold-load benchmarks). */
export async function clearAssetCache(): Promise<boolean> {
  return typeof caches === "undefined" ? false : caches.delete(CACHE_NAME);
}
