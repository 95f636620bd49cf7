/**
 * The public URL (what users type) versus the backend address (what the Ingress serves): WEBUI_URL,
 * CORS_ALLOW_ORIGIN, the cookie Secure flags and the CORS rule all follow one derivation
 * (src/model/origins.ts), and ways in are pluggable (WAYS_IN).
 */
import { backendAddresses, BackendAddress, corsOrigins, ingressAddresses, publicUrlOf } from '../../src/model';
import { Values } from '../../src/values/schema';
import { Any, envMap, errorsOf, find, one, problemsOf, render, renderEnv, resolve } from '../support';

/** One rendered object, untyped. */
const obj = (objs: Any[], kind: string, name?: string): Any => find(objs, kind, name);

const appEnv = (objs: Any[]) => envMap(obj(objs, 'Deployment', 'open-webui').spec.template.spec.containers[0]);
const ing = (hosts: string, more = '') => `ingress:\n  enabled: true\n  hosts: [${hosts}]\n${more}`;
const alb = (protocol: string, port: number) =>
  ing(
    '{host: ai-scaled.ggai}',
    `  controller: alb\n  alb:\n    protocol: ${protocol}\n    listenPort: ${port}\n${protocol === 'HTTPS' ? '    certificateArn: arn:aws:acm:eu-west-1:111122223333:certificate/x\n' : ''}`,
  );
const cors = (...origins: string[]) => `openwebui:\n  corsAllowOrigin: [${origins.map((o) => `"${o}"`).join(', ')}]\n`;
const value = (env: Record<string, Any>, name: string) => env[name]?.value;

describe('backend addresses, as the load balancer serves them', () => {
  test.each([
    ['an ALB HTTP listener on 8080', alb('HTTP', 8080), 'http://ai-scaled.ggai:8080'],
    ['an ALB HTTP listener on 80', alb('HTTP', 80), 'http://ai-scaled.ggai'],
    ['an ALB HTTPS listener on 443', alb('HTTPS', 443), 'https://ai-scaled.ggai'],
    ['an ALB HTTPS listener on 8443', alb('HTTPS', 8443), 'https://ai-scaled.ggai:8443'],
    ['an nginx host without TLS', ing('{host: chat.example.com}'), 'http://chat.example.com'],
    [
      'an nginx host with TLS',
      ing('{host: chat.example.com}', '  tls: [{secretName: t, hosts: [chat.example.com]}]\n'),
      'https://chat.example.com',
    ],
  ])('%s: WEBUI_URL and CORS_ALLOW_ORIGIN are %s', (_what, yaml, origin) => {
    const env = appEnv(render(yaml));
    expect(value(env, 'WEBUI_URL')).toBe(origin);
    expect(value(env, 'CORS_ALLOW_ORIGIN')).toBe(origin);
    // Secure cookies exactly when the URL users reach is https
    const https = origin.startsWith('https:');
    for (const c of ['WEBUI_SESSION_COOKIE_SECURE', 'WEBUI_AUTH_COOKIE_SECURE'])
      expect(value(env, c)).toBe(https ? 'True' : undefined);
  });
});

