// `npm run predict -- --model SAVEDMODEL_DIR --input FILE --format jsonl|file-list --out DIR [--batch-size N]`
// Embeddings without the cloud: the same executor as the emulated Vertex jobs, on local files.
import { oneOf, parseFlags, required, UsageError } from './args';
import { PREDICT_FORMATS, runPredict } from './predict-command';

const USAGE = `usage: npm run predict -- --model SAVEDMODEL_DIR --input FILE --format jsonl|file-list --out DIR [--batch-size N]
  jsonl: one JSON value per line (e.g. a quoted sentence); file-list: one local file path per line (each file's
  bytes become {"b64": ...}, as on Vertex). Output: prediction.results-* / prediction.errors_stats-* in DIR.`;

export async function main(argv: string[], log: (line: string) => void = (line) => console.error(line)): Promise<void> {
  const flags = parseFlags(
    argv,
    { model: { type: 'string' }, input: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'batch-size': { type: 'string' }, help: { type: 'boolean', default: false } },
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
    log,
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error instanceof UsageError ? error.message : `predict: ${error.message}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  });
}
