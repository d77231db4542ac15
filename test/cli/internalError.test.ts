import { describe, expect, it, vi } from "vitest";
import { run } from "../../src/cli/app.js";

vi.mock("../../src/search/enumerate.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/search/enumerate.js")>()),
  enumerateSolve: () => Promise.reject(new Error("bank exploded\nsecond line")),
}));

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const code = await run(args, { stdout: { write: () => true }, stderr: { write: (c: string) => (stderr += c) }, env });
  return { code, stderr };
}

describe("internal errors", () => {
  it("exit 1 with one line", async () => {
    expect(await cli(["solve", "examples/arith/single.json"], {})).toEqual({ code: 1, stderr: "gradsynth: internal error: bank exploded\n" });
  });

  it("show the stack with GRADSYNTH_DEBUG=1", async () => {
    const { code, stderr } = await cli(["solve", "examples/arith/single.json"], { GRADSYNTH_DEBUG: "1" });
    expect(code).toBe(1);
    expect(stderr.startsWith("gradsynth: internal error: bank exploded\nError: bank exploded\nsecond line\n    at ")).toBe(true);
  });
});
