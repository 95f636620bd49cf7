/**
 * Kept only for test/charts/migration-command.test.ts, which another change replaces (issue 9):
 * every other test uses test/support.ts. Delete this file with that test's replacement.
 */
import { K8sObject } from '../../src/synth/render';
import { renderEnv } from '../support';

export { one } from '../support';
export const render = (env: string, sets: string[] = []): K8sObject[] => renderEnv(env, sets);
