/**
 * Logging: openwebui.logLevel renders GLOBAL_LOG_LEVEL in every Open WebUI-image container (app,
 * app pods' waiter, migrator); per-component *_LOG_LEVEL variables, which Open WebUI 0.11.0
 * ignores, are refused; JSON logs without a level warn (facts §7.1).
 */
import { LEGACY_LOG_COMPONENTS } from '../../src/model';
import { Any, containers, envMap, errorsOf, find, ids, problemsOf, render, renderEnv, ENVS } from '../support';

const imageContainers = (objs: Any[]) => {
  const deployment = find(objs, 'Deployment');
  const job = find(objs, 'Job');
  return {
    app: containers(deployment)[0],
    waiter: (deployment as Any).spec.template.spec.initContainers.find((c: Any) => c.name === 'wait-for-migration'),
    migrator: containers(job)[0],
  };
};

describe('openwebui.logLevel', () => {
  it('renders GLOBAL_LOG_LEVEL in the app, its waiter and the migrator', () => {
    const cs = imageContainers(render('openwebui:\n  logLevel: WARNING\n'));
    for (const c of Object.values(cs))
      expect(envMap(c).GLOBAL_LOG_LEVEL).toEqual({ name: 'GLOBAL_LOG_LEVEL', value: 'WARNING' });
  });

  it('renders nothing when unset (Open WebUI then logs at INFO)', () => {
    const cs = imageContainers(render());
    for (const c of Object.values(cs)) expect(envMap(c).GLOBAL_LOG_LEVEL).toBeUndefined();
  });

  it('takes only Python level names, in capitals', () => {
    const errors = errorsOf('openwebui:\n  logLevel: verbose\n');
    expect(errors.map((p) => [p.id, p.path.join('.')])).toEqual([['invalid-option', 'openwebui.logLevel']]);
    expect(errorsOf('openwebui:\n  logLevel: info\n').map((p) => p.path.join('.'))).toEqual(['openwebui.logLevel']);
  });

  it('is INFO in every shipped environment, which logs JSON', () => {
    for (const env of ENVS) {
      const { app } = imageContainers(renderEnv(env));
      expect([env, envMap(app).GLOBAL_LOG_LEVEL?.value, envMap(app).LOG_FORMAT?.value]).toEqual([env, 'INFO', 'json']);
    }
  });
});

describe('per-component log levels', () => {
  it('lists the official chart’s 11 components among the refused names', () => {
    for (const c of [
      'audio',
      'comfyui',
      'config',
      'db',
      'images',
      'main',
      'models',
      'ollama',
      'openai',
      'rag',
      'webhook',
    ])
      expect(LEGACY_LOG_COMPONENTS).toContain(c.toUpperCase());
  });

  it.each(LEGACY_LOG_COMPONENTS.map((c) => `${c}_LOG_LEVEL`))(
    '%s in extraEnv is refused: 0.11.0 ignores it',
    (name) => {
      const errors = errorsOf(`extraEnv:\n  - name: ${name}\n    value: DEBUG\n`);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ id: 'extra-env-managed', path: ['extraEnv', 0, 'name'] });
      expect(errors[0].message).toContain('reads no per-component log level');
      expect(errors[0].message).toContain('openwebui.logLevel');
      expect(errors[0].hint).toBe('Remove it from extraEnv.');
    },
  );

  it('GLOBAL_LOG_LEVEL itself in extraEnv points at the typed key', () => {
    const [e] = errorsOf('extraEnv:\n  - name: GLOBAL_LOG_LEVEL\n    value: DEBUG\n');
    expect(e.id).toBe('extra-env-managed');
    expect(e.hint).toContain('openwebui.logLevel');
  });
});

describe('JSON logs need a level', () => {
  const warned = (yaml: string) => ids(problemsOf(yaml)).includes('recommended-json-logs-level');

  it('warns on logFormat json without logLevel, at openwebui.logLevel', () => {
    const p = problemsOf('openwebui:\n  logFormat: json\n').find((x) => x.id === 'recommended-json-logs-level');
    expect(p).toMatchObject({ severity: 'warning', path: ['openwebui', 'logLevel'] });
    expect(p?.message).toMatch(/plain text/);
  });

  it('is quiet with a level, or with text logs', () => {
    expect(warned('openwebui:\n  logFormat: json\n  logLevel: INFO\n')).toBe(false);
    expect(warned('openwebui:\n  logFormat: text\n')).toBe(false);
    expect(warned('')).toBe(false);
  });

  it('can be acknowledged', () => {
    expect(warned('openwebui:\n  logFormat: json\nacknowledgeWarnings: [recommended-json-logs-level]\n')).toBe(false);
  });
});
