/** Env vars read from a key of the app Secret (or another Secret), never from plaintext values. */
import { k8s } from 'cdk8s-plus-28';
import { SECRET_ENTRIES, SecretEntry } from '../src/values/schema';
import { Release } from './release';

/** An env var named after `entry`, read from its key in the app Secret (or `secretName`). */
export function fromAppSecret(release: Release, entry: SecretEntry, secretName = release.appSecretName): k8s.EnvVar {
  return {
    name: SECRET_ENTRIES[entry].env,
    valueFrom: { secretKeyRef: { name: secretName, key: release.values.secrets.keys[entry] } },
  };
}
