#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.ts';
import { rotateKeyCommand } from '../credentials/rotate-key-command.ts';
import { packCommand, packUsage } from '../packs/pack-command.ts';
import { runCommand } from './run-command.ts';
import { startCommand } from './start-command.ts';
import { validateCommand } from './validate-command.ts';

const usage = `Usage:
  weft start                                  start Weft (configured by environment variables; see README)
  weft validate <flow.json>                   check a flow document; lists every problem
  weft run <flow.json> [--input <payload.json>] [--trigger <node id>] [--credentials <credentials.json>]
                                              run a flow in memory and print each step
  weft credentials rotate-key                 re-encrypt every credential under WEFT_ENCRYPTION_KEY
${packUsage}`;

const terminal = { stdout: (line: string) => console.log(line), stderr: (line: string) => console.error(line) };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'start') {
    await startCommand(process.env);
    return -1;
  }
  if (command === 'credentials' && rest.length === 1 && rest[0] === 'rotate-key') return rotateKeyCommand(process.env, terminal);
  if (command === 'pack') {
    const code = await packCommand(rest, process.env, terminal);
    if (code !== undefined) return code;
  }
  if (command === 'validate' && rest.length === 1 && rest[0] !== undefined) return validateCommand(rest[0], terminal);
  if (command === 'run') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { input: { type: 'string' }, trigger: { type: 'string' }, credentials: { type: 'string' } },
    });
    const flowPath = positionals[0];
    if (flowPath !== undefined && positionals.length === 1) {
      return runCommand(
        {
          flowPath,
          ...(values.input === undefined ? {} : { inputPath: values.input }),
          ...(values.trigger === undefined ? {} : { triggerNodeId: values.trigger }),
          ...(values.credentials === undefined ? {} : { credentialsPath: values.credentials }),
        },
        terminal,
      );
    }
  }
  console.error(usage);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    // start keeps running until a signal; every other command ends with its exit code.
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exitCode = 1;
  },
);
