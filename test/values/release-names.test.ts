/** releaseName, nameOverride and fullnameOverride start Service names: RFC 1035 labels. */
import { valuesSchema } from '../../src/values/schema';

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
