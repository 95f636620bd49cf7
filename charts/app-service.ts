/** The Service in front of the app pods. */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

export interface AppServiceProps {
  /** Name, namespace, labels and annotations (e.g. Traefik's sticky-cookie annotations). */
  readonly metadata: k8s.ObjectMeta & { readonly name: string };
  /** Labels of the app pods. */
  readonly selector: Record<string, string>;
  /** Service type. @default 'ClusterIP' */
  readonly type?: string;
  /** Service port (to the container's named `http` port). @default 80 */
  readonly port?: number;
  /** Node port (`NodePort`, `LoadBalancer`). @default one Kubernetes picks */
  readonly nodePort?: number;
  /** Load balancer implementation (`LoadBalancer`). @default the cloud provider's */
  readonly loadBalancerClass?: string;
  /** Application protocol of the port, e.g. `kubernetes.io/ws`. @default none */
  readonly appProtocol?: string;
}

/** L1 object: cdk8s-plus-28's Service adds `externalIPs: []`. */
export class AppService extends Construct {
  readonly name: string;
  readonly port: number;
  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    this.name = props.metadata.name;
    this.port = props.port ?? 80;
    new k8s.KubeService(this, 'Resource', {
      metadata: props.metadata,
      spec: {
        type: props.type ?? 'ClusterIP',
        ...(props.loadBalancerClass ? { loadBalancerClass: props.loadBalancerClass } : {}),
        selector: props.selector,
        ports: [
          {
            name: 'http',
            port: this.port,
            targetPort: k8s.IntOrString.fromString('http'),
            protocol: 'TCP',
            ...(props.nodePort !== undefined ? { nodePort: props.nodePort } : {}),
            ...(props.appProtocol ? { appProtocol: props.appProtocol } : {}),
          },
        ],
      },
    });
  }
}
