/**
 * Annotation keys are qualified names with case ignored, exactly as the API server checks them
 * (apimachinery ValidateAnnotations lower-cases the key first); label keys are not.
 */
import { valuesSchema } from '../../src/values/schema';
import { renderEnv } from '../support';

describe('annotation keys agree with the API server', () => {
  test.each(['Example.com/x', 'EXAMPLE.COM/Team', 'example.com/X'])('%s is accepted as an annotation key', (k) => {
    expect(valuesSchema.safeParse({ podAnnotations: { [k]: 'v' }, commonAnnotations: { [k]: 'v' } }).success).toBe(
      true,
    );
  });
  test('and renders through check (the API-server rules lower-case it too)', () => {
    const d = renderEnv('production', { podAnnotations: { 'Example.com/x': 'v' } }).find(
      (o) => o.kind === 'Deployment',
    ) as any;
    expect(d.spec.template.metadata.annotations['Example.com/x']).toBe('v');
  });
  test.each(['example.com/-x', 'a/b/c', '-x'])('%s is still refused', (k) => {
    expect(valuesSchema.safeParse({ podAnnotations: { [k]: 'v' } }).success).toBe(false);
  });
  test('a label key keeps a case-sensitive prefix (ValidateLabels does not lower-case)', () => {
    expect(valuesSchema.safeParse({ podLabels: { 'Example.com/x': 'v' } }).success).toBe(false);
  });
});
