// A headless-Chromium harness around the PRODUCTION face pipeline, for tests, benchmarks and evaluations.
//
// It bundles tools/harness/page.ts and lib/face/worker/face-worker.ts with esbuild (the same
// lib/face modules the app ships), serves them with public/ (models, ORT and MediaPipe WASM) on a loopback
// port with COOP/COEP headers, launches Debian's chromium through Playwright, and exposes the pipeline to
// Node:
//
//   const h = await startHarness({ threads: 2 });
//   const info = await h.load();                                  // EngineInfo: provider, delegate, timings
//   const res = await h.embedImages([jpegBytes1, jpegBytes2]);     // {faceFound, embedding, landmarks, ...}[]
//   const files = await h.embedImageFiles(["/abs/a.jpg"]);         // same, served from disk (no copying)
//   const frames = await h.landmarksForFrames(pngPaths, tMs);      // VIDEO mode, in order, with EAR/pose
//   const emb = await h.embedAligned([rgba112]);                   // Float32Array[]
//   const spoof = await h.antispoofImages([{ path }]);             // real-face scores (landmark box)
//   await h.close();
//
// Everything runs in the page's face worker exactly as in the app (IMAGE mode for stills, VIDEO mode for
// frame sequences). Nothing is downloaded from the network; the browser is /usr/bin/chromium.

import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "@playwright/test";
import { IMMUTABLE_CACHE_CONTROL } from "@/lib/face/assets";
import type { Box, Landmark } from "@/lib/face/core/types";
import type { EngineConfig, EngineInfo, FrameAnalysis, FrameOptions, ImageOptions } from "@/lib/face/worker/protocol";

export const repoRoot = path.resolve(import.meta.dirname, "..");

/** The dev data folder, or undefined when it is absent (tests then skip with a message). */
export function devDataDir(): string | undefined {
  const candidates = [process.env.CLOCKFACE_DATA_DIR, path.resolve(repoRoot, "../shared/data/dev")].filter(
    (p): p is string => !!p,
  );
  return candidates.find((p) => existsSync(p));
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface HarnessOptions {
  /** ORT WASM threads (1 or 2 here). */
  threads?: number;
  provider?: EngineConfig["provider"];
  delegate?: EngineConfig["delegate"];
  /** Launch with WebGPU enabled (--enable-unsafe-webgpu, GPU not disabled). */
  webgpu?: boolean;
  /** Extra chromium flags (e.g. a fake camera). */
  extraArgs?: string[];
  /** Forward the page's console to stderr. */
  verbose?: boolean;
}

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".pgm": "image/x-portable-graymap",
  ".gif": "image/gif",
  ".gz": "application/gzip",
};

const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

const PAGE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>face harness</title></head>
<body><script type="module" src="/page.js"></script></body></html>`;

const CAPTURE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>face capture</title></head>
<body><div id="root"></div><script type="module" src="/capture.js"></script></body></html>`;

async function bundle(): Promise<Map<string, string>> {
  const common = {
    bundle: true,
    format: "esm" as const,
    platform: "browser" as const,
    target: "chrome120",
    write: false,
    sourcemap: false,
    minify: false,
    logLevel: "error" as const,
    absWorkingDir: repoRoot,
    tsconfig: path.join(repoRoot, "tsconfig.json"),
    // As Next inlines them into a client bundle (the test-only hooks of lib/face/e2e-hooks.ts stay off here).
    define: { "process.env.NODE_ENV": '"production"', "process.env.NEXT_PUBLIC_CLOCKFACE_E2E_HOOKS": '""' },
    // ORT's builds that load their runtime from wasmPaths, as next.config.ts aliases them for the app.
    conditions: ["onnxruntime-web-use-extern-wasm"],
  };
  const [page, capture, worker] = await Promise.all([
    build({ ...common, entryPoints: [path.join(repoRoot, "tools/harness/page.ts")], outfile: "page.js" }),
    build({ ...common, jsx: "automatic", entryPoints: [path.join(repoRoot, "tools/harness/capture-page.tsx")], outfile: "capture.js" }),
    build({ ...common, entryPoints: [path.join(repoRoot, "lib/face/worker/face-worker.ts")], outfile: "face-worker.js" }),
  ]);
  const files = new Map<string, string>();
  for (const out of [...(page.outputFiles ?? []), ...(capture.outputFiles ?? []), ...(worker.outputFiles ?? [])]) {
    files.set("/" + path.basename(out.path), out.text);
  }
  // lib/face/worker/create-worker.ts uses new URL("./face-worker.ts", import.meta.url) (bundlers rewrite it;
  // esbuild leaves it): serve the bundled worker under that name too.
  files.set("/face-worker.ts", files.get("/face-worker.js")!);
  return files;
}

