// What tests/bench/checkin.bench.ts records per check-in and scripts/bench-checkin.ts reads (npm run bench:checkin).

/** One User Timing mark of lib/checkin/client/timeline.ts: its name without the prefix, its time (ms since the page's origin). */
export interface Mark {
  name: string;
  t: number;
  detail?: Record<string, number | string>;
}

export interface BenchRun {
  mode: "cached" | "cold";
  marks: Mark[];
  /** Failed sessions retried with "Try again" before the verdict (their time is inside the run). */
  retries: string[];
  verdict: string;
  load: number[];
  download?: { responses: number; wireBytes: number; bodyBytes: number; gzipBytes: number; cdnBytes: number; largest: { url: string; wireBytes: number; bodyBytes: number }[] };
}

