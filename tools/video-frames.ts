// Decodes a video into still frames (every decoded frame, in decode order, with its timestamp) using
// Debian's ffmpeg/ffprobe. Frames are cached under tests/.tmp/frames/<key>/ so repeated runs are quick.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "..");

export interface ExtractedFrames {
  dir: string;
  /** Absolute paths, one per decoded frame, in decode order. */
  files: string[];
  /** Presentation time of each frame (ms). */
  tMs: number[];
  width: number;
  height: number;
}

export interface ExtractOptions {
  /** Optional ffmpeg video filter (e.g. "scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2"). */
  filter?: string;
  /** JPEG quality for ffmpeg's -q:v (2 = near lossless). */
  quality?: number;
}

export function frameTimestampsMs(video: string): number[] {
  const out = execFileSync(
    "ffprobe",
    ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=best_effort_timestamp_time", "-of", "csv=p=0", video],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  return out
    .split("\n")
    .map((l) => l.trim().replace(/,$/, ""))
    .filter((l) => l.length > 0)
    .map((l) => Math.round(Number(l) * 1e6) / 1e3);
}

export function extractFrames(video: string, opts: ExtractOptions = {}): ExtractedFrames {
  const st = statSync(video);
  const key = createHash("sha1")
    .update(JSON.stringify([path.resolve(video), st.size, st.mtimeMs, opts]))
    .digest("hex")
    .slice(0, 16);
  const dir = path.join(repoRoot, "tests/.tmp/frames", key);
  const meta = path.join(dir, "frames.json");
  if (existsSync(meta)) return JSON.parse(readFileSync(meta, "utf8")) as ExtractedFrames;
  mkdirSync(dir, { recursive: true });
  const tMs = frameTimestampsMs(video);
  const args = ["-v", "error", "-y", "-i", video, "-fps_mode", "passthrough"];
  // setpts=N/TB (frame n at n seconds): strictly increasing output timestamps (a scaling filter can round two frames onto one
  // tick, which the image muxer rejects); the real timestamps come from ffprobe above.
  args.push("-vf", opts.filter ? `${opts.filter},setpts=N/TB` : "setpts=N/TB");
  args.push("-q:v", String(opts.quality ?? 2), path.join(dir, "%05d.jpg"));
  execFileSync("ffmpeg", args, { stdio: ["ignore", "ignore", "pipe"] });
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".jpg"))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length !== tMs.length) {
    throw new Error(`${video}: ffmpeg wrote ${files.length} frames but ffprobe listed ${tMs.length} timestamps`);
  }
  const dims = execFileSync("ffprobe", ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", files[0]!], {
    encoding: "utf8",
  })
    .trim()
    .split(",")
    .map(Number);
  const result: ExtractedFrames = { dir, files, tMs, width: dims[0]!, height: dims[1]! };
  writeFileSync(meta, JSON.stringify(result));
  return result;
}

export interface BlinkAnnotation {
  file: string;
  event: "blink" | "long_closure";
  startFrame: number;
  endFrame: number;
  startS: number;
  endS: number;
}

/** Reads a blink_annotations.csv (file,event,start_frame,end_frame,start_s,end_s). */
export function readBlinkAnnotations(csvPath: string): BlinkAnnotation[] {
  const lines = readFileSync(csvPath, "utf8").trim().split(/\r?\n/);
  const header = lines.shift()?.split(",") ?? [];
  const want = ["file", "event", "start_frame", "end_frame", "start_s", "end_s"];
  if (want.some((w, i) => header[i] !== w)) throw new Error(`${csvPath}: bad header ${header.join(",")}`);
  return lines.map((l, i) => {
    const [file, event, sf, ef, ss, es] = l.split(",");
    if (event !== "blink" && event !== "long_closure") throw new Error(`${csvPath}:${i + 2}: bad event ${event}`);
    return { file: file!, event, startFrame: Number(sf), endFrame: Number(ef), startS: Number(ss), endS: Number(es) };
  });
}