export interface ImageResult {
  faceFound: boolean;
  faceCount: number;
  width: number;
  height: number;
  landmarks?: Landmark[];
  box?: Box;
  embedding?: Float32Array;
  /** The embedding before L2 normalisation (with wantRawEmbedding). */
  rawEmbedding?: Float32Array;
  aligned?: Uint8ClampedArray;
  antispoof?: { score: number; v2Logits: number[]; v1seLogits: number[] };
  timings: { decodeMs: number; landmarksMs: number; alignMs: number; embedMs: number; antispoofMs?: number };
  /** Set when the image could not be read or decoded (the batch goes on). */
  error?: string;
}

export type FrameResult = Omit<FrameAnalysis, "face" | "evidenceJpeg"> & {
  face?: Omit<NonNullable<FrameAnalysis["face"]>, "landmarks"> & { landmarks?: Landmark[] };
  /** The worker's evidence crop (with `evidence: true`), base64 JPEG. */
  evidenceJpegB64?: string;
};

export interface Harness {
  page: Page;
  browser: Browser;
  baseUrl: string;
  /** Loads the engine (models from cache after the first time in this browser profile). */
  load(config?: Partial<EngineConfig>): Promise<EngineInfo>;
  /** Serves a folder read-only; returns its URL prefix (ends with "/"). */
  serveDir(dir: string): string;
  /** IMAGE mode on encoded images (JPEG/PNG/GIF bytes); batches internally. */
  embedImages(images: Uint8Array[], options?: Partial<ImageOptions>): Promise<ImageResult[]>;
  /** IMAGE mode on image files (absolute paths), read by the browser from the loopback server. */
  embedImageFiles(files: string[], options?: Partial<ImageOptions>): Promise<ImageResult[]>;
  /** VIDEO mode over frames in decode order with their timestamps (ms). */
  landmarksForFrames(files: string[], tMs: number[], options?: Partial<FrameOptions>): Promise<FrameResult[]>;
  /** MobileFaceNet on aligned 112x112 RGBA crops. */
  embedAligned(crops: Uint8Array[]): Promise<Float32Array[]>;
  /** Anti-spoof score per image file, on the box of the largest face found by the landmarker. */
  antispoofImages(items: { path: string; box?: Box }[]): Promise<{ score: number | null; box?: Box; faceCount: number }[]>;
  /** Decodes image files in the browser (EXIF orientation applied) → RGBA. */
  decodeImageFiles(files: string[]): Promise<{ data: Uint8ClampedArray; width: number; height: number }[]>;
  /** Runs a function inside the page (the page exposes `window.harness`, see harness/page.ts). */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

const toB64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");
const fromB64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

/** Converts the page's JSON-friendly image result back to typed arrays. */
function reviveImage(r: Record<string, unknown>): ImageResult {
  const out = { ...r } as unknown as ImageResult & { embedding?: unknown; rawEmbedding?: unknown; aligned?: unknown };
  if (Array.isArray(r.embedding)) out.embedding = Float32Array.from(r.embedding as number[]);
  if (Array.isArray(r.rawEmbedding)) out.rawEmbedding = Float32Array.from(r.rawEmbedding as number[]);
  if (typeof r.aligned === "string") out.aligned = new Uint8ClampedArray(fromB64(r.aligned));
  return out;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const files = await bundle();
  const publicDir = path.join(repoRoot, "public");
  const roots = new Map<string, string>();

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (status: number, body: string | Buffer, type = "text/plain") => {
      res.writeHead(status, { ...ISOLATION_HEADERS, "Content-Type": type, "Cache-Control": "no-store" });
      res.end(body);
    };
    if (url.pathname === "/") return send(200, PAGE_HTML, MIME[".html"]);
    if (url.pathname === "/capture.html") return send(200, CAPTURE_HTML, MIME[".html"]);
    const built = files.get(url.pathname);
    if (built !== undefined) return send(200, built, MIME[".js"]);
    let file: string | undefined;
    const m = /^\/__files\/(\d+)\/(.*)$/.exec(url.pathname);
    if (m) {
      const root = roots.get(m[1]!);
      if (root) file = path.join(root, decodeURIComponent(m[2]!));
      if (file && root && !file.startsWith(root + path.sep)) file = undefined;
    } else {
      file = path.join(publicDir, decodeURIComponent(url.pathname));
      if (!file.startsWith(publicDir + path.sep)) file = undefined;
    }
    if (!file || !existsSync(file) || !statSync(file).isFile()) return send(404, "not found");
    res.writeHead(200, {
      ...ISOLATION_HEADERS,
      "Content-Type": MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "Content-Length": String(statSync(file).size),
      // As the app serves them: content-addressed files immutable (lib/face/assets.ts), so the HTTP cache answers.
      "Cache-Control": /^\/(models|ort|mediapipe)\/[0-9a-f]{64}\//.test(url.pathname) ? IMMUTABLE_CACHE_CONTROL : "no-store",
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  if (!addr || typeof addr === "string") throw new Error("harness server has no port");
  const baseUrl = `http://127.0.0.1:${addr.port}`;

  const userDataDir = mkdtempSync(path.join(tmpdir(), "clockface-harness-"));
  const args = [...CHROMIUM_ARGS, ...(opts.extraArgs ?? [])];
  const finalArgs = opts.webgpu
    ? [...args.filter((a) => a !== "--disable-gpu"), "--enable-unsafe-webgpu", "--enable-features=Vulkan"]
    : args;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: finalArgs,
  });
  const browser = context.browser() as Browser;
  const page = context.pages()[0] ?? (await context.newPage());
  if (opts.verbose) page.on("console", (msg) => process.stderr.write(`[page] ${msg.text()}\n`));
  page.on("pageerror", (err) => process.stderr.write(`[page error] ${err.message}\n`));
  await page.goto(baseUrl + "/");
  await page.waitForFunction(() => "harness" in window, null, { timeout: 30_000 });

  let rootSeq = 0;
  const serveDir = (dir: string): string => {
    const abs = path.resolve(dir);
    for (const [k, v] of roots) if (v === abs) return `/__files/${k}/`;
    const key = String(++rootSeq);
    roots.set(key, abs);
    return `/__files/${key}/`;
  };
  const urlOf = (file: string): string => {
    const abs = path.resolve(file);
    const prefix = serveDir(path.dirname(abs));
    return prefix + encodeURIComponent(path.basename(abs));
  };

  const imageDefaults: ImageOptions = { embed: true, centreCropFallback: false, antispoof: false, wantAligned: false };
  const BATCH = 16;

  const h: Harness = {
    page,
    browser,
    baseUrl,
    serveDir,
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    async load(config = {}) {
      const cfg: Partial<EngineConfig> = {
        threads: opts.threads ?? 2,
        provider: opts.provider ?? (opts.webgpu ? "auto" : "wasm"),
        delegate: opts.delegate ?? "auto",
        ...config,
      };
      return page.evaluate((c) => window.harness.load(c), cfg);
    },
    async embedImages(images, options = {}) {
      const o = { ...imageDefaults, ...options };
      const out: ImageResult[] = [];
      for (let i = 0; i < images.length; i += BATCH) {
        const batch = images.slice(i, i + BATCH).map(toB64);
        const res = await page.evaluate(([b, oo]) => window.harness.imagesB64(b, oo), [batch, o] as const);
        out.push(...res.map(reviveImage));
      }
      return out;
    },
    async embedImageFiles(paths, options = {}) {
      const o = { ...imageDefaults, ...options };
      const out: ImageResult[] = [];
      for (let i = 0; i < paths.length; i += BATCH) {
        const urls = paths.slice(i, i + BATCH).map(urlOf);
        const res = await page.evaluate(([u, oo]) => window.harness.imageUrls(u, oo), [urls, o] as const);
        out.push(...res.map(reviveImage));
      }
      return out;
    },
    async landmarksForFrames(paths, tMs, options = {}) {
      if (paths.length !== tMs.length) throw new Error("landmarksForFrames: one timestamp per frame");
      const o: FrameOptions = { antispoof: false, candidate: false, wantLandmarks: true, ...options };
      const out: FrameResult[] = [];
      const CHUNK = 32;
      for (let i = 0; i < paths.length; i += CHUNK) {
        const urls = paths.slice(i, i + CHUNK).map(urlOf);
        out.push(...(await page.evaluate(([u, t, oo]) => window.harness.frames(u, t, oo), [urls, tMs.slice(i, i + CHUNK), o] as const)));
      }
      return out;
    },
    async embedAligned(crops) {
      const res = await page.evaluate((b) => window.harness.embedAlignedB64(b), crops.map(toB64));
      return res.map((e) => Float32Array.from(e));
    },
    async decodeImageFiles(paths) {
      const out: { data: Uint8ClampedArray; width: number; height: number }[] = [];
      for (const p of paths) {
        const r = await page.evaluate((u) => window.harness.decodeUrl(u), urlOf(p));
        out.push({ data: new Uint8ClampedArray(fromB64(r.rgba)), width: r.width, height: r.height });
      }
      return out;
    },
    async antispoofImages(items) {
      const out: { score: number | null; box?: Box; faceCount: number }[] = [];
      for (const it of items) {
        const [r] = await h.embedImageFiles([it.path], { embed: false, antispoof: !it.box });
        if (it.box) {
          const s = await page.evaluate(([u, b]) => window.harness.antispoofUrl(u, b), [urlOf(it.path), it.box] as const);
          out.push({ score: s, box: it.box, faceCount: r?.faceCount ?? 0 });
        } else {
          out.push({ score: r?.antispoof?.score ?? null, box: r?.box, faceCount: r?.faceCount ?? 0 });
        }
      }
      return out;
    },
    async close() {
      await context.close().catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return h;
}
