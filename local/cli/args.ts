// Argument parsing shared by the CLIs: node's parseArgs, plus the checks that turn a bad flag into a message
// naming the flag, the value and what is allowed (before anything touches the network).
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}

export function oneOf<const A extends readonly string[]>(flag: string, value: string, allowed: A): A[number] {
  if (!allowed.includes(value)) throw new UsageError(`${flag}: "${value}" is not one of ${allowed.join(', ')}`);
  return value as A[number];
}

export function required(flag: string, value: string | undefined, usage: string): string {
  if (!value) throw new UsageError(`${flag} is required\n${usage}`);
  return value;
}
