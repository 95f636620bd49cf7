/** Strongly recommended settings at scale: warnings, printed but not fatal, and acknowledgeable by id. */
import { finding, RECOMMENDED, Rule, SCALING_FACTS } from './rule';

const atScale = (reason: string) => `Recommended when more than one process runs (${reason})`;

/** Compares dotted versions numerically; non-numeric parts count as 0. */
export function versionAtLeast(tag: string, min: string): boolean {
  const parse = (s: string) =>
    s
      .replace(/^v/, '')
      .split(/[-+]/)[0]
      .split('.')
      .map((n) => Number(n) || 0);
  const a = parse(tag);
  const b = parse(min);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

export const recommendedRules: Rule[] = [
  {
    id: 'recommended-content-extraction',
    severity: 'warning',
    docs: RECOMMENDED,
    check: (v, ctx) =>
      ctx.processes.multi && v.openwebui.contentExtraction.engine === 'default'
        ? [
            finding(
              ['openwebui', 'contentExtraction', 'engine'],
              `${atScale(ctx.processes.reason)}: extract document text with an external engine (Tika) so uploads do not load the app pods.`,
              'Set openwebui.contentExtraction.engine: tika and tikaServerUrl.',
              'default',
            ),
          ]
        : [],
  },
  {
    id: 'recommended-external-embeddings',
    severity: 'warning',
    docs: RECOMMENDED,
    check: (v, ctx) =>
      ctx.processes.multi && v.openwebui.embeddings.engine === 'local'
        ? [
            finding(
              ['openwebui', 'embeddings', 'engine'],
              `${atScale(ctx.processes.reason)}: use external embeddings; the local engine loads a model into every pod.`,
              'Set openwebui.embeddings.engine: openai or ollama.',
              'local',
            ),
          ]
        : [],
  },
  {
    id: 'recommended-thread-pool-size',
    severity: 'warning',
    docs: RECOMMENDED,
    check: (v, ctx) =>
      ctx.processes.multi && v.openwebui.threadPoolSize === undefined
        ? [
            finding(
              ['openwebui', 'threadPoolSize'],
              `${atScale(ctx.processes.reason)}: THREAD_POOL_SIZE is unset, so each process is capped at 40 concurrent blocking calls.`,
              'Set openwebui.threadPoolSize: 2000.',
            ),
          ]
        : [],
  },
  {
    id: 'recommended-user-active-status-interval',
    severity: 'warning',
    docs: RECOMMENDED,
    check: (v, ctx) =>
      ctx.processes.multi && v.openwebui.userActiveStatusUpdateIntervalSeconds === undefined
        ? [
            finding(
              ['openwebui', 'userActiveStatusUpdateIntervalSeconds'],
              `${atScale(ctx.processes.reason)}: every request writes the user's "last active" time to the database.`,
              'Set openwebui.userActiveStatusUpdateIntervalSeconds: 300.',
            ),
          ]
        : [],
  },
  {
    id: 'recommended-orjson',
    severity: 'warning',
    docs: RECOMMENDED,
    check: (v, ctx) =>
      ctx.processes.multi && v.openwebui.enableOrjson === undefined && versionAtLeast(v.image.tag, '0.11.0')
        ? [
            finding(
              ['openwebui', 'enableOrjson'],
              `${atScale(ctx.processes.reason)}: ENABLE_ORJSON (0.11.0+) serialises responses faster.`,
              'Set openwebui.enableOrjson: true.',
            ),
          ]
        : [],
  },
  {
    id: 'recommended-single-worker',
    severity: 'warning',
    docs: RECOMMENDED,
    check: (v) =>
      v.openwebui.uvicornWorkers > 1
        ? [
            finding(
              ['openwebui', 'uvicornWorkers'],
              `openwebui.uvicornWorkers is ${v.openwebui.uvicornWorkers}; one worker per pod lets Kubernetes scale, balance and restart processes one by one.`,
              'Set openwebui.uvicornWorkers: 1 and raise the replica count instead.',
              v.openwebui.uvicornWorkers,
            ),
          ]
        : [],
  },
  {
    id: 'recommended-session-affinity',
    severity: 'warning',
    docs: `${SCALING_FACTS}#load-balancer-affinity`,
    check: (v, ctx) =>
      ctx.processes.multi && v.ingress.enabled && !v.ingress.sessionAffinity.enabled
        ? [
            finding(
              ['ingress', 'sessionAffinity', 'enabled'],
              `${atScale(ctx.processes.reason)}: sticky sessions reduce websocket reconnects and jitter.`,
              'Set ingress.sessionAffinity.enabled: true.',
              false,
            ),
          ]
        : [],
  },
  {
    id: 'recommended-json-logs',
    severity: 'warning',
    docs: RECOMMENDED,
    check: (v, ctx) =>
      ctx.processes.multi && v.openwebui.logFormat !== 'json'
        ? [
            finding(
              ['openwebui', 'logFormat'],
              `${atScale(ctx.processes.reason)}: JSON logs let a log pipeline tell replicas and requests apart.`,
              'Set openwebui.logFormat: json.',
              v.openwebui.logFormat,
            ),
          ]
        : [],
  },
  {
    id: 'recommended-cors-explicit',
    severity: 'warning',
    docs: RECOMMENDED,
    check: (v) =>
      v.openwebui.corsAllowOrigin.includes('*')
        ? [
            finding(
              ['openwebui', 'corsAllowOrigin'],
              'CORS_ALLOW_ORIGIN is "*": any site can call the API with a user\'s browser.',
              'List the origins users reach, or leave the list empty to derive it from ingress.hosts.',
              '*',
            ),
          ]
        : [],
  },
];
