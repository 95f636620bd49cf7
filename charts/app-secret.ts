/**
 * The development-only app Secret rendered from `secrets.inline`. Real environments read an existing
 * Secret instead and render nothing here. The rendered Secret is labelled so nobody mistakes it for production.
 */
import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SECRET_ENTRIES, SecretEntry } from '../src/values/schema';
import { Release } from './release';

import { DEVELOPMENT_ONLY_LABEL } from '../src/check/policy';

export { DEVELOPMENT_ONLY_LABEL };

export interface AppSecretProps {
  /** The release. Reads `secrets.inline` and `secrets.keys`. */
  readonly release: Release;
}

export class AppSecret extends Construct {
  /** sha256 of the rendered data: a pod annotation, so a changed secret rolls the pods. */
  readonly checksum: string;
  private readonly data: Record<string, string>;
  /**
   * sha256 of one rendered entry (its key and value): a pod annotation for a backend that reads only
   * that entry (the in-cluster Redis / development PostgreSQL password), so changing it restarts the
   * backend together with the app, while other inline values leave the backend alone.
   */
  checksumOf(entry: SecretEntry): string {
    const key = this.release.values.secrets.keys[entry];
    return createHash('sha256')
      .update(JSON.stringify([key, this.data[key] ?? null]))
      .digest('hex');
  }
  private readonly release: Release;
  constructor(scope: Construct, id: string, props: AppSecretProps) {
    super(scope, id);
    const { release } = props;
    this.release = release;
    const s = release.values.secrets;
    const stringData: Record<string, string> = {};
    for (const entry of Object.keys(SECRET_ENTRIES) as SecretEntry[]) {
      const value = s.inline[entry];
      if (value !== undefined) stringData[s.keys[entry]] = value;
    }
    this.checksum = createHash('sha256').update(JSON.stringify(stringData)).digest('hex');
    this.data = stringData;
    new k8s.KubeSecret(this, 'Resource', {
      metadata: release.metadata('app', release.appSecretName, {
        labels: { [DEVELOPMENT_ONLY_LABEL]: 'true' },
        annotations: {
          'open-webui-k8s/warning': 'Development only: plaintext values from secrets.inline. Never use in production.',
        },
      }),
      type: 'Opaque',
      stringData,
    });
  }
}
