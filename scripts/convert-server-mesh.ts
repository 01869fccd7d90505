// npx tsx scripts/convert-server-mesh.ts [--source <face_landmarks_detector.onnx>] [--check]
//
// Writes the server's face mesh (SERVER_MODELS.faceMesh, public/models/face-mesh-478-f32.onnx): the float16 landmark
// network (sha256 017f267d…, tools/onnx-f32.ts MESH_SOURCE; default path ../shared/models/server-candidates/)
// converted to float32 by tools/onnx-f32.ts. Deterministic: running it again gives the same bytes, and prints the
// file's sha256 and size for the registry and public/models/NOTICE.md.
// --check: write nothing, exit 1 when the committed file differs from what this script makes.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { committedFileMatches, sha256Hex } from "@/tools/committed-file";
import { SERVER_MODELS } from "@/lib/face/models";
import { convertToFloat32, MESH_SOURCE } from "@/tools/onnx-f32";

const root = path.resolve(import.meta.dirname, "..");
const check = process.argv.includes("--check");
const at = process.argv.indexOf("--source");
const sourcePath = at > 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]!) : path.join(root, MESH_SOURCE.path);
const sha256 = sha256Hex;

const m = SERVER_MODELS.faceMesh;
const src = new Uint8Array(readFileSync(sourcePath));
if (sha256(src) !== MESH_SOURCE.sha256) throw new Error(`${sourcePath} is not the float16 network (sha256 ${sha256(src)}, want ${MESH_SOURCE.sha256})`);
const out = convertToFloat32(src);
const sha = sha256(out.bytes);
const dest = path.join(root, "public/models", m.file);
console.log(`${m.file}: ${out.bytes.length} bytes, sha256 ${sha} (from ${path.basename(sourcePath)}, ${src.length} bytes; ${out.tensors} tensors, ${out.valueInfos} value infos, ${out.casts} casts float16→float32)`);

let stale = 0;
if (check) {
  if (!committedFileMatches(dest, sha)) {
    console.error(`${m.file}: the committed file differs from this script's output`);
    stale++;
  }
} else {
  writeFileSync(dest, out.bytes);
}
if (sha !== m.sha256 || out.bytes.length !== m.bytes) {
  console.error(`${m.file}: set lib/face/models.ts SERVER_MODELS.faceMesh to sha256 "${sha}", bytes ${out.bytes.length}`);
  stale++;
}
if (stale) process.exit(1);
