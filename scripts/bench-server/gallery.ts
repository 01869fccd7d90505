// ── filler gallery ── random unit vectors (filler people with 3 templates each) up to each gallery size, and the
// HNSW index over them.
import { sql } from "drizzle-orm";
import { forgetGallerySize } from "@/lib/db/queries/templates";
import { faceTemplates, users } from "@/lib/db/schema";
import { EMBEDDING_MODEL_ID } from "@/lib/face/models";
import type { BenchDatabase } from "./database";
import { log, ms } from "./stats";

const HNSW_INDEX = "face_templates_embedding_hnsw_idx";

function randomUnit(): number[] {
  const v = Array.from({ length: 128 }, () => {
    // Box–Muller: an isotropic Gaussian direction is uniform on the sphere.
    const u = 1 - Math.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
  });
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

export class FillerGallery {
  /** Seconds each seeding and index build took, by name. */
  readonly timings: Record<string, number> = {};

  constructor(
    private readonly db: BenchDatabase,
    private readonly orgId: string,
    /** Templates in the gallery now (the real people's to start with). */
    public templates: number,
  ) {}

  /** Adds filler people until the gallery has exactly `target` templates; drops the HNSW index first. */
  async seedTo(target: number): Promise<void> {
    const d = await this.db.open();
    const t = performance.now();
    await d.execute(sql.raw(`drop index if exists ${HNSW_INDEX}`));
    while (this.templates < target) {
      const batchPeople = Math.min(300, Math.ceil((target - this.templates) / 3));
      const us = await d
        .insert(users)
        .values(Array.from({ length: batchPeople }, (_, i) => ({ orgId: this.orgId, name: `Filler ${this.templates + i}`, email: `f${this.templates}-${i}@bench.test`, enrolment: "enrolled" as const })))
        .returning({ id: users.id });
      // The last filler person may get fewer than 3 templates, so that the gallery has exactly `target`.
      const rows = us
        .flatMap((u) =>
          (["frontal", "left", "right"] as const).map((pose) => ({ orgId: this.orgId, userId: u.id, modelId: EMBEDDING_MODEL_ID, embedding: randomUnit(), quality: 0.8, pose })),
        )
        .slice(0, target - this.templates);
      await d.insert(faceTemplates).values(rows);
      this.templates += rows.length;
    }
    await d.execute(sql`analyze face_templates`);
    forgetGallerySize(this.orgId);
    this.timings[`seed_to_${this.templates}_s`] = ms(t) / 1000;
    log(`seeded to ${this.templates} templates in ${(ms(t) / 1000).toFixed(1)} s`);
  }

  async buildHnsw(): Promise<void> {
    const d = await this.db.open();
    const t = performance.now();
    await d.execute(sql`set maintenance_work_mem = '512MB'`);
    await d.execute(sql.raw(`create index if not exists ${HNSW_INDEX} on face_templates using hnsw (embedding vector_cosine_ops)`));
    this.timings[`hnsw_build_${this.templates}_s`] = ms(t) / 1000;
    log(`built the HNSW index over ${this.templates} templates in ${(ms(t) / 1000).toFixed(1)} s`);
  }
}
