// The stack program (infra/index.ts) evaluated under mocks for a committed stack file: platform, model artifact,
// Vertex model and the notebook's batch jobs, i.e. every resource type the policy pack checks.
import { join } from 'node:path';
import { REPO_ROOT } from '../../.github/scripts/stack-file';
import { type MockRun, runUnderMocks, stackFileConfig } from '../infra/helpers/mock-stack';

export function runProgram(stack: 'dev' | 'prod'): Promise<MockRun> {
  return runUnderMocks({ stack, config: stackFileConfig(join(REPO_ROOT, `Pulumi.${stack}.yaml`)), load: async () => require('../../infra/index') });
}
