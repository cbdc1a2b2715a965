// Part of `npm run build`: tsc emits only JavaScript, but the compiled program (bin/infra/index.js, what Pulumi
// runs) loads data files next to its modules via __dirname — the vendored TF/ONNX .proto files and the USE lite
// upstream files. Copy every non-TypeScript source file of the product folders into bin/ at the same path.
import { cpSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = ['infra', 'jobs', 'model', 'local', 'policy'];
const SKIP = /\.(ts|md)$/;

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(path);
    return SKIP.test(entry.name) ? [] : [path];
  });
}

let copied = 0;
for (const folder of FOLDERS) {
  let files = [];
  try {
    files = walk(join(root, folder));
  } catch {
    continue;
  }
  for (const file of files) {
    cpSync(file, join(root, 'bin', relative(root, file)));
    copied += 1;
  }
}
console.log(`copied ${copied} data files into bin/`);
