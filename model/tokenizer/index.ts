// Contract 7: one tokenizer specification (the USE package's behaviour), realised in JS here and as graph ops
// in `graph/` for the exported SavedModel.
export { tokenize, createTokenizer, prepareInput, WORD_BOUNDARY, UNKNOWN_ID, type Tokenizer } from './tokenizer';
export { toSparseBatch, type SparseBatch } from './sparse-batch';
export {
  loadVocabulary,
  parseVocabulary,
  defaultVocabulary,
  defaultVocabularyPath,
  type Vocabulary,
  type VocabularyEntry,
} from './vocabulary';
