// CI stage after `npm run build`: evaluates the compiled program (bin/infra/index.js, what Pulumi runs with
// `typescript: false`) for the dev stack under Pulumi mocks, so a missing data file in bin/ or a dynamic provider
// that cannot be serialized from the JavaScript fails here rather than at `pulumi preview`.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const require = createRequire(join(root, 'package.json'));
const pulumi = require('@pulumi/pulumi');
const { installMocks, stackFileConfig } = require('./bin/test/infra/helpers/mock-stack.js');

const registrations = await installMocks({ stack: 'dev', config: stackFileConfig(join(root, 'Pulumi.dev.yaml')) });
const outputs = await require('./bin/infra/index.js')();
await pulumi.runtime.disconnect();
const dynamic = registrations.filter((r) => r.type.startsWith('pulumi-nodejs:dynamic/'));
const unserialized = dynamic.filter((r) => typeof r.inputs.__provider !== 'string' || !r.inputs.__provider.includes('bin/infra/'));
if (registrations.length === 0 || dynamic.length === 0 || unserialized.length > 0 || !outputs.bucketName) {
  console.error(`compiled program: ${registrations.length} registrations, ${dynamic.length} dynamic, unserialized: ${unserialized.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
console.log(`compiled program OK: ${registrations.length} resources (${dynamic.length} dynamic, providers load from bin/)`);
