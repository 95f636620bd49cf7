/** Gateway API constructs: the HTTPRoute, per-implementation session persistence, GKE Ingress BackendConfig. */
export * from './duration';
export * from './http-route';
export * from './implementation-objects';
export * from './session-persistence';
