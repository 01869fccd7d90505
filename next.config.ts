import type { NextConfig } from "next";

// Cross-origin isolation (COOP + COEP) lets onnxruntime-web use WASM threads (SharedArrayBuffer).
const isolation = [
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Embedder-Policy", value: "require-corp" },
];

const nextConfig: NextConfig = {
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "onnxruntime-node",
    "@jsquash/jpeg",
    "pdfkit",
    "exceljs",
  ],
  experimental: { serverActions: { bodySizeLimit: "1mb" }, authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: isolation },
      { source: "/models/:path*", headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }] },
    ];
  },
};

export default nextConfig;
