// The bundler-visible worker construction (Next.js / Turbopack and webpack understand this pattern).
export function createFaceWorker(): Worker {
  return new Worker(new URL("./face-worker.ts", import.meta.url), { type: "module", name: "clockface-face" });
}
