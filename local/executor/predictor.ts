/**
 * The model a job runs. By default the uploaded artifact itself: the SavedModel folder is downloaded from
 * the model's artifactUri in the (emulated) bucket and loaded with the local encoder (contract 9), so a
 * broken artifact fails the job as it would on Vertex. Tests may inject a factory.
 */
import { readSavedModel } from '../../model/savedmodel/read';
import { createLocalEncoder } from '../inference';

export interface Predictor {
  /** The name of the serving signature's one string input, when the artifact declares it. */
  inputName?: string;
  /**
   * How many texts one predict call may take. The local encoder splits a call into model batches of the job's
   * batch size itself and buckets them by length, so it wants a window of several batches; a predictor that
   * leaves this unset gets exactly one model batch per call.
   */
  maxTextsPerCall?: number;
  /** One prediction per text, in order. */
  predict(texts: string[]): Promise<ArrayLike<number>[]>;
  close(): Promise<void>;
}

export type PredictorFactory = (savedModelDir: string, options: { batchSize: number }) => Promise<Predictor>;

const SERVING_SIGNATURE = 'serving_default';

/** The serving signature's input name if it has exactly one input. */
async function servingInputName(savedModelDir: string): Promise<string | undefined> {
  const loaded = await readSavedModel(savedModelDir);
  const inputs = Object.keys(loaded.signatures[SERVING_SIGNATURE]?.inputs ?? {});
  return inputs.length === 1 ? inputs[0] : undefined;
}

/** Model batches per predict call: the encoder's bucketing window (its default is 16 batches too). */
const BATCHES_PER_CALL = 16;

export function localEncoderPredictor(options: { threads?: number; cacheDir?: string } = {}): PredictorFactory {
  return async (savedModelDir, { batchSize }) => {
    const inputName = await servingInputName(savedModelDir);
    const maxTextsPerCall = batchSize * BATCHES_PER_CALL;
    const encoder = await createLocalEncoder({
      savedModelDir,
      batchSize,
      windowSize: maxTextsPerCall,
      threads: options.threads,
      cacheDir: options.cacheDir,
    });
    return {
      inputName,
      maxTextsPerCall,
      predict: (texts) => encoder.embed(texts),
      close: () => encoder.close(),
    };
  };
}
