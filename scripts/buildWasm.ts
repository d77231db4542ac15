import { writeFileSync } from "node:fs";
import { WASM_KERNELS, assembleWat, bytesModule } from "./assembleWat.js";

/** `npm run build:wasm`: assembles every hand-written WebAssembly kernel into its TypeScript module. */
for (const kernel of WASM_KERNELS) {
  writeFileSync(kernel.target, bytesModule(kernel.source, kernel.constant, await assembleWat(kernel.source)));
  console.log(`${kernel.source} → ${kernel.target}`);
}
