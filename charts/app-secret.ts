/**
 * The development-only app Secret rendered from `secrets.inline`. Real environments read an existing
 * Secret instead and render nothing here. The rendered Secret is labelled so nobody mistakes it for production.
 */
import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DEVELOPMENT_ONLY_LABEL } from '../src/check/policy';

export { DEVELOPMENT_ONLY_LABEL };

export interface AppSecretProps {
  /** Name, namespace, labels and annotations; the development-only label and warning are added. */
  readonly metadata: k8s.ObjectMeta;
  /** Secret key -> plaintext value. */
  readonly stringData: Readonly<Record<string, string>>;
}

/** L1 object: cdk8s-plus-28's Secret adds `immutable: false`. */
export class AppSecret extends Construct {
  /** sha256 of the rendered data: a pod annotation, so a changed secret rolls the pods. */
  readonly checksum: string;
  private readonly data: Readonly<Record<string, string>>;
  constructor(scope: Construct, id: string, props: AppSecretProps) {
    super(scope, id);
    this.data = props.stringData;
    this.checksum = createHash('sha256').update(JSON.stringify(this.data)).digest('hex');
    const m = props.metadata;
    new k8s.KubeSecret(this, 'Resource', {
      metadata: {
        ...m,
        labels: { ...m.labels, [DEVELOPMENT_ONLY_LABEL]: 'true' },
        annotations: {
          ...m.annotations,
          'open-webui-k8s/warning': 'Development only: plaintext values from secrets.inline. Never use in production.',
        },
      },
      type: 'Opaque',
      stringData: { ...this.data },
    });
  }

  /**
   * sha256 of one rendered entry (its key and value): a pod annotation for a backend that reads only
   * that entry (the in-cluster Redis / development PostgreSQL password), so changing it restarts the
   * backend together with the app, while other inline values leave the backend alone.
   */
  checksumOf(key: string): string {
    return createHash('sha256')
      .update(JSON.stringify([key, this.data[key] ?? null]))
      .digest('hex');
  }
}
