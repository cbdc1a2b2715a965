// `npm run predict -- --model SAVEDMODEL_DIR --input FILE --format jsonl|file-list --out DIR [--batch-size N]`
// Embeddings without the cloud: the same executor as the emulated Vertex jobs, on local files.
import { oneOf, parseFlags, required, UsageError } from './args';
import { handleInterrupts, type Interruption } from './interrupt';
import { PREDICT_FORMATS, runPredict } from './predict-command';

const USAGE = `usage: npm run predict -- --model SAVEDMODEL_DIR --input FILE --format jsonl|file-list --out DIR [--batch-size N] [--overwrite]
  jsonl: one JSON value per line (e.g. a quoted sentence); file-list: one local file path per line (each file's
  bytes become {"b64": ...}, as on Vertex). Output: prediction.results-* / prediction.errors_stats-* in DIR.
  --overwrite: delete the prediction files an earlier run left in DIR (without it, such a DIR is refused).
  Ctrl-C stops the run, removes what it created and exits 130.`;

export async function main(argv: string[], log: (line: string) => void = (line) => console.error(line), interruption?: Interruption): Promise<void> {
  const flags = parseFlags(
    argv,
    { model: { type: 'string' }, input: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'batch-size': { type: 'string' }, overwrite: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    USAGE,
  );
  if (flags.help) return void log(USAGE);
  const format = oneOf('--format', required('--format', flags.format, USAGE), PREDICT_FORMATS);
  const batchSize = flags['batch-size'] === undefined ? undefined : Number(flags['batch-size']);
  await runPredict({
    modelDir: required('--model', flags.model, USAGE),
    input: required('--input', flags.input, USAGE),
    format,
    outDir: required('--out', flags.out, USAGE),
    batchSize,
    overwrite: flags.overwrite,
    log,
    interruption,
  });
  // Memory is bounded per instance and per batch, not by the input's size: this line lets a user check it.
  log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
}

if (require.main === module) {
  const log = (line: string) => console.error(line);
  const interruption = handleInterrupts({ log });
  main(process.argv.slice(2), log, interruption)
    .catch((error: Error) => {
      if (interruption.signal.aborted) return; // the interrupt handler reports and exits
      console.error(error instanceof UsageError ? error.message : `predict: ${error.message}`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    })
    .finally(() => {
      if (!interruption.signal.aborted) interruption.dispose();
    });
}
