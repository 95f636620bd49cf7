/** synth checks what it rendered (schema + security policy) before writing: nothing invalid or weakened reaches dist/. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synth } from '../../src/commands/synth';
import { ValuesError } from '../../src/errors';

function synthWith(yaml: string): { problems: ValuesError['problems']; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-'));
  const f = path.join(dir, 'extra.yaml');
  fs.writeFileSync(f, yaml);
  const out = path.join(dir, 'out');
  try {
    synth({
      envs: [{ name: 'production', files: ['values/common.yaml', 'values/production.yaml'] }],
      extraFiles: [f],
      layout: { kind: 'each', dirOf: () => out },
    });
    return { problems: [], out };
  } catch (e) {
    if (e instanceof ValuesError) return { problems: e.problems, out };
    throw e;
  }
}

describe('synth guard', () => {
  it('refuses a hostPath volume (Pod Security baseline) and writes nothing', () => {
    const r = synthWith(
      'extraVolumes:\n  - name: host\n    hostPath: {path: /}\nextraVolumeMounts:\n  - {name: host, mountPath: /host}\n',
    );
    expect(r.problems.map((p) => p.id)).toContain('pod-security-baseline');
    const onDeployment = r.problems.find((p) => /Deployment\/open-webui /.test(p.message));
    expect(onDeployment?.message).toMatch(
      /Deployment\/open-webui .*volumes\[\d+\]\.hostPath: hostPath volumes are not allowed/,
    );
    // reported once for the Job and the Deployment, at the key and line that set it
    expect(r.problems.filter((p) => p.id === 'pod-security-baseline')).toHaveLength(1);
    expect(onDeployment?.path).toEqual(['extraVolumes', 0, 'hostPath']);
    expect(onDeployment?.file).toMatch(/extra\.yaml$/);
    expect(onDeployment?.line).toBe(3);
    expect(fs.existsSync(r.out)).toBe(false);
  });
  it('refuses an unsafe sysctl given through podSecurityContext', () => {
    const r = synthWith('podSecurityContext:\n  sysctls:\n    - {name: kernel.msgmax, value: "65536"}\n');
    expect(r.problems.map((p) => `${p.id}: ${p.message}`).join('\n')).toMatch(
      /pod-security-baseline: .*sysctl kernel.msgmax is not in the safe set/,
    );
  });
  it('lets the committed environments through', () => {
    expect(synthWith('{}\n').problems).toEqual([]);
  });
});
