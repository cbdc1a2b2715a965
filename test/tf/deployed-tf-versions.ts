/**
 * Prints the TensorFlow versions of the serving images the shipped stacks deploy, one per line ("2.15"), read
 * from every Pulumi.<stack>.yaml through the same config parser `pulumi up` uses (`prediction.tfVersion`, its
 * default included). test/tf/run.sh installs tensorflow-cpu of each of these, so the export is proven in the TF
 * that serves it, whatever the catalog or the stack files say today.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadStackConfig } from '../../local/cli/stack-file';

const root = join(__dirname, '..', '..');
const stacks = readdirSync(root).flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []).sort();
const versions = new Set(stacks.map((stack) => loadStackConfig(stack, root).prediction.tfVersion.replace('-', '.')));
if (versions.size === 0) throw new Error(`no Pulumi.<stack>.yaml with a prediction.tfVersion in ${root}`);
for (const version of [...versions].sort()) console.log(version);
