// How the provider code reaches the product's own modules at run time.
//
// Pulumi serializes the provider object of a dynamic resource into state (`__provider`) with its closure
// serializer, and the dynamic-provider host re-creates it from that text with require-from-string. The engine starts
// that host with the working directory of the program, i.e. `dirname(main)` = `bin/infra/` for this project
// (pulumi/pulumi pkg/engine/project.go getPwdMain; plugins get the same pwd), while tests start it in the project
// root: so the module path is looked up from the working directory upwards (inside `lazyProvider`).
//
// Capturing the provider classes by value would drag the Google clients and every helper through the serializer
// (captured clients fail: pulumi#13960), and would freeze the code into state. So the serialized object is this small shim: it captures two strings — the implementation
// module's path relative to the project root, and the name of its factory — and `require`s that module inside
// each method, in the host process:
//
//   pulumi up      program = bin/infra/index.js (Pulumi.yaml `main`), so the path is
//                  `bin/infra/vertex/batch-job-provider.js`: compiled JS next to the program, found from the host's
//                  cwd `bin/infra/` two folders up; its own requires (`../catalog/...`, `@google-cloud/aiplatform`)
//                  resolve normally.
//   host test      program = the .ts sources under tsx, so the path is `infra/vertex/batch-job-provider.ts`; the
//                  test starts the real host with `--import tsx` so that path loads the same way.
//
// State keeps only the project-relative path, never an absolute one: a project folder that moves (another CI
// checkout, another machine) still refreshes and destroys.
//
// Consequences, on purpose: `refresh`/`destroy` run the code on disk (the version input makes changes visible);
// renaming an implementation module breaks state written before the rename, so keep these paths stable; run
// `npm run build` before `pulumi` (the program itself needs bin/ anyway). Nothing secret is captured.
import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type * as pulumi from '@pulumi/pulumi';

/** The project root: the nearest folder above `file` holding package.json (bin/ has none). */
export function projectRootOf(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${file}: cannot locate the project root`);
  }
}

/** `file` relative to the project root, with forward slashes (state written on one OS, read on another). */
export function projectRelative(file: string): string {
  return relative(projectRootOf(file), file).split(sep).join('/');
}

/**
 * A ResourceProvider whose every method loads `modulePath` (project-relative) in the provider process, calls its
 * `factory` export and delegates. Only the two strings are captured by Pulumi's closure serializer.
 */
export function lazyProvider(modulePath: string, factory: string): pulumi.dynamic.ResourceProvider {
  const load = (): Required<Pick<pulumi.dynamic.ResourceProvider, 'check' | 'diff' | 'create' | 'read' | 'update' | 'delete'>> => {
    const path = require('node:path') as typeof import('node:path');
    const fs = require('node:fs') as typeof import('node:fs');
    // The first folder from the working directory upwards that holds `modulePath`: the project root whether the host
    // runs in it (tests) or in dirname(main) below it (the engine). Inlined: the serializer captures this function's
    // text only, so it may use nothing but its two captured strings and built-in modules.
    let file = path.resolve(process.cwd(), modulePath);
    for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, modulePath);
      if (fs.existsSync(candidate)) {
        file = candidate;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    let loaded: Record<string, () => unknown>;
    try {
      loaded = require(file);
    } catch (error) {
      throw new Error(
        `Vertex provider: cannot load ${modulePath} from ${process.cwd()} or any folder above it (${(error as Error).message}). Run \`npm run build\` before pulumi.`,
      );
    }
    return loaded[factory]() as ReturnType<typeof load>;
  };
  return {
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}
