/** releaseName, nameOverride and fullnameOverride start Service names: RFC 1035 labels. */
import { Problem, ValuesError } from '../../src/errors';
import { valuesSchema } from '../../src/values/schema';
import { renderEnv } from '../support';

describe('names that start Service names are RFC 1035 labels', () => {
  test.each([
    ['releaseName', '9chat'],
    ['fullnameOverride', '1-webui'],
    ['nameOverride', '2webui'],
  ])('%s=%s is refused with a message that says why', (key, value) => {
    const r = valuesSchema.safeParse({ [key]: value });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual([key]);
    expect(r.error?.issues[0].message).toMatch(/starting with a letter.*Service names are derived from it/);
  });
  test('names starting with a letter still pass', () => {
    expect(
      valuesSchema.safeParse({ releaseName: 'chat9', fullnameOverride: 'webui-1', nameOverride: 'w2' }).success,
    ).toBe(true);
  });
});

/**
 * Issue 10 item 2: the release-name limit is caught in the schema, computed from what the
 * environment renders, and is the real one: the longest accepted name renders and passes every
 * rendered-object check (Service names, StatefulSet names <= 52), one character more is refused
 * at the key, before rendering.
 */
describe('derived names fit their kind: the limit in the schema is the real one', () => {
  const combos: [string, string, Record<string, unknown>, number][] = [
    // env, what, overlay, longest releaseName without "open-webui"
    ['production', 'external Redis and database', {}, 52],
    ['local', 'in-cluster Redis and development PostgreSQL', {}, 30],
    [
      'local',
      'in-cluster Redis only',
      {
        database: { inCluster: { enabled: false } },
        secrets: { inline: { databaseUrl: 'postgresql://u:p@db:5432/x', postgresPassword: null } },
      },
      35,
    ],
  ];
  const errorsOf = (env: string, overlay: Record<string, unknown>): Problem[] => {
    try {
      renderEnv(env, overlay);
      return [];
    } catch (e) {
      if (e instanceof ValuesError) return e.problems.filter((p) => p.severity === 'error');
      throw e;
    }
  };
  const name = (n: number) => `r${'x'.repeat(n - 1)}`;
  test.each(combos)('%s with %s: releaseName of %#', (env, _what, overlay, max) => {
    expect(errorsOf(env, { ...overlay, releaseName: name(max) })).toEqual([]);
    const over = errorsOf(env, { ...overlay, releaseName: name(max + 1) });
    expect(over.map((p) => [p.id, p.path.join('.')])).toContainEqual(['release-name-too-long', 'releaseName']);
    expect(over.find((p) => p.id === 'release-name-too-long')?.message).toContain(`at most ${max} characters`);
  });
  test('fullnameOverride: 41 with the development PostgreSQL renders, 42 is refused at fullnameOverride', () => {
    expect(errorsOf('local', { fullnameOverride: name(41) }).map((p) => p.id)).not.toContain('release-name-too-long');
    expect(errorsOf('local', { fullnameOverride: name(42) }).map((p) => [p.id, p.path.join('.')])).toContainEqual([
      'release-name-too-long',
      'fullnameOverride',
    ]);
  });
  test("Helm's 53 caps releaseName whatever renders", () => {
    const r = valuesSchema.safeParse({ releaseName: name(54) });
    expect(r.error?.issues[0].message).toMatch(/at most 53 characters, as Helm requires/);
  });
});
