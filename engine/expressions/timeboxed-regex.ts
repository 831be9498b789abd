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

/** A RegExp stand-in for JSONata's `RegexEngine` option whose matches give up after `timeoutMs`. */
export function timeboxedRegexEngine(timeoutMs: number) {
  return class TimeboxedRegex {
    lastIndex = 0;
    readonly source: string;
    readonly flags: string;
    readonly #scope: MatchScope;

    constructor(pattern: RegExp | string, flags?: string) {
      const regex = new RegExp(pattern, flags);
      this.source = regex.source;
      this.flags = regex.flags;
      const scope: MatchScope = { regex, text: '' };
      createContext(scope);
      this.#scope = scope;
    }

    exec(text: string): RegExpExecArray | null {
      this.#scope.regex.lastIndex = this.lastIndex;
      this.#scope.text = text;
      try {
        const match: unknown = matchScript.runInContext(this.#scope, { timeout: timeoutMs });
        this.lastIndex = this.#scope.regex.lastIndex;
        return isExecArray(match) ? match : null;
      } catch (error) {
        if (isTimeout(error)) {
          throw new WeftError('expression_timeout', `regular expression /${this.source}/ gave up after ${timeoutMs} ms (it backtracks catastrophically on this input)`);
        }
        throw error;
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
