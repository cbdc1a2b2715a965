/**
 * Deterministic English-like sentences for the TF parity check: varied lengths, punctuation, digits and case,
 * plus the edge rows of contract 8 (empty strings, texts far past the 128-token window).
 */
import { mulberry32 } from '../../model/fixture/generate';

const WORDS = (
  'the a of to and in is it that was for on are as with his they at be this from have or by one had not but what ' +
  'all were when we there can your which their said if do will each about how up out them then she many some so ' +
  'these would other into has more her two like him see time could no make than first been its who now people my ' +
  'made over did down only way find use may water long little very after words called just where most know get ' +
  'through back much before go good new write our used me man too any day same right look think also around ' +
  'another came come work three must because does part even place well such here take why help put years ' +
  'different away again off went old number great tell men say small every found still between name should home ' +
  'big give air line set own under read last never us left end along while might next sound below saw something ' +
  'thought both few those always looked show large often together asked house world going want school important ' +
  'Vertex batch prediction embeddings TensorFlow encoder sentence universal model export serving container'
).split(' ');
const PUNCT = ['.', '!', '?', ',', ';', ':', ' -', '...'];

export function makeSentences(count: number, seed = 7): string[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(rand() * rand() * 40);
    const words = Array.from({ length: n }, () => {
      const w = pick(WORDS);
      const r = rand();
      return r < 0.08 ? w.toUpperCase() : r < 0.15 ? `${w}${pick(PUNCT)}` : r < 0.2 ? String(Math.floor(rand() * 10000)) : w;
    });
    out.push(words.join(' ') + pick(PUNCT));
  }
  return out;
}

/** A text of about `words` words: tokenizes to far more than 128 tokens for words ≥ 150. */
export function longText(words: number, seed: number): string {
  return makeSentences(1000, seed).join(' ').split(' ').slice(0, words).join(' ');
}
