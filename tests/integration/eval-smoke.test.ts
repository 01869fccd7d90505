// Smoke tests of the three evaluation commands as a user runs them (tsx scripts/eval-*.ts): on a few
// pairs / frames / images of the dev data through the real browser pipeline (skipped with a message when
// ../shared/data/dev is absent), and on malformed temp folders (no browser needed: the folder is checked
// before the pipeline starts).
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { devDataDir, repoRoot } from "@/tools/browser-harness";

const run = promisify(execFile);
const data = devDataDir();
if (!data) console.warn("eval-smoke: ../shared/data/dev not found (set CLOCKFACE_DATA_DIR): the command runs on real data are skipped");

const tmp = mkdtempSync(path.join(tmpdir(), "clockface-eval-smoke-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function evalCmd(name: "verify" | "liveness" | "pad" | "identify", args: string[]): Promise<Ran> {
  const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
  try {
    const { stdout, stderr } = await run(tsx, [path.join(repoRoot, `scripts/eval-${name}.ts`), ...args], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 900_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const lastLine = (s: string) => s.trim().split("\n").pop() ?? "";
const NUM = String.raw`\d+\.\d{4}`;

describe.skipIf(!data)("eval commands on a few samples of the dev data (real browser pipeline)", () => {
  it("eval:verify: JSON, ROC plot and the summary line", async () => {
    const out = path.join(tmp, "verify", "v.json");
    const r = await evalCmd("verify", ["--data", path.join(data!, "lfw"), "--limit-pairs", "2", "--out", out, "--impostors", "10", "--delegate", "CPU"]);
    expect(r.code, r.stderr).toBe(0);
    expect(lastLine(r.stdout)).toMatch(new RegExp(`^accuracy=${NUM} auc=${NUM} tar@far1e-3=${NUM} threshold=-?\\d+\\.\\d{3} pairs=8 no_face=\\d+$`));
    expect(r.stderr).toMatch(/embedding \[#+\] (\d+)\/\1 100%.*done in/);
    const j = JSON.parse(readFileSync(out, "utf8"));
    expect(j.command).toBe("eval:verify");
    expect(j.pairs).toMatchObject({ total: 8, genuine: 4, impostor: 4, folds: 2, perClass: 300 });
    expect(j.accuracy.folds).toHaveLength(2);
    for (const f of j.accuracy.folds) expect(f.accuracy).toBeGreaterThanOrEqual(0);
    expect(j.auc).toBeGreaterThan(0.5);
    expect(Object.keys(j.tarAtFarPairs)).toEqual(["0.01", "0.001"]);
    expect(j.randomImpostors.pairs).toBe(10); // fewer than half of the possible pairs: sampled, not enumerated
    expect(j.randomImpostors.atFar["0.001"]).toHaveProperty("threshold");
    expect(j.randomImpostors.atFar["0.0001"]).toHaveProperty("tarPairsTxt");
    expect(j.prototypeComparison).toHaveProperty("aucEuclideanRaw");
    expect(j.images.imagesPerSecond).toBeGreaterThan(0);
    expect(j.operatingPoints.points.length).toBeGreaterThan(50);
    expect(j.pipeline.engine.provider).toBe("wasm");
    expect(readFileSync(path.join(tmp, "verify", "v.roc.svg"), "utf8")).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  }, 900_000);

  it("eval:identify: open-set 1:N on four ORL subjects (PGM converted for the browser)", async () => {
    const dir = path.join(tmp, "orl4");
    for (const s of ["s1", "s2", "s3", "s4"]) {
      mkdirSync(path.join(dir, s), { recursive: true });
      for (let i = 1; i <= 10; i++) copyFileSync(path.join(data!, "orl_faces", s, `${i}.pgm`), path.join(dir, s, `${i}.pgm`));
    }
    const out = path.join(tmp, "identify.json");
    process.env.CLOCKFACE_EVAL_CACHE = path.join(tmp, "eval-cache"); // inherited by the command: no cache left in .data
    const r = await evalCmd("identify", ["--data", dir, "--out", out, "--splits", "2", "--model-n", "10,1000", "--delegate", "CPU"]).finally(() => {
      delete process.env.CLOCKFACE_EVAL_CACHE;
    });
    expect(r.code, r.stderr).toBe(0);
    // 4 people, one kept out as the stranger → N = 3; k = 1: 3 × 9 mated and 10 non-mated probes per split.
    expect(lastLine(r.stdout)).toMatch(new RegExp(`^n_gallery=3 k=1 fnir@fpir1e-3=${NUM} threshold@fpir1e-3=-?\\d+\\.\\d{3} rank1=${NUM} probes=74$`));
    const j = JSON.parse(readFileSync(out, "utf8"));
    expect(j.command).toBe("eval:identify");
    expect(j.layout).toBe("orl");
    expect(j.embeddings).toMatchObject({ images: 40, people: 4, fromCache: false });
    expect(existsSync(path.join(tmp, "eval-cache"))).toBe(true);
    const [k1, k3] = j.results;
    expect(k1.measured[0]).toMatchObject({ n: 3, k: 1, matedProbes: 54, nonMatedProbes: 20 });
    expect(k3.measured[0]).toMatchObject({ n: 3, k: 3, matedProbes: 42, nonMatedProbes: 20 });
    expect(k1.model.map((m: { n: number }) => m.n)).toEqual([3, 10, 1000]);
    expect(k3.fusionComparison.map((f: { fusion: string }) => f.fusion)).toEqual(["max", "mean", "both"]);
    // A bigger organisation needs a higher threshold for the same FPIR.
    expect(k1.model[2].at["0.001"].threshold).toBeGreaterThan(k1.model[1].at["0.001"].threshold);
  }, 900_000);

  it("eval:liveness: per-video results and the summary line on the first 60 frames", async () => {
    const out = path.join(tmp, "liveness.json");
    const r = await evalCmd("liveness", ["--data", path.join(data!, "liveness"), "--max-frames", "60", "--out", out, "--delegate", "CPU"]);
    expect(r.code, r.stderr).toBe(0);
    // the annotated video, and the head-pose clips (no annotations: any blink found in them is false)
    expect(lastLine(r.stdout)).toMatch(
      new RegExp(`^blink_precision=${NUM} blink_recall=${NUM} false_blinks=\\d+ ear_only_precision=${NUM} ear_only_recall=${NUM} ear_only_false_blinks=\\d+ head_movement_blinks=\\d+ ear_only_head_movement_blinks=\\d+ videos=4$`),
    );
    const j = JSON.parse(readFileSync(out, "utf8"));
    expect(j.videos).toHaveLength(1);
    expect(j.videos[0]).toMatchObject({ file: "repeating_blink_video.mp4", frames: 60, annotatedBlinks: 2 });
    expect(j.withoutAnnotations).toHaveLength(3);
    expect(j.overall).toHaveProperty("precision");
    expect(j.withoutBlendshapes).toHaveProperty("precision");
    expect(j.overall.timing).toHaveProperty("meanAbsStartFrames");
  }, 900_000);

  it("eval:pad: APCER per attack type, BPCER, ACER and the summary line", async () => {
    // A small folder of real samples: 3 live and 3 print attacks from the dev spoof set, 1 replay.
    const src = path.join(data!, "spoof");
    const lines = readFileSync(path.join(src, "labels.csv"), "utf8").trim().split("\n");
    const pick = [lines[0]!, ...lines.filter((l) => l.includes(",live,")).slice(0, 3), ...lines.filter((l) => l.includes(",print,")).slice(0, 3), ...lines.filter((l) => l.includes(",replay_tablet,")).slice(0, 1)];
    const dir = path.join(tmp, "pad-data");
    for (const l of pick.slice(1)) {
      const rel = l.split(",")[0]!;
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      copyFileSync(path.join(src, rel), path.join(dir, rel));
    }
    writeFileSync(path.join(dir, "labels.csv"), pick.join("\n") + "\n");
    const out = path.join(tmp, "pad.json");
    const r = await evalCmd("pad", ["--data", dir, "--out", out, "--delegate", "CPU"]);
    expect(r.code, r.stderr).toBe(0);
    expect(lastLine(r.stdout)).toMatch(new RegExp(`^apcer=${NUM} bpcer=${NUM} acer=${NUM} n=7$`));
    const j = JSON.parse(readFileSync(out, "utf8"));
    expect(Object.keys(j.atThreshold.apcerByType).sort()).toEqual(["print", "replay_tablet"]);
    expect(j.counts).toMatchObject({ samples: 7, live: 3, attacks: 4 });
    expect(j.samples).toHaveLength(7);
    for (const s of j.samples) expect(s.score).toBeGreaterThanOrEqual(0);
    expect(existsSync(path.join(tmp, "pad.roc.svg"))).toBe(true);
  }, 900_000);
});

describe("eval commands on malformed folders (clear error, exit code 2)", () => {
  const dir = (name: string, files: Record<string, string>) => {
    const d = path.join(tmp, "bad", name);
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(d, rel)), { recursive: true });
      writeFileSync(path.join(d, rel), text);
    }
    mkdirSync(d, { recursive: true });
    return d;
  };

  it("eval:verify: missing pairs file, bad header, missing image", async () => {
    let r = await evalCmd("verify", ["--data", dir("no-pairs", { "images/A/A_0001.jpg": "" })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*pairs\.txt not found/m);
    r = await evalCmd("verify", ["--data", dir("bad-header", { "pairs.txt": "ten folds\nA\t1\t2\n" })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*pairs\.txt:1: bad header/m);
    r = await evalCmd("verify", ["--data", dir("missing-image", { "pairs.txt": "1\t1\nA\t1\t2\nA\t1\tB\t1\n", "images/A/A_0001.jpg": "", "images/B/B_0001.jpg": "" })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*missing: images\/A\/A_0002\.jpg \(pairs\.txt:2\)/m);
  }, 120_000);

  it("eval:identify: malformed layout, too few people for N, too few images for k", async () => {
    let r = await evalCmd("identify", ["--data", dir("flat", { "a.jpg": "" })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*no images\/ folder and no s<k>\/ subject folders; expected the LFW layout/m);
    const people = Object.fromEntries(["A", "B", "C", "D"].flatMap((p, i) => Array.from({ length: i + 1 }, (_, j) => [`images/${p}/${p}_000${j + 1}.jpg`, ""])));
    r = await evalCmd("identify", ["--data", dir("four", people), "--n", "100", "--k", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: too few people for N=100 with k=1: the folder has 4 people, 4 of them with at least 1 images;.*at most 3/m);
    r = await evalCmd("identify", ["--data", dir("four", people), "--n", "3", "--k", "3"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: too few people for N=3 with k=3: .* 2 of them with at least 3 images \(fewer than 3: A \(1\), B \(2\)\)/m);
    r = await evalCmd("identify", ["--data", dir("four", people), "--k", "4"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: no person has more than k=4 images/m);
    r = await evalCmd("identify", ["--data", dir("four", people), "--fusion", "median"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fusion must be one of max, mean, both/);
  }, 120_000);

  it("eval:pad: missing labels file, bad header, missing image", async () => {
    let r = await evalCmd("pad", ["--data", dir("no-labels", { "a.jpg": "" })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*labels\.csv not found/m);
    r = await evalCmd("pad", ["--data", dir("bad-labels", { "labels.csv": "image,label\n" })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*labels\.csv:1: bad header/m);
    r = await evalCmd("pad", ["--data", dir("gone-image", { "labels.csv": "path,label,attack_type,subject,source\nx.jpg,live,none,s,src\n" })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*missing: x\.jpg \(labels\.csv:2\)/m);
  }, 120_000);

  it("eval:liveness: missing annotations, bad header, missing video; and usage errors", async () => {
    let r = await evalCmd("liveness", ["--data", dir("no-ann", { "v.mp4": "" })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*blink_annotations\.csv not found/m);
    r = await evalCmd("liveness", ["--data", dir("bad-ann", { "blink_annotations.csv": "file,start,end\n" })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*blink_annotations\.csv:1: bad header/m);
    r = await evalCmd("liveness", ["--data", dir("gone-video", { "blink_annotations.csv": "file,event,start_frame,end_frame,start_s,end_s\nv.mp4,blink,1,3,0.1,0.2\n" })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*missing: v\.mp4/m);
    r = await evalCmd("liveness", []);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--data <dir> is required[\s\S]*usage: npm run eval:liveness/);
  }, 120_000);
});