describe('publicUrl: what users type, distinct from the backend host', () => {
  test('the aws environment: the application proxy URL drives WEBUI_URL, CORS, Secure cookies and the redirect URI; the ALB host stays the backend', () => {
    const objs = renderEnv('aws');
    const env = appEnv(objs);
    expect(value(env, 'WEBUI_URL')).toBe('https://ai-scaled-contoso.msappproxy.net');
    expect(value(env, 'CORS_ALLOW_ORIGIN')).toBe('https://ai-scaled-contoso.msappproxy.net');
    expect(value(env, 'WEBUI_SESSION_COOKIE_SECURE')).toBe('True');
    expect(value(env, 'WEBUI_AUTH_COOKIE_SECURE')).toBe('True');
    expect(value(env, 'MICROSOFT_REDIRECT_URI')).toBe(
      'https://ai-scaled-contoso.msappproxy.net/oauth/microsoft/callback',
    );
    expect(one(objs, 'Ingress').spec.rules[0].host).toBe('ai-scaled.ggai');
  });
  test('an https public URL in front of an http backend: no CORS error for the backend host nobody types', () => {
    expect(errorsOf(alb('HTTP', 8080), 'publicUrl: https://chat.example.com\n')).toEqual([]);
    const env = appEnv(render(alb('HTTP', 8080), 'publicUrl: https://chat.example.com\n'));
    expect(value(env, 'CORS_ALLOW_ORIGIN')).toBe('https://chat.example.com');
  });
  test('normalized to the origin: default ports and a trailing slash dropped, host lower-cased', () => {
    const env = appEnv(render(ing('{host: x.example.com}'), 'publicUrl: HTTPS://Chat.Example.com:443/\n'));
    expect(value(env, 'WEBUI_URL')).toBe('https://chat.example.com');
  });
  test.each([
    ['a path', 'https://chat.example.com/webui'],
    ['a query', 'https://chat.example.com/?a=b'],
    ['a user name', 'https://me@chat.example.com'],
    ['no http(s) scheme', 'ftp://chat.example.com'],
  ])('refuses %s', (_what, url) => {
    const p = errorsOf(`publicUrl: "${url}"\n`).find((e) => e.path.join('.') === 'publicUrl');
    expect(p?.message).toMatch(/must be an origin|http:\/\/ or https:\/\//);
  });
  test('openwebui.webuiUrl moved: the error says where', () => {
    const p = errorsOf('openwebui:\n  webuiUrl: https://chat.example.com\n')[0];
    expect(p).toMatchObject({ id: 'unknown-key', path: ['openwebui', 'webuiUrl'] });
    expect(p.hint).toMatch(/moved to publicUrl/);
  });
});

describe('the CORS rule compares scheme, host and port, and its hint is the derived origin', () => {
  const corsErrors = (...yamls: string[]) => errorsOf(...yamls).filter((e) => e.id === 'cors-covers-origins');
  test('an ALB HTTP listener: the hint is http://host:8080, not https://host', () => {
    const [p] = corsErrors(alb('HTTP', 8080), cors('https://ai-scaled.ggai'));
    expect(p.message).toMatch(
      /does not include http:\/\/ai-scaled\.ggai:8080, the ingress \(alb\) host "ai-scaled\.ggai"/,
    );
    expect(p.hint).toBe(
      'Add "http://ai-scaled.ggai:8080" to openwebui.corsAllowOrigin, or leave the list empty to derive it.',
    );
    expect(corsErrors(alb('HTTP', 8080), cors('http://ai-scaled.ggai:8080'))).toEqual([]);
  });
  test.each([
    ['another scheme', 'http://chat.example.com'],
    ['another port', 'https://chat.example.com:8443'],
    ['another host', 'https://chat2.example.com'],
  ])('with publicUrl set, the list must hold it exactly: %s is not it', (_what, origin) => {
    const [p] = corsErrors(ing('{host: b.internal}'), 'publicUrl: https://chat.example.com\n', cors(origin));
    expect(p.message).toMatch(/does not include https:\/\/chat\.example\.com, the public URL \(publicUrl\)/);
    expect(
      corsErrors(ing('{host: b.internal}'), 'publicUrl: https://chat.example.com\n', cors('https://chat.example.com')),
    ).toEqual([]);
  });
  test('an entry that is not an origin as browsers send it is refused with its exact form', () => {
    const [p] = corsErrors(ing('{host: chat.example.com}'), cors('http://chat.example.com/'));
    expect(p).toMatchObject({ path: ['openwebui', 'corsAllowOrigin', 0] });
    expect(p.hint).toBe('Write "http://chat.example.com" (scheme, host and port only; no path or trailing slash).');
  });
  test('"*" covers everything (and is warned about elsewhere)', () => {
    expect(corsErrors(ing('{host: chat.example.com}'), cors('*'))).toEqual([]);
    expect(problemsOf(ing('{host: chat.example.com}'), cors('*')).map((p) => p.id)).toContain(
      'recommended-cors-explicit',
    );
  });
});

describe('wildcard Ingress hosts', () => {
  const wildcard = ing('{host: "*.chat.example.com"}');
  test('with explicit origins: valid (Open WebUI matches origins exactly; a wildcard is only a backend address)', () => {
    expect(errorsOf(wildcard, cors('https://team-a.chat.example.com', 'https://team-b.chat.example.com'))).toEqual([]);
    const env = appEnv(render(wildcard, cors('https://team-a.chat.example.com', 'https://team-b.chat.example.com')));
    expect(value(env, 'CORS_ALLOW_ORIGIN')).toBe('https://team-a.chat.example.com;https://team-b.chat.example.com');
  });
  test('with publicUrl: valid, the public URL is the origin', () => {
    expect(errorsOf(wildcard, 'publicUrl: https://team-a.chat.example.com\n')).toEqual([]);
  });
  test('with neither: refused, nothing to derive WEBUI_URL from', () => {
    const p = errorsOf(wildcard).find((e) => e.id === 'ingress-config');
    expect(p?.path).toEqual(['ingress', 'hosts', 0, 'host']);
    expect(p?.hint).toMatch(/Set publicUrl/);
  });
});

describe('ways in are pluggable (issue 11 part 2 adds the HTTPRoute)', () => {
  test('a second way in contributes addresses; the first address of the first way is the default public URL', () => {
    const v = resolve(ing('{host: a.example.com}')).values as Values;
    const route = (): BackendAddress[] => [
      { host: 'b.example.com', origin: 'https://b.example.com', key: ['route', 'hostnames', 0], via: 'route' },
    ];
    const addresses = backendAddresses(v, [ingressAddresses, route]);
    expect(addresses.map((a) => a.origin)).toEqual(['http://a.example.com', 'https://b.example.com']);
    expect(publicUrlOf(v, addresses)?.url).toBe('http://a.example.com');
    expect(corsOrigins(v, publicUrlOf(v, addresses), addresses)).toEqual([
      'http://a.example.com',
      'https://b.example.com',
    ]);
    expect(publicUrlOf(v, backendAddresses(v, [route]))).toMatchObject({
      url: 'https://b.example.com',
      https: true,
      derived: true,
      key: ['route', 'hostnames', 0],
    });
  });
});
