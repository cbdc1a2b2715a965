// The package's batching of token ids into the model's sparse inputs (`UniversalSentenceEncoder.embed`):
// one [row, position] index pair and one value per token, rows in input order. A row with no tokens
// contributes nothing, so the encoder's batch size is 1 + the largest row that has a token.

export interface SparseBatch {
  /** [N, 2] row-major: (row, position) of each token */
  indices: Int32Array;
  /** [N] token ids */
  values: Int32Array;
  /** number of input texts (rows), including rows without tokens */
  batchSize: number;
}

export function toSparseBatch(ids: readonly (readonly number[])[]): SparseBatch {
  const total = ids.reduce((sum, row) => sum + row.length, 0);
  const indices = new Int32Array(total * 2);
  const values = new Int32Array(total);
  let at = 0;
  ids.forEach((row, r) => {
    row.forEach((id, position) => {
      indices[2 * at] = r;
      indices[2 * at + 1] = position;
      values[at] = id;
      at++;
    });
  });
  return { indices, values, batchSize: ids.length };
}
