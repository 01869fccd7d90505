// Copies the WASM runtimes of onnxruntime-web and MediaPipe tasks-vision into public/ so the app
// serves them from its own origin (never a CDN). Runs on install and before dev/build.
import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const targets = [
  { from: "node_modules/onnxruntime-web/dist", to: "public/ort", keep: (f) => /^ort-wasm.*\.(wasm|mjs)$/.test(f) },
  { from: "node_modules/@mediapipe/tasks-vision/wasm", to: "public/mediapipe", keep: () => true },
];
for (const { from, to, keep } of targets) {
  const src = path.join(root, from);
  if (!existsSync(src)) {
    console.warn(`copy-wasm: ${from} is missing (run npm install)`);
    continue;
  }
  mkdirSync(path.join(root, to), { recursive: true });
  for (const f of readdirSync(src).filter(keep)) cpSync(path.join(src, f), path.join(root, to, f));
}
