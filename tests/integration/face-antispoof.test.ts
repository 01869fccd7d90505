// MiniFASNet V2 + V1SE (production crops and fusion, in the browser worker) on the dev spoof set:
// live faces must score above attacks. Prints BPCER / APCER at the product threshold.
import path from "node:path";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultLivenessOptions } from "@/lib/face/core/liveness-rules";
import { devDataDir, startHarness, type Harness } from "@/tools/browser-harness";

const data = devDataDir();
if (!data) console.warn("face-antispoof: ../shared/data/dev not found (set CLOCKFACE_DATA_DIR): skipped");

interface Row {
  path: string;
  label: "live" | "spoof";
  attack: string;
  score: number;
}

/** Probability that a random live image scores above a random attack (ties count half). */
function auc(live: number[], spoof: number[]): number {
  let s = 0;
  for (const l of live) for (const a of spoof) s += l > a ? 1 : l === a ? 0.5 : 0;
  return s / (live.length * spoof.length);
}

describe.skipIf(!data)("anti-spoof on spoof/labels.csv", () => {
  let h: Harness;
  let rows: Row[];

  beforeAll(async () => {
    const csv = readFileSync(path.join(data!, "spoof/labels.csv"), "utf8").trim().split(/\r?\n/).slice(1);
    const meta = csv.map((l) => l.split(","));
    h = await startHarness({ threads: 2, delegate: "CPU" });
    await h.load();
    const res = await h.embedImageFiles(
      meta.map((m) => path.join(data!, "spoof", m[0]!)),
      { embed: false, antispoof: true },
    );
    rows = meta.map((m, i) => ({
      path: m[0]!,
      label: m[1] as Row["label"],
      attack: m[2]!,
      score: res[i]?.antispoof?.score ?? Number.NaN,
    }));
  }, 600_000);

  afterAll(async () => {
    await h?.close();
  });

  it("finds a face and scores every image", () => {
    const missing = rows.filter((r) => !Number.isFinite(r.score)).map((r) => r.path);
    expect(missing).toEqual([]);
  });

  it("scores live above spoof (AUC ≥ 0.95) and reports BPCER/APCER at the threshold", () => {
    const t = defaultLivenessOptions.minAntispoofScore;
    const live = rows.filter((r) => r.label === "live").map((r) => r.score);
    const spoof = rows.filter((r) => r.label === "spoof").map((r) => r.score);
    const bpcer = live.filter((s) => s < t).length / live.length;
    const apcer = spoof.filter((s) => s >= t).length / spoof.length;
    const byType = [...new Set(rows.filter((r) => r.label === "spoof").map((r) => r.attack))].map((type) => {
      const s = rows.filter((r) => r.attack === type).map((r) => r.score);
      return `${type} ${s.filter((x) => x >= t).length}/${s.length}`;
    });
    const a = auc(live, spoof);
    console.log(
      `anti-spoof (single frame, threshold ${t}): BPCER=${bpcer.toFixed(3)} (${live.filter((s) => s < t).length}/${live.length}) ` +
        `APCER=${apcer.toFixed(3)} (${byType.join(", ")}) AUC=${a.toFixed(4)}`,
    );
    expect(a).toBeGreaterThanOrEqual(0.95);
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    expect(median(live)).toBeGreaterThan(median(spoof));
    // Printed photos are caught essentially always with this model (README: 0 of 260 accepted).
    const prints = rows.filter((r) => r.attack === "print");
    expect(prints.filter((r) => r.score >= t).length).toBe(0);
  });
});
