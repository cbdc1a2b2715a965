// `npm run pulumi:install`: builds the Pulumi CLI and its Node.js language host from the Go modules pinned in
// tools/pulumi/ into .tools/pulumi/bin (git-ignored), for the end-to-end suite (test/e2e). Deploying does not use
// this: users install the Pulumi CLI as usual.
//
// Cached: the binaries are rebuilt only when a stamp of the pinned modules (go.mod, go.sum, tools.go of both
// wrapper modules) and of this script differs from the one written by the last successful build, so only the first
// run on a machine pays (Go's module and build caches make a rebuild after a pin change incremental too).
// Needs Go (go.mod's `go` line) and the Go module proxy; nothing is fetched at run time of the CLI.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, 'tools', 'pulumi');
const binDir = join(root, '.tools', 'pulumi', 'bin');
const stampFile = join(binDir, '.stamp');
const PULUMI_VERSION = 'v3.276.0';
const LANGUAGE_HOST_VERSION = 'v3.68.0';
const versionFlag = (version) => `-ldflags=-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${version}`;

/** What gets built: wrapper module folder, main package, output name, version stamped into the binary. */
const BUILDS = [
  { module: 'cli', pkg: 'github.com/pulumi/pulumi/pkg/v3/cmd/pulumi', out: 'pulumi', version: PULUMI_VERSION },
  {
    module: 'language-nodejs',
    pkg: 'github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs',
    out: 'pulumi-language-nodejs',
    version: LANGUAGE_HOST_VERSION,
  },
];
const DYNAMIC_PROVIDER = 'pulumi-resource-pulumi-nodejs';

function stamp() {
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const { module } of BUILDS) {
    for (const file of ['go.mod', 'go.sum', 'tools.go']) hash.update(`${module}/${file}\0`).update(readFileSync(join(toolsDir, module, file)));
  }
  return hash.digest('hex');
}

function go(args, cwd) {
  // -mod=readonly: build exactly what go.mod/go.sum pin, never edit them; -trimpath: no local paths in binaries.
  return execFileSync('go', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, GOFLAGS: '-mod=readonly', GOWORK: 'off' } });
}

function requireGo() {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    console.error('pulumi:install needs Go (see tools/pulumi/cli/go.mod for the version) on PATH and the Go module proxy.');
    process.exit(1);
  }
}

const wanted = stamp();
const outputs = [...BUILDS.map((b) => b.out), DYNAMIC_PROVIDER].map((name) => join(binDir, name));
if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted && outputs.every((file) => existsSync(file))) {
  console.log(`pulumi:install: ${binDir} is up to date (${PULUMI_VERSION})`);
  process.exit(0);
}

requireGo();
mkdirSync(binDir, { recursive: true });
rmSync(stampFile, { force: true });
const started = Date.now();
for (const build of BUILDS) {
  console.log(`pulumi:install: go build ${build.pkg} (${build.version}) …`);
  go(['build', '-trimpath', versionFlag(build.version), '-o', join(binDir, build.out), build.pkg], join(toolsDir, build.module));
}
// The dynamic-provider plugin is the 4-line script the CLI distribution ships (sdk/nodejs/dist), taken from the
// pinned sdk module itself: it runs node on @pulumi/pulumi/cmd/dynamic-provider resolved from the project.
const sdkDir = go(['list', '-m', '-f', '{{.Dir}}', 'github.com/pulumi/pulumi/sdk/v3'], join(toolsDir, 'cli')).trim();
rmSync(join(binDir, DYNAMIC_PROVIDER), { force: true }); // the module cache's copy is read-only
copyFileSync(join(sdkDir, 'nodejs', 'dist', DYNAMIC_PROVIDER), join(binDir, DYNAMIC_PROVIDER));
chmodSync(join(binDir, DYNAMIC_PROVIDER), 0o755);
writeFileSync(stampFile, wanted);
console.log(`pulumi:install: built into ${binDir} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
