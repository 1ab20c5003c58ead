// Runs a wasm32-wasip1 command module under Node's WASI: node wasi.mjs MODULE [ARGS…]
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [module, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [module, ...args], env: {} });
const instance = await WebAssembly.instantiate(
  await WebAssembly.compile(readFileSync(module)),
  wasi.getImportObject(),
);
process.exit(wasi.start(instance));
