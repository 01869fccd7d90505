// Debian's chromium (no browser download) with the flags known to work offline and headless, plus the fake
// camera switches for specs that need a webcam.
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launch options for a fake webcam that plays `clip` (.y4m) in a loop; `grant` false = permission denied. */
export function fakeCameraLaunch(clip: string | undefined, grant = true) {
  const args = [...chromiumArgs, "--use-fake-device-for-media-stream"];
  if (grant) args.push("--use-fake-ui-for-media-stream");
  if (clip) args.push(`--use-file-for-fake-video-capture=${clip}`);
  return { executablePath: chromiumPath, args };
}
