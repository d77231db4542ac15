import { describe, expect, it } from "vitest";
import { ProgressBar, formatDuration, formatProgress } from "../../src/cli/progress.js";

describe("formatDuration", () => {
  it.each([
    [0, "0:00"],
    [1499, "0:01"],
    [61_000, "1:01"],
    [3_723_000, "1:02:03"],
    [NaN, "?"],
    [-1, "?"],
  ])("%d ms → %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe("formatProgress", () => {
  it("shows label, bar, count, percentage, elapsed, ETA and detail", () => {
    expect(formatProgress({ label: "gradient", done: 900, total: 3000, elapsedMs: 12_000, detail: "solved 7/10", columns: 120 })).toBe(
      "gradient  [#########---------------------]   900/3000   30%  elapsed 0:12  ETA 0:28  solved 7/10",
    );
  });

  it("has no ETA before the first unit and a full bar at the end", () => {
    expect(formatProgress({ label: "x", done: 0, total: 4, elapsedMs: 0 })).toBe(`x  [${"-".repeat(30)}]  0/4    0%  elapsed 0:00  ETA ?`);
    expect(formatProgress({ label: "x", done: 4, total: 4, elapsedMs: 2000 })).toBe(`x  [${"#".repeat(30)}]  4/4  100%  elapsed 0:02  ETA 0:00`);
  });

  it("gives the bar the room left on the line", () => {
    const line = formatProgress({ label: "gradient", done: 1500, total: 3000, elapsedMs: 12_000, detail: "solved 10/10", columns: 80 });
    expect(line).toBe("gradient  [######------]  1500/3000   50%  elapsed 0:12  ETA 0:12  solved 10/10");
    expect(line.length).toBe(79);
  });

  it("never wraps and stays on one line", () => {
    const line = formatProgress({ label: "enumerate", done: 1, total: 2, elapsedMs: 5, detail: "a very long\ntask name ".repeat(10), columns: 40 });
    expect(line.length).toBe(39);
    expect(line).not.toMatch(/[\r\n]/u);
  });
});

describe("ProgressBar", () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, columns: 100, write: (chunk: string) => chunks.push(chunk) } };
  };

  it("writes nothing off a terminal when the run is short", () => {
    const { chunks, stream } = sink(false);
    let clock = 0;
    const bar = new ProgressBar({ label: "x", stream, now: () => clock });
    bar.update(1, 2);
    clock = 59_000;
    bar.update(2, 2);
    bar.finish();
    expect(chunks).toEqual([]);
  });

  it("writes plain lines off a terminal, at most one a minute, and the end once it has written", () => {
    const { chunks, stream } = sink(false);
    let clock = 0;
    const bar = new ProgressBar({ label: "x", stream, now: () => clock });
    clock = 30_000;
    bar.update(1, 4); // within the first minute
    clock = 61_000;
    bar.update(2, 4, "b");
    clock = 90_000;
    bar.update(3, 4); // a minute has not passed since the last line
    clock = 95_000;
    bar.update(4, 4);
    bar.finish();
    expect(chunks).toHaveLength(2);
    expect(chunks.every((c) => c.endsWith("\n") && !c.includes("\r"))).toBe(true);
    expect(chunks[0]).toContain("2/4");
    expect(chunks[0]).toContain("elapsed 1:01");
    expect(chunks[0]).toContain("  b");
    expect(chunks[1]).toContain("4/4");
  });

  it("redraws in place, throttled, always draws the end, and erases itself", () => {
    const { chunks, stream } = sink(true);
    let clock = 0;
    const bar = new ProgressBar({ label: "x", stream, minIntervalMs: 100, now: () => clock });
    bar.callback(1, 4, "a");
    clock = 50;
    bar.update(2, 4); // throttled
    clock = 150;
    bar.update(3, 4);
    clock = 160;
    bar.update(4, 4); // final state, drawn despite the throttle
    bar.finish();
    expect(chunks).toHaveLength(4);
    expect(chunks.slice(0, 3).every((c) => c.startsWith("\r\x1b[K"))).toBe(true);
    expect(chunks[0]).toContain("1/4");
    expect(chunks[0]).toContain("  a");
    expect(chunks[1]).toContain("3/4");
    expect(chunks[2]).toContain("4/4");
    expect(chunks[3]).toBe("\r\x1b[K");
  });

  it("can be disabled on a terminal (--quiet)", () => {
    const { chunks, stream } = sink(true);
    const bar = new ProgressBar({ label: "x", stream, enabled: false });
    bar.update(1, 1);
    bar.finish();
    expect(chunks).toEqual([]);
  });
});
