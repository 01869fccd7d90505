// npx tsx scripts/quantize-browser-models.ts [--check]
//
// Writes the browser's copies of the ONNX models (issue 17: a first visit downloads ≤ 12 MB): each float32 model of
// the registry that has a `browser` copy (lib/face/models.ts) is rewritten with int8 weights by
// tools/onnx-quantize.ts into public/models/<browser file>. The server keeps running the float32 originals and decides
// from them; the browser's embedding and anti-spoof scores are claims and prompts. Deterministic: running it again
// gives the same bytes, and prints each file's sha256 and size for the registry and public/models/NOTICE.md.
// --check: write nothing, exit 1 when a committed copy differs from what this script makes.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { committedFileMatches, sha256Hex } from "@/tools/committed-file";
import { MODELS } from "@/lib/face/models";
import { modelsWithBrowserCopy, quantizeBrowserCopy } from "@/tools/onnx-quantize";

const root = path.resolve(import.meta.dirname, "..");
const check = process.argv.includes("--check");
const sha256 = sha256Hex;

let stale = 0;
for (const m of modelsWithBrowserCopy(MODELS)) {
  const src = new Uint8Array(readFileSync(path.join(root, "public/models", m.file)));
  if (sha256(src) !== m.sha256) throw new Error(`${m.file} is not the registry's file (sha256 ${sha256(src)})`);
  const out = quantizeBrowserCopy(m, src);
  const dest = path.join(root, "public/models", m.browser.file);
  const sha = sha256(out.bytes);
  const worst = Math.max(...out.tensors.map((t) => t.maxRelError));
  console.log(
    `${m.browser.file}: ${out.bytes.length} bytes, sha256 ${sha} (from ${m.file}, ${src.length} bytes; ${out.tensors.length} weights int8, ` +
      `${out.keptFloatElements} float32 elements kept, opset ${out.opsetBefore}→≥13, worst rounding ${(worst * 100).toFixed(2)} % of a tensor's max)`,
  );
  if (check) {
    if (!committedFileMatches(dest, sha)) {
      console.error(`${m.browser.file}: the committed file differs from this script's output`);
      stale++;
    }
  } else {
    writeFileSync(dest, out.bytes);
  }
  if (sha !== m.browser.sha256 || out.bytes.length !== m.browser.bytes) {
    console.error(`${m.browser.file}: set lib/face/models.ts ${m.key}.browser to sha256 "${sha}", bytes ${out.bytes.length}`);
    stale++;
  }
}
if (stale) process.exit(1);
