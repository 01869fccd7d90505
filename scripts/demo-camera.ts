// Try a check-in as the demo owner without a webcam: builds the fake-camera clip of the committed demo face
// (lib/demo/face/, CC BY 4.0 Intel head-pose GIF; tools/demo-face.ts) and opens Debian's Chromium on the dev server's
// sign-in page with its camera playing that clip. Sign in as the demo owner (README), register the laptop on
// /check-in, approve it under Admin → Devices, then check in: the demo organisation asks for the two head turns.
// Needs ffmpeg and a display. The Chromium profile is kept (.data/demo-camera/profile), so the laptop stays
// registered between runs; `--fresh` starts a new one (after the dev database was reset: the old key is unknown).
//   npm run demo:camera                          http://localhost:3000/sign-in
//   npm run demo:camera -- --url http://localhost:3001/sign-in
//   npm run demo:camera -- --fresh               a new profile (a new laptop key)
//   npm run demo:camera -- --print               only builds the clip and prints the Chromium command
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { makeDemoFaceClip } from "@/tools/demo-face";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const url = arg("--url") ?? `http://localhost:${process.env.PORT ?? 3000}/sign-in`;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const profile = path.resolve(import.meta.dirname, "..", ".data/demo-camera/profile");
if (process.argv.includes("--fresh")) rmSync(profile, { recursive: true, force: true });
mkdirSync(profile, { recursive: true });

const clip = makeDemoFaceClip();
const args = [
  `--user-data-dir=${profile}`,
  "--no-first-run",
  "--use-fake-ui-for-media-stream", // grants the camera without asking
  "--use-fake-device-for-media-stream",
  `--use-file-for-fake-video-capture=${clip}`,
  url,
];
console.log(`fake camera: ${clip}\n${chromium} ${args.join(" ")}`);
if (!process.argv.includes("--print")) {
  const child = spawn(chromium, args, { stdio: "inherit" });
  child.on("error", (e) => {
    console.error(`could not start ${chromium}: ${e.message} (set CHROMIUM_PATH)`);
    process.exit(1);
  });
  child.on("exit", (code) => process.exit(code ?? 0));
}
