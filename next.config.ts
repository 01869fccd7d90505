import type { NextConfig } from "next";
import { ACTION_BODY_LIMIT } from "./lib/security/action-request";
import { isolationHeaders, isolationSources, securityHeaders } from "./lib/security/headers";

const nextConfig: NextConfig = {
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "onnxruntime-node",
    "@jsquash/jpeg",
    "pdfkit",
    "exceljs",
  ],
  poweredByHeader: false,
  experimental: { serverActions: { bodySizeLimit: ACTION_BODY_LIMIT }, authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders({ production: process.env.NODE_ENV === "production" }) },
      ...isolationSources.map((source) => ({ source, headers: isolationHeaders })),
      { source: "/models/:path*", headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }] },
    ];
  },
};

export default nextConfig;
