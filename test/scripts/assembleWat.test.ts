import { describe, expect, it } from "vitest";
import { WASM_KERNELS, assembleWat, bytesModule } from "../../scripts/assembleWat.js";
import { readFileSync } from "node:fs";

describe("hand-written WebAssembly kernels", () => {
  for (const kernel of WASM_KERNELS) {
    it(`${kernel.target} embeds the assembled ${kernel.source} (npm run build:wasm is up to date)`, async () => {
      const expected = bytesModule(kernel.source, kernel.constant, await assembleWat(kernel.source));
      expect(readFileSync(kernel.target, "utf8")).toBe(expected);
    });
  }
});
