// The hooks every e2e file needs: emulators and a workspace for the whole describe block, both gone afterwards.
// Read the fields inside tests (they are set in `before`).
import { after, before } from 'node:test';
import { join } from 'node:path';
import { startEmulators, type Emulators } from './emulators';
import { createWorkspace, POLICY_PACK, type Workspace } from './workspace';

export interface Suite {
  emulators: Emulators;
  ws: Workspace;
  /** Absolute path for `--policy-pack` (the CLI execs it from the program's folder). */
  policy: string;
}

export function useSuite(options: Parameters<typeof startEmulators>[0] = {}): Suite {
  const suite = {} as Suite;
  before(async () => {
    suite.emulators = await startEmulators(options);
    suite.ws = createWorkspace(suite.emulators.env);
    suite.policy = join(suite.ws.dir, POLICY_PACK);
  });
  after(async () => {
    await suite.emulators?.close();
    suite.ws?.close();
  });
  return suite;
}
