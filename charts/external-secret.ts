/**
 * The app Secret as an External Secrets Operator `ExternalSecret` (external-secrets.io/v1): the
 * operator reads the values from a SecretStore/ClusterSecretStore (AWS Secrets Manager in the
 * `aws` environment) and writes the Secret the pods read. Nothing secret is rendered.
 * Written as a plain ApiObject (no generated CRD import); `npm run check` validates it against the
 * vendored CRD schema in schemas/crds/.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { requiredSecretEntries } from '../src/values/secret-entries';
import { Release } from './release';

export const EXTERNAL_SECRET_API_VERSION = 'external-secrets.io/v1';

export interface AppExternalSecretProps {
  /** The release. Reads `secrets.externalSecret` and `secrets.keys`. */
  readonly release: Release;
}

export class AppExternalSecret extends Construct {
  readonly name: string;
  constructor(scope: Construct, id: string, props: AppExternalSecretProps) {
    super(scope, id);
    const { release } = props;
    const s = release.values.secrets;
    const es = s.externalSecret;
    if (!es.storeRef.name)
      throw new Error(
        'secrets.externalSecret.storeRef.name is required (validated by the secrets-external-secret rule)',
      );
    this.name = release.appSecretName;
    const data = requiredSecretEntries(release.values).map(({ entry }) => {
      const override = es.properties[entry] ?? {};
      const key = override.remoteKey ?? es.remoteKey;
      if (!key)
        throw new Error(
          `secrets.externalSecret: no remote key for ${entry} (validated by the secrets-external-secret rule)`,
        );
      return { secretKey: s.keys[entry], remoteRef: { key, property: override.property ?? s.keys[entry] } };
    });
    new ApiObject(this, 'Resource', {
      apiVersion: EXTERNAL_SECRET_API_VERSION,
      kind: 'ExternalSecret',
      metadata: release.metadata('app', this.name),
      spec: {
        refreshInterval: es.refreshInterval,
        secretStoreRef: { kind: es.storeRef.kind, name: es.storeRef.name },
        target: { name: this.name, creationPolicy: 'Owner', deletionPolicy: 'Retain' },
        data,
      },
    });
  }
}
