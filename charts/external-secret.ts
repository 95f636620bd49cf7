/**
 * The app Secret as an External Secrets Operator `ExternalSecret` (external-secrets.io/v1): the
 * operator reads the values from a SecretStore/ClusterSecretStore (AWS Secrets Manager in the
 * `aws` environment) and writes the Secret the pods read. Nothing secret is rendered.
 * Written as a plain ApiObject (no generated CRD import); `npm run check` validates it against the
 * vendored CRD schema in schemas/crds/.
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export const EXTERNAL_SECRET_API_VERSION = 'external-secrets.io/v1';

export interface AppExternalSecretProps {
  /** Metadata; its name is also the name of the Secret the operator writes. */
  readonly metadata: k8s.ObjectMeta & { readonly name: string };
  /** The store the operator reads from. */
  readonly storeRef: { readonly kind: string; readonly name: string };
  /** How often the operator re-reads the store (a Go duration). @default '1h' */
  readonly refreshInterval?: string;
  /** One entry per key of the Secret: where its value lives in the store. */
  readonly data: readonly {
    readonly secretKey: string;
    readonly remoteRef: { readonly key: string; readonly property: string };
  }[];
}

export class AppExternalSecret extends Construct {
  readonly name: string;
  constructor(scope: Construct, id: string, props: AppExternalSecretProps) {
    super(scope, id);
    this.name = props.metadata.name;
    new ApiObject(this, 'Resource', {
      apiVersion: EXTERNAL_SECRET_API_VERSION,
      kind: 'ExternalSecret',
      metadata: props.metadata,
      spec: {
        refreshInterval: props.refreshInterval ?? '1h',
        secretStoreRef: { kind: props.storeRef.kind, name: props.storeRef.name },
        target: { name: this.name, creationPolicy: 'Owner', deletionPolicy: 'Retain' },
        data: props.data,
      },
    });
  }
}
