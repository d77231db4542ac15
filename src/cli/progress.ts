/**
 * A single-line progress bar for stderr, redrawn in place with `\r`:
 *
 *     gradient  [######--------------]   900/3000   30%  elapsed 0:12  ETA 0:28  solved 7/10
 *
 * On a terminal it throttles redraws, never wraps (a wrapped line cannot be redrawn with `\r`)
 * and erases itself when finished so that the results start on a clean line (DESIGN.md: progress
 * bars on anything longer than a few seconds, machine output untouched). Off a terminal (a log
 * file, `nohup`, CI) it writes the same text as plain lines instead, at most one a minute and none
 * in the first minute, so that a long background run shows where it is and a short one prints
 * nothing.
 */

/** The part of a stream the bar needs (process.stderr fits). */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressBarOptions {
  /** Shown first, e.g. the method name. */
  readonly label: string;
  readonly stream: ProgressStream;
  /** Report at all (default true; false for --quiet). */
  readonly enabled?: boolean;
  /** On a terminal: minimum time between redraws, in ms (default 100). The final state is always drawn. */
  readonly minIntervalMs?: number;
  /**
   * Off a terminal: minimum time between plain lines, in ms, counted from the start (default
   * 60 000). The final state gets a line only when an earlier line was written.
   */
  readonly logIntervalMs?: number;
  /** Clock in ms (default `performance.now`); injectable for tests. */
  readonly now?: () => number;
}

export interface ProgressState {
  readonly label: string;
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
  /** Free text after the numbers, e.g. the current task. */
  readonly detail?: string;
  /** Terminal width; the line is cut to `columns − 1` characters. Default 80. */
  readonly columns?: number;
}

const MIN_BAR = 10;
const MAX_BAR = 30;
/** Carriage return, then erase to the end of the line (ANSI EL). */
const CLEAR_LINE = "\r\x1b[K";

/** `m:ss`, or `h:mm:ss` from one hour on; "?" for unknown or non-finite durations. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** The text of one progress line (without the leading `\r`). The bar takes the room left, ≤ 30. */
export function formatProgress(state: ProgressState): string {
  const { label, done, elapsedMs, detail } = state;
  const total = Math.max(0, state.total);
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const count = `${String(done).padStart(String(total).length)}/${total}`;
  const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  // ETA by linear extrapolation of the elapsed time; unknown before the first unit finishes.
  const eta = done > 0 && total > 0 ? formatDuration((elapsedMs * Math.max(0, total - done)) / done) : "?";
  const tail = [count, percent, `elapsed ${formatDuration(elapsedMs)}`, `ETA ${eta}`];
  if (detail !== undefined && detail.length > 0) tail.push(detail.replace(/[\r\n]+/gu, " "));
  const tailText = tail.join("  ");
  // A pseudo-terminal may report 0 columns: assume 80 then.
  const columns = state.columns !== undefined && state.columns > 0 ? state.columns : 80;
  const width = Math.max(MIN_BAR, Math.min(MAX_BAR, columns - 1 - label.length - tailText.length - 6));
  const filled = Math.round(fraction * width);
  const line = `${label}  [${"#".repeat(filled)}${"-".repeat(width - filled)}]  ${tailText}`;
  return line.length < columns ? line : line.slice(0, Math.max(0, columns - 1));
}

export class ProgressBar {
  private readonly label: string;
  private readonly stream: ProgressStream;
  private readonly enabled: boolean;
  /** True on a terminal: redraw one line in place; false: append plain lines. */
  private readonly redraws: boolean;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly start: number;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(options: ProgressBarOptions) {
    this.label = options.label;
    this.stream = options.stream;
    this.enabled = options.enabled ?? true;
    this.redraws = options.stream.isTTY === true;
    this.minIntervalMs = this.redraws ? (options.minIntervalMs ?? 100) : (options.logIntervalMs ?? 60_000);
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
    this.lastDraw = this.redraws ? -Infinity : this.start;
  }

  /** Records progress; draws unless the last drawing was less than the minimum interval ago. */
  update(done: number, total: number, detail?: string): void {
    if (!this.enabled) return;
    const now = this.now();
    const last = done >= total && (this.redraws || this.drawn);
    if (!last && now - this.lastDraw < this.minIntervalMs) return;
    this.lastDraw = now;
    const line = formatProgress({ label: this.label, done, total, elapsedMs: now - this.start, detail, columns: this.stream.columns });
    this.stream.write(this.redraws ? `${CLEAR_LINE}${line}` : `${line}\n`);
    this.drawn = true;
  }

  /** A `Progress` callback (done, total, label) that feeds this bar. */
  readonly callback = (done: number, total: number, detail: string): void => this.update(done, total, detail);

  /** Erases the bar (if it was drawn on a terminal); call once the work is over, also on failure. */
  finish(): void {
    if (!this.drawn || !this.redraws) return;
    this.stream.write(CLEAR_LINE);
    this.drawn = false;
  }
}
