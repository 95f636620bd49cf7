/**
 * Supported Open WebUI versions (issue 9, item 8): the facts are per release, so the chart records
 * the releases they were verified against, defaults `image.tag` to the newest of them, and warns
 * (acknowledgeably) for any other version, including tags whose version cannot be told.
 */
import { VERIFIED_OPEN_WEBUI_VERSIONS } from '../../src/model';
import { openWebUiVersion } from '../../src/values/schema/image';
import { ids, problemsOf, resolve, resolveEnv } from '../support';

const warningFor = (yaml: string) => problemsOf(yaml).find((p) => p.id === 'image-version-unverified');
const DIGEST = `sha256:${'a'.repeat(64)}`;

test('the verified releases are recorded, and image.tag defaults to the newest', () => {
  expect(VERIFIED_OPEN_WEBUI_VERSIONS).toEqual(['0.11.0']);
  expect(resolve('').values.image.tag).toBe('0.11.0');
  for (const env of ['local', 'aws', 'production'])
    expect(ids(resolveEnv(env).warnings)).not.toContain('image-version-unverified');
});

test.each(['0.11.0', 'v0.11.0', '0.11.0-slim', '0.11.0-cuda', '0.11.0-cuda126', '0.11.0-ollama'])(
  'a verified release, with any variant suffix, is not warned: %s',
  (tag) => {
    expect(warningFor(`image:\n  tag: "${tag}"\n`)).toBeUndefined();
    expect(warningFor(`image:\n  tag: "${tag}"\n  digest: ${DIGEST}\n`)).toBeUndefined();
  },
);

test('a newer release (0.12.x, or a 0.11 patch release) is warned: what may have changed and what to do', () => {
  const p = warningFor('image:\n  tag: 0.12.4\n');
  expect(p).toMatchObject({ severity: 'warning', path: ['image', 'tag'], received: '0.12.4' });
  expect(p?.message).toContain('Open WebUI 0.12.4 is newer than the releases this chart was verified against (0.11.0)');
  expect(p?.hint).toContain('acknowledgeWarnings: [image-version-unverified]');
  expect(warningFor('image:\n  tag: 0.11.3-slim\n')?.message).toContain('0.11.3 is newer');
});

test('an older release is warned too, saying how older releases differ', () => {
  expect(warningFor('image:\n  tag: 0.10.2\n')?.message).toContain('0.10.2 is older than the releases');
});

test('a tag whose version cannot be told (pinned by digest) is warned', () => {
  expect(warningFor(`image:\n  tag: git-f9590b8\n  digest: ${DIGEST}\n`)?.message).toContain(
    'the version of image tag "git-f9590b8" cannot be told',
  );
});

test('a floating tag is one problem (image-pinned), not also an unverified version', () => {
  const ps = problemsOf('image:\n  tag: latest\n');
  expect(ps.filter((p) => p.path.join('.') === 'image.tag').map((p) => p.id)).toEqual(['image-pinned']);
});

test('acknowledging it silences it; it never blocks a synth', () => {
  expect(warningFor('image:\n  tag: 0.12.4\nacknowledgeWarnings: [image-version-unverified]\n')).toBeUndefined();
  expect(() => resolve('image:\n  tag: 0.12.4\n')).not.toThrow();
});

test('version parsing follows the release workflow tag forms', () => {
  expect(openWebUiVersion('0.11.0')).toEqual([0, 11, 0]);
  expect(openWebUiVersion('v0.12.4-cuda126')).toEqual([0, 12, 4]);
  expect(openWebUiVersion('0.11')).toBeUndefined();
  expect(openWebUiVersion('main')).toBeUndefined();
  expect(openWebUiVersion('git-f9590b8')).toBeUndefined();
});
