/**
 * The values' extra objects (`extraObjects`), as the release model resolved them (placeholders
 * replaced, namespace defaulted, common labels and annotations added). Each is checked like every
 * other rendered object before anything is written (src/synth/guard.ts).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export interface ExtraObjectsProps {
  /** Kubernetes objects, each with apiVersion, kind and metadata.name. */
  readonly objects: readonly (Record<string, unknown> & {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: Record<string, unknown> & { readonly name: string };
  })[];
}

/** L1 objects as given: any kind, rendered field for field (cdk8s only sorts the keys). */
export class ExtraObjects extends Construct {
  constructor(scope: Construct, id: string, props: ExtraObjectsProps) {
    super(scope, id);
    props.objects.forEach((o, i) => {
      const { apiVersion, kind, metadata, ...rest } = o;
      new ApiObject(this, `Object${i}`, { apiVersion, kind, metadata, ...rest });
    });
  }
}
