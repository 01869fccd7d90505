// Copies the WASM runtimes of onnxruntime-web and MediaPipe tasks-vision into public/ so the app
// serves them from its own origin (never a CDN). Runs on install and before dev/build.
// Only the ORT runtimes the face worker loads (lib/face/worker/ort-web.ts: the plain WASM build and the WebGPU
// build's asyncify runtime), each once: the JSEP and JSPI variants (42 MB) are never fetched, so not deployed.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const targets = [
  { from: "node_modules/onnxruntime-web/dist", to: "public/ort", keep: (f) => /^ort-wasm-simd-threaded(\.asyncify)?\.(wasm|mjs)$/.test(f) },
  { from: "node_modules/@mediapipe/tasks-vision/wasm", to: "public/mediapipe", keep: () => true },
];
for (const { from, to, keep } of targets) {
  const src = path.join(root, from);
  if (!existsSync(src)) {
    console.warn(`copy-wasm: ${from} is missing (run npm install)`);
    continue;
  }
  mkdirSync(path.join(root, to), { recursive: true });
  for (const f of readdirSync(path.join(root, to)).filter((f) => !keep(f))) rmSync(path.join(root, to, f)); // left by an older copy
  for (const f of readdirSync(src).filter(keep)) cpSync(path.join(src, f), path.join(root, to, f));
}
