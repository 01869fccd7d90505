// A progress bar with rate and ETA for the evaluation commands, written to stderr (stdout stays for the
// results). On a terminal it redraws one line; elsewhere (CI logs, pipes) it prints a line every 10 %
// or 30 s. The formatting is pure (formatProgress) and unit-tested.

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/** "1h02m", "3m05s", "42s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h) return `${h}h${String(m).padStart(2, "0")}m`;
  if (m) return `${m}m${String(r).padStart(2, "0")}s`;
  return `${r}s`;
}

/** One progress line: `label [#####.....] 120/2388  5%  4.1/s  ETA 9m13s`. */
export function formatProgress(label: string, done: number, total: number, elapsedS: number, unit = "/s", width = 24): string {
  const frac = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(frac * width);
  const rate = elapsedS > 0 ? done / elapsedS : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.NaN;
  const bar = "#".repeat(filled) + ".".repeat(width - filled);
  const pct = `${Math.floor(frac * 100)}%`.padStart(4);
  const tail = done >= total ? `done in ${formatDuration(elapsedS)}` : `ETA ${formatDuration(eta)}`;
  return `${label} [${bar}] ${done}/${total} ${pct}  ${rate.toFixed(1)}${unit}  ${tail}`;
}

export class Progress {
  private done = 0;
  private readonly t0 = performance.now();
  private lastDraw = 0;
  private lastLoggedDecile = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: ProgressStream = process.stderr,
    private readonly unit = " img/s",
  ) {}

  tick(n = 1): void {
    this.done += n;
    this.draw(false);
  }

  finish(): void {
    if (this.stream.isTTY) {
      this.draw(true);
      this.stream.write("\n");
    } else if (this.lastLoggedDecile < 10) {
      this.draw(true);
    }
  }

  get elapsedS(): number {
    return (performance.now() - this.t0) / 1000;
  }

  private draw(force: boolean): void {
    const now = performance.now();
    const line = formatProgress(this.label, this.done, this.total, this.elapsedS, this.unit);
    if (this.stream.isTTY) {
      if (!force && now - this.lastDraw < 200) return;
      this.lastDraw = now;
      this.stream.write(`\r${line}\x1b[K`);
      return;
    }
    const decile = this.total > 0 ? Math.floor((10 * this.done) / this.total) : 10;
    if (force || decile > this.lastLoggedDecile || now - this.lastDraw > 30_000) {
      this.lastLoggedDecile = force ? 10 : decile;
      this.lastDraw = now;
      this.stream.write(line + "\n");
    }
  }
}
