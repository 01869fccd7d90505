// Puts the face pipeline's browser files under content-addressed paths in public/, so the app serves them from its
// own origin (never a CDN) with `Cache-Control: immutable` (next.config.ts) and the browser's HTTP cache keeps them:
// - the WASM runtimes named in lib/face/runtime-files.json (onnxruntime-web's plain and WebGPU builds, MediaPipe's
//   classic- and module-worker builds), each once, at public/<dir>/<sha256>/<file>. The file in node_modules must
//   have the registry's sha256: a new package version stops here with the line to change, instead of shipping a
//   runtime under the old hash;
// - the models the browser loads (lib/face/browser-model-files.json: lib/face/assets.ts BROWSER_MODELS, checked by
//   tests/unit/face/models.test.ts), gzip-compressed, at public/models/<sha256>/<file>.gz. Vercel's CDN compresses
//   application/wasm and JavaScript itself but not application/octet-stream (.onnx, .task), so the models travel
//   pre-compressed and the face worker inflates them (lib/face/worker/asset-cache.ts). The float32 originals and the
//   server's face mesh are read by the server functions from public/models itself and get no copy.
// Runs on install and before dev/build; files already in place (same hash) are left alone.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const root = path.resolve(import.meta.dirname, "..");
const registry = JSON.parse(readFileSync(path.join(root, "lib/face/runtime-files.json"), "utf8"));
const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");
const isHashDir = (name) => /^[0-9a-f]{64}$/.test(name);

/** Writes atomically (a content-addressed path must never hold half a file). */
function writeOnce(dest, produce) {
  if (existsSync(dest)) return;
  mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.tmp-${process.pid}`;
  writeFileSync(tmp, produce());
  renameSync(tmp, dest);
}

const wanted = new Map(); // public/<dir> → names of the hash directories to keep
const keep = (dir, hash) => wanted.set(dir, new Set([...(wanted.get(dir) ?? []), hash]));
let missing = false;

for (const [key, f] of Object.entries(registry)) {
  const src = path.join(root, "node_modules", f.package, f.from);
  if (!existsSync(src)) {
    console.warn(`copy-wasm: ${f.package}/${f.from} is missing (run npm install)`);
    missing = true;
    continue;
  }
  const buf = readFileSync(src);
  const sha = sha256(buf);
  if (sha !== f.sha256 || buf.length !== f.bytes) {
    console.error(
      `copy-wasm: ${f.package}/${f.from} changed (a new package version?): set lib/face/runtime-files.json "${key}" to ` +
        `"sha256": "${sha}", "bytes": ${buf.length}`,
    );
    process.exit(1);
  }
  const dest = path.join(root, "public", f.dir, sha, path.basename(f.from));
  if (!existsSync(dest)) cpSync(src, dest);
  keep(f.dir, sha);
}

const modelsDir = path.join(root, "public/models");
for (const file of JSON.parse(readFileSync(path.join(root, "lib/face/browser-model-files.json"), "utf8"))) {
  const buf = readFileSync(path.join(modelsDir, file));
  const sha = sha256(buf);
  writeOnce(path.join(modelsDir, sha, `${file}.gz`), () => gzipSync(buf, { level: 9 }));
  keep("models", sha);
}

// Remove what an older copy left: hash directories no longer named, and the flat layout of earlier versions.
for (const [dir, hashes] of wanted) {
  const base = path.join(root, "public", dir);
  for (const name of readdirSync(base)) {
    const p = path.join(base, name);
    const stale = isHashDir(name) ? !hashes.has(name) : dir !== "models" && statSync(p).isFile();
    if (stale && !missing) rmSync(p, { recursive: true, force: true });
  }
}
