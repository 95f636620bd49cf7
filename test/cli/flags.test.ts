/**
 * A mistyped flag is answered before the command's modules load (src/commands/flags.ts): the values
 * schema, cdk8s (no npm package at all) and the command itself stay unloaded, with the same message
 * the command gives.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { COMMAND_FLAGS } from '../../src/commands/flags';

const CLI = path.resolve(__dirname, '../../src/cli.js');

/** Runs main() in a fresh process; its exit code, stderr and which of our heavy modules it loaded. */
function run(argv: string[]): { code: number; err: string; loaded: string[] } {
  const script = `
    const { main } = require(${JSON.stringify(CLI)});
    let err = '';
    const code = main(${JSON.stringify(argv)}, { out: () => undefined, err: (s) => { err += s + '\\n'; } });
    const loaded = Object.keys(require.cache)
      .map((f) => /\\/src\\/(commands\\/(?!flags)[^/.]+|values\\/schema|synth\\/render)|\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(f)?.slice(1).find(Boolean))
      .filter(Boolean);
    console.log(JSON.stringify({ code, err, loaded: [...new Set(loaded)].sort() }));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: path.resolve(__dirname, '../../..') });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { code: number; err: string; loaded: string[] };
}

test.each(Object.keys(COMMAND_FLAGS))(
  '%s: a mistyped flag is a usage error before anything of the command loads',
  (command) => {
    const r = run([command, '--bogus']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `error: Unknown option "--bogus". Options: ${Object.keys(COMMAND_FLAGS[command as keyof typeof COMMAND_FLAGS])
        .map((k) => `--${k}`)
        .join(', ')}.\n`,
    );
    expect(r.loaded).toEqual([]);
  },
);

test('a flag missing its value too; and a valid command line does load the command (the control)', () => {
  expect(run(['synth', '--env'])).toEqual({ code: 2, err: 'error: Option --env needs a value.\n', loaded: [] });
  expect(run(['synth', '--help']).loaded).toEqual(
    expect.arrayContaining(['cdk8s', 'commands/synth', 'values/schema', 'zod']),
  );
});

test('a flag whose value is forgotten does not take the next option as its value', () => {
  const { parseArgs } = jest.requireActual<typeof import('../../src/args')>('../../src/args');
  const spec = COMMAND_FLAGS.synth;
  expect(() => parseArgs(['--out', '--help'], spec)).toThrow(
    'Option --out needs a value, but the next argument "--help" is an option. Give the value (write --out=--help if that really is it).',
  );
  expect(() => parseArgs(['-f', '-h'], spec)).toThrow(
    'Option --values needs a value, but the next argument "-h" is an option.',
  );
  // Values that merely start with a dash, and a value given with "=", are values.
  expect(parseArgs(['--set', 'replicaCount=-1', '-f', '-', '--out=--odd'], spec).flags).toEqual(
    new Map([
      ['set', ['replicaCount=-1']],
      ['values', ['-']],
      ['out', ['--odd']],
    ]),
  );
});
