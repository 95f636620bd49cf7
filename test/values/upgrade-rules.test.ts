/** Upgrade rules: rolling updates are loud, surge pods count in the connection budget, the waiter has a ServiceAccount. */
import { connectionBudget, surgePods } from '../../src/model/processes';
import { runRules } from '../../src/rules';
import { valuesSchema } from '../../src/values/schema';
import { resolveEnv } from '../support';
import { ValuesError } from '../../src/errors';

const ids = (input: unknown) => runRules(valuesSchema.parse(input)).map((p) => p.id);
const base = {
  image: { tag: '0.11.0' },
  replicaCount: 1,
  podDisruptionBudget: { enabled: false },
  database: { type: 'sqlite' },
};

describe('upgrade-rolling-update (warning)', () => {
  test('silent by default (recreate)', () => {
    expect(valuesSchema.parse({}).upgrade.strategy).toBe('recreate');
    expect(ids(base)).not.toContain('upgrade-rolling-update');
  });
  test('warns, on upgrade.strategy, when rollingUpdate is chosen', () => {
    const problems = runRules(valuesSchema.parse({ ...base, upgrade: { strategy: 'rollingUpdate' } }));
    const p = problems.find((x) => x.id === 'upgrade-rolling-update')!;
    expect(p.severity).toBe('warning');
    expect(p.path).toEqual(['upgrade', 'strategy']);
    expect(p.message).toMatch(/same database at once/);
  });
  test('the pipeline prints it as a warning and synth goes on; acknowledging silences it', () => {
    expect(
      resolveEnv('aws', ['upgrade.strategy=rollingUpdate', 'database.maxConnections=2000']).warnings.map((w) => w.id),
    ).toContain('upgrade-rolling-update');
    expect(
      resolveEnv('aws', [
        'upgrade.strategy=rollingUpdate',
        'database.maxConnections=2000',
        'acknowledgeWarnings[0]=upgrade-rolling-update',
      ]).warnings.map((w) => w.id),
    ).not.toContain('upgrade-rolling-update');
  });
});

test('a rolling update that can make no progress is an error', () => {
  expect(
    ids({ ...base, upgrade: { strategy: 'rollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } }),
  ).toContain('upgrade-rolling-update-progress');
  expect(
    ids({ ...base, upgrade: { strategy: 'rollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }),
  ).not.toContain('upgrade-rolling-update-progress');
});

test("the Job's old-pods waiter (recreate only) needs a ServiceAccount of the release", () => {
  expect(ids({ ...base, serviceAccount: { create: false } })).toContain('upgrade-waiter-service-account');
  expect(ids({ ...base, serviceAccount: { create: false, name: 'existing' } })).not.toContain(
    'upgrade-waiter-service-account',
  );
  // With rollingUpdate nothing reads the Kubernetes API: no Role to bind.
  const rolling = { strategy: 'rollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
  expect(ids({ ...base, serviceAccount: { create: false }, upgrade: rolling })).not.toContain(
    'upgrade-waiter-service-account',
  );
});

test('schema refuses a malformed surge', () => {
  expect(valuesSchema.safeParse({ upgrade: { rollingUpdate: { maxSurge: '25' } } }).success).toBe(false);
  expect(valuesSchema.safeParse({ upgrade: { strategy: 'blueGreen' } }).success).toBe(false);
});

describe('connection budget counts surge pods with rollingUpdate', () => {
  const aws = resolveEnv('aws').values; // 10 max replicas, two engines of pool 10 + 10, plus the pgvector client's pool 5 + 0 per serving process
  test('recreate: no surge (old pods stop before new ones start)', () => {
    const b = connectionBudget(aws);
    expect(b.surgePods).toBe(0);
    expect(b.servingProcesses).toBe(10);
    expect(b.worstCase).toBe((2 * 20 + 5) * 10 + 4 + 3);
  });
  test('rollingUpdate: maxSurge pods on top of the highest replica count, percentages rounded up', () => {
    const rolling = (maxSurge: number | string) => ({
      ...aws,
      upgrade: { ...aws.upgrade, strategy: 'rollingUpdate' as const, rollingUpdate: { maxSurge, maxUnavailable: 0 } },
    });
    expect(connectionBudget(rolling(2)).servingProcesses).toBe(12);
    expect(connectionBudget(rolling(2)).worstCase).toBe((2 * 20 + 5) * 12 + 4 + 3);
    expect(surgePods(rolling('25%'), 10)).toBe(3);
    expect(surgePods(rolling('100%'), 10)).toBe(10);
  });
  test('the budget rule fails when surge pods push past max_connections', () => {
    // production: 12 x (2 x 20 + 5 pgvector) + 4 + 3 = 547 <= 600; with 25% surge (3 pods): 15 x 45 + 7 = 682 > 600.
    expect(() => resolveEnv('production')).not.toThrow();
    let err: unknown;
    try {
      resolveEnv('production', [
        'upgrade.strategy=rollingUpdate',
        'upgrade.rollingUpdate.maxSurge=25%',
        'acknowledgeWarnings[0]=upgrade-rolling-update',
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValuesError);
    const p = (err as ValuesError).problems.find((x) => x.id === 'database-connection-budget')!;
    expect(p.message).toContain('3 rolling-update surge pod(s) included');
  });
});
