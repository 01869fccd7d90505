import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BROWSER_MODELS } from "@/lib/face/assets";
import browserModelFiles from "@/lib/face/browser-model-files.json";
import { ALL_MODELS, browserFile, EMBEDDING_MODEL_ID, MODELS, SERVER_MODELS, TOTAL_MODEL_BYTES } from "@/lib/face/models";

const modelsDir = path.resolve(import.meta.dirname, "../../../public/models");

describe("model registry", () => {
  for (const m of ALL_MODELS) {
    it(`${m.file}: size and sha256 match the registry`, () => {
      const file = path.join(modelsDir, m.file);
      expect(statSync(file).size).toBe(m.bytes);
      const sha = createHash("sha256").update(readFileSync(file)).digest("hex");
      expect(sha).toBe(m.sha256);
    });
  }

  for (const m of ALL_MODELS.filter((e) => e.browser)) {
    it(`${browserFile(m).file} (the browser's copy of ${m.file}): size and sha256 match the registry`, () => {
      const copy = browserFile(m);
      const file = path.join(modelsDir, copy.file);
      expect(statSync(file).size).toBe(copy.bytes);
      expect(createHash("sha256").update(readFileSync(file)).digest("hex")).toBe(copy.sha256);
    });
  }

  for (const m of Object.values(SERVER_MODELS)) {
    it(`${m.file} (server only): size and sha256 match the registry`, () => {
      const file = path.join(modelsDir, m.file);
      expect(statSync(file).size).toBe(m.bytes);
      expect(createHash("sha256").update(readFileSync(file)).digest("hex")).toBe(m.sha256);
    });
  }

  it("NOTICE.md names every file with its sha256, and the licence files exist", () => {
    const notice = readFileSync(path.join(modelsDir, "NOTICE.md"), "utf8");
    for (const m of [...ALL_MODELS, ...ALL_MODELS.map(browserFile), ...Object.values(SERVER_MODELS)]) {
      expect(notice).toContain(m.file);
      expect(notice).toContain(m.sha256);
    }
    expect(notice).toMatch(/MS1M/);
    for (const lic of ["LICENSE.mobilefacenet", "LICENSE.minifasnet"]) {
      expect(readFileSync(path.join(modelsDir, lic), "utf8")).toContain("Apache License");
    }
  });

  it("scripts/copy-wasm.mjs publishes a compressed copy of exactly the models the browser loads", () => {
    expect([...browserModelFiles].sort()).toEqual(BROWSER_MODELS.map((m) => m.file).sort());
  });

  it("ids are unique and the embedding id is the one templates carry", () => {
    const ids = [...ALL_MODELS, ...Object.values(SERVER_MODELS)].map((m) => m.modelId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(EMBEDDING_MODEL_ID).toBe(MODELS.embedding.modelId);
    expect(TOTAL_MODEL_BYTES).toBe(ALL_MODELS.reduce((s, m) => s + statSync(path.join(modelsDir, browserFile(m).file)).size, 0));
  });
});
