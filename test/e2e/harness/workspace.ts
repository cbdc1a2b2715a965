// A throw-away copy of the project (Pulumi.yaml, package.json, the compiled bin/ and the policy pack's package
// files; node_modules and .cache linked), a file backend and PULUMI_HOME in a temp folder, and `pulumi` run in it
// with the CLI built by `npm run pulumi:install` and the gcp test double first on PATH: the committed
// Pulumi.<stack>.yaml files are never touched, and the providers run from a folder other than the one they were
// built in (as after a fresh CI checkout).
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { readState, type DoubleState } from '../gcp-double/state';
import { summaryLines } from './summary';

export const ROOT = join(__dirname, '..', '..', '..');
const PULUMI_BIN = join(ROOT, '.tools', 'pulumi', 'bin');
const GCP_DOUBLE = join(ROOT, 'test', 'e2e', 'gcp-double');
/** What to pass to `--policy-pack`: the project's policy/ folder, run through the analyzer shim (see that file). */
export const POLICY_PACK = 'policy/pulumi-analyzer-policy';

export interface RunResult {
  code: number | null;
  output: string;
  seconds: number;
}

export interface RunOptions {
  /** Resolve instead of throwing when the command fails. */
  allowFailure?: boolean;
  /** Called with the running CLI process (to interrupt it). */
  onSpawn?: (child: ChildProcess) => void;
}

export interface Workspace {
  dir: string;
  pulumi(args: string[], options?: RunOptions): Promise<RunResult>;
  /** Writes Pulumi.<stack>.yaml: the repo's Pulumi.<from>.yaml with model.source fixture, then `edit`. */
  writeStackFile(stack: string, from: 'dev' | 'prod', edit?: (config: Record<string, unknown>) => void): void;
  doubleState(): DoubleState;
  close(): void;
}

function copyProject(dir: string): void {
  if (!existsSync(join(ROOT, 'bin', 'infra', 'index.js'))) throw new Error('bin/infra/index.js is missing: run `npm run build` first');
  for (const file of ['Pulumi.yaml', 'package.json', 'policy/package.json', 'policy/PulumiPolicy.yaml']) cpSync(join(ROOT, file), join(dir, file));
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(__dirname, 'pulumi-analyzer-policy'), join(dir, POLICY_PACK));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // The model export and the fixture are cached across runs (content-addressed, re-verified before use).
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  symlinkSync(join(ROOT, '.cache'), join(dir, '.cache'), 'dir');
}

export function createWorkspace(emulatorEnv: Record<string, string>, log: (line: string) => void = console.log): Workspace {
  const base = mkdtempSync(join(tmpdir(), 'e2e-pulumi-'));
  const dir = join(base, 'project');
  mkdirSync(join(dir, 'policy'), { recursive: true });
  mkdirSync(join(base, 'state'));
  copyProject(dir);
  const doubleStateFile = join(base, 'gcp-double.json');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...emulatorEnv,
    PATH: [GCP_DOUBLE, PULUMI_BIN, process.env.PATH].join(':'),
    PULUMI_HOME: join(base, 'home'),
    PULUMI_BACKEND_URL: `file://${join(base, 'state')}`,
    PULUMI_CONFIG_PASSPHRASE: 'e2e-only',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    GCP_DOUBLE_STATE: doubleStateFile,
    METADATA_SERVER_DETECTION: 'none',
  };

  return {
    dir,
    pulumi(args, options = {}) {
      const started = Date.now();
      const child = spawn(join(PULUMI_BIN, 'pulumi'), [...args, '--non-interactive', '--color', 'never'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      options.onSpawn?.(child);
      return new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => {
          const seconds = (Date.now() - started) / 1000;
          log(`$ pulumi ${args.join(' ')}  → exit ${code}, ${seconds.toFixed(1)} s${summaryLines(output).map((l) => `\n    ${l}`).join('')}`);
          if (code !== 0 && !options.allowFailure) reject(new Error(`pulumi ${args.join(' ')} failed (exit ${code}):\n${output}`));
          else resolve({ code, output, seconds });
        });
      });
    },
    writeStackFile(stack, from, edit) {
      const config = parse(readFileSync(join(ROOT, `Pulumi.${from}.yaml`), 'utf8')) as { config: Record<string, unknown> };
      config.config['vertex-embeddings:model'] = { ...(config.config['vertex-embeddings:model'] as object), source: 'fixture' };
      edit?.(config.config);
      writeFileSync(join(dir, `Pulumi.${stack}.yaml`), stringify(config));
    },
    doubleState: () => readState(doubleStateFile),
    close: () => rmSync(base, { recursive: true, force: true }),
  };
}
