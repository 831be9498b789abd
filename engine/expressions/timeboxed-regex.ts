import { Script, createContext } from 'node:vm';
import { WeftError } from '../errors.ts';

// JSONata's own timeout is checked between evaluation steps, so one catastrophic regular
// expression (`/(a+)+$/` on a long string) would block the process inside a single match.
// V8 can interrupt a running match only through a watchdog like vm's `timeout`, so every
// match made by an expression runs as a tiny script under one.
const matchScript = new Script('regex.exec(text)');

interface MatchScope {
  regex: RegExp;
  text: string;
}

// One context for every match: creating a context costs about a millisecond, and JSONata builds a
// regex object each time it evaluates a regex literal (once per item inside a filter or a $map).
// Matches are synchronous, so no two can share the slots at the same time. (Each match still
// starts vm's watchdog thread, about 0.15 ms: the price of being able to stop a match at all.)
const idle = /(?:)/;
const scope: MatchScope = { regex: idle, text: '' };
createContext(scope);

/** A RegExp stand-in for JSONata's `RegexEngine` option whose matches give up after `timeoutMs`. */
export function timeboxedRegexEngine(timeoutMs: number) {
  return class TimeboxedRegex {
    lastIndex = 0;
    readonly source: string;
    readonly flags: string;
    readonly #regex: RegExp;

    constructor(pattern: RegExp | string, flags?: string) {
      this.#regex = new RegExp(pattern, flags);
      this.source = this.#regex.source;
      this.flags = this.#regex.flags;
    }

    exec(text: string): RegExpExecArray | null {
      this.#regex.lastIndex = this.lastIndex;
      scope.regex = this.#regex;
      scope.text = text;
      try {
        const match: unknown = matchScript.runInContext(scope, { timeout: timeoutMs });
        this.lastIndex = this.#regex.lastIndex;
        return isExecArray(match) ? match : null;
      } catch (error) {
        if (isTimeout(error)) {
          throw new WeftError('expression_timeout', `regular expression /${this.source}/ gave up after ${timeoutMs} ms (it backtracks catastrophically on this input)`);
        }
        throw error;
      } finally {
        // Do not keep the last input alive between matches.
        scope.regex = idle;
        scope.text = '';
      }
    }

    test(text: string): boolean {
      return this.exec(text) !== null;
    }
  };
}

function isExecArray(value: unknown): value is RegExpExecArray {
  return Array.isArray(value);
}

function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}
