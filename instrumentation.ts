// Runs once when the server starts (lib/server-start.ts). process.env.NEXT_RUNTIME is not read at run time: Next
// replaces it at build time, so the Edge bundle of this file drops the Node-only start and everything it imports.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("@/lib/server-start")).startServer();
}
