/**
 * A progress bar on stderr, only when stderr is a terminal (nothing in pipes, files or CI) and
 * not --quiet. Redrawn at most ten times a second.
 */
export class Progress {
  private done = 0;
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(
    private readonly total: number,
    private readonly label: string,
    enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly started = performance.now(),
  ) {
    this.enabled = enabled && Boolean(stream.isTTY) && total > 0 && !process.env.CI;
  }

  tick(n: number): void {
    this.done += n;
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && this.done < this.total) return;
    this.lastDraw = now;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - 50));
    const share = Math.min(1, this.done / this.total);
    const fill = Math.round(share * width);
    const seconds = (now - this.started) / 1000;
    const eta = share > 0 ? seconds * (1 / share - 1) : 0;
    const line =
      `${this.label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(share * 100).toFixed(0).padStart(3)}% ` +
      `${this.done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')}  ${seconds.toFixed(1)} s` +
      (share < 1 ? `, ~${eta.toFixed(0)} s left` : '');
    this.stream.write(`\r${line}\x1b[K`);
  }

  finish(): void {
    if (this.enabled && this.lastDraw > 0) this.stream.write('\r\x1b[K');
  }
}
