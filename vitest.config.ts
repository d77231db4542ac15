import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/fastCheck.ts"],
    pool: "forks",
    testTimeout: 120_000,
  },
});
