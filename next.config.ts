import type { NextConfig } from "next";
import { ACTION_BODY_LIMIT } from "./lib/security/action-request";
import { isolationHeaders, isolationSources, securityHeaders } from "./lib/security/headers";
import { CONTENT_ADDRESSED_SOURCES, IMMUTABLE_CACHE_CONTROL } from "./lib/face/assets";
import { MODELS, SERVER_MODELS } from "./lib/face/models";
import { env } from "./lib/env";

// What the functions ship (Vercel deploys each route with the files its `.nft.json` trace lists; `output:
// "standalone"` copies the same set). The tracer follows imports only, so files read at run time are listed here:
// - routes that run the server's face models: onnxruntime-node's shared library (the binding dlopens it from its own
//   folder), the model files (read from process.cwd()/public/models) and onnxruntime-web's Node WASM runtime (the
//   fallback when the native binding does not load; it imports it from its own folder);
// - with no DATABASE_URL at build time (the embedded single-server build): drizzle/ (PGlite migrates on open);
// - the demo owner's face stills (lib/demo/face/*.jpg), read when a server with the demo seeds it (CLOCKFACE_DEMO=1).
// With DATABASE_URL at build time PGlite is left out of every function (production migrates with `npm run
// db:migrate`; lib/env.ts refuses to start without DATABASE_URL). Only linux-x64's native runtime is shipped.
// `npm run verify:deploy` checks every trace and prints each function's size.
const FACE_ROUTES = ["/check-in", "/enrol", "/kiosk", "/api/health"];
const faceRuntime = [
  "./node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1",
  "./node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.{mjs,wasm}",
  "./node_modules/@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm",
  ...[...Object.values(MODELS).filter((m) => m.runtime === "onnx"), ...Object.values(SERVER_MODELS)].map((m) => `./public/models/${m.file}`),
];
// Known waste: Next matches these keys as substrings of the route ("/check-in" also matches /admin/check-ins and
// /api/admin/check-ins, "/enrol" /admin/enrolments), and Turbopack applies outputFileTracingExcludes before the
// includes, so those admin functions ship the face runtime too (about 65 MB they never load; measured 2026-12-04:
// an "/admin" exclude changed nothing). verify:deploy reports it.
const embeddedBuild = !env().DATABASE_URL;
const notShipped = [
  "./node_modules/onnxruntime-node/bin/napi-v6/{darwin,win32}/**",
  "./node_modules/onnxruntime-node/bin/napi-v6/linux/arm64/**",
  ...(embeddedBuild ? [] : ["./node_modules/@electric-sql/**", "./.next/node_modules/@electric-sql/**"]),
];

// The face worker's ORT builds that load their runtime from `wasmPaths` (lib/face/worker/ort-web.ts): the default
// builds make the bundler emit an unused copy of each runtime binary (41 MB) into .next/static/media.
const ORT_EXTERN_WASM = {
  "onnxruntime-web/wasm": { browser: "./node_modules/onnxruntime-web/dist/ort.wasm.min.mjs" },
  "onnxruntime-web/webgpu": { browser: "./node_modules/onnxruntime-web/dist/ort.webgpu.min.mjs" },
};

const nextConfig: NextConfig = {
  output: "standalone",
  turbopack: { resolveAlias: ORT_EXTERN_WASM },
  outputFileTracingIncludes: {
    ...Object.fromEntries(FACE_ROUTES.map((r) => [r, faceRuntime])),
    // The PDF export's bundled Unicode font (lib/reports/pdf.ts reads it from the project root).
    "/api/reports/*": ["./lib/reports/fonts/*.ttf", "./lib/reports/fonts/*.ttc"],
    "/*": [...(embeddedBuild ? ["./drizzle/**/*"] : []), "./lib/demo/face/*.jpg"],
  },
  outputFileTracingExcludes: { "/*": notShipped },
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "onnxruntime-node",
    "onnxruntime-web",
    "@jsquash/jpeg",
    "pdfkit",
    "exceljs",
  ],
  poweredByHeader: false,
  experimental: { serverActions: { bodySizeLimit: ACTION_BODY_LIMIT }, authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders({ production: env().NODE_ENV === "production" }) },
      ...isolationSources.map((source) => ({ source, headers: isolationHeaders })),
      // Models and runtimes: content-addressed (lib/face/assets.ts), so cached for good.
      ...CONTENT_ADDRESSED_SOURCES.map((source) => ({ source, headers: [{ key: "Cache-Control", value: IMMUTABLE_CACHE_CONTROL }] })),
    ];
  },
};

export default nextConfig;
