/**
 * Renders the objects of a session persistence plan: `sessionPersistencePlan` (src/model/gateway.ts)
 * decides per Gateway API implementation what to render beside the route; this construct renders
 * it, one narrow construct per kind (implementation-objects.ts).
 */
import { Construct } from 'constructs';
import { SessionPersistencePlan } from '../../src/model';
import {
  AwsLoadBalancerConfiguration,
  AwsTargetGroupConfiguration,
  GkeBackendPolicy,
  GkeHealthCheckPolicy,
  GkeSessionAffinityPolicy,
  IstioCookieAffinity,
} from './implementation-objects';

/** Renders a plan's objects (never the route: the route construct takes `plan.route`). */
export class SessionPersistenceObjects extends Construct {
  constructor(scope: Construct, id: string, plan: SessionPersistencePlan) {
    super(scope, id);
    const errors = plan.problems.filter((p) => p.severity === 'error');
    if (errors.length) throw new Error(errors.map((e) => `${e.message} ${e.hint}`).join(' '));
    for (const o of plan.objects) {
      switch (o.kind) {
        case 'DestinationRule':
          new IstioCookieAffinity(this, o.kind, o.props);
          break;
        case 'TargetGroupConfiguration':
          new AwsTargetGroupConfiguration(this, o.kind, o.props);
          break;
        case 'LoadBalancerConfiguration':
          new AwsLoadBalancerConfiguration(this, o.kind, o.props);
          break;
        case 'GCPSessionAffinityPolicy':
          new GkeSessionAffinityPolicy(this, o.kind, o.props);
          break;
        case 'HealthCheckPolicy':
          new GkeHealthCheckPolicy(this, o.kind, o.props);
          break;
        case 'GCPBackendPolicy':
          new GkeBackendPolicy(this, o.kind, o.props);
          break;
      }
    }
  }
}
