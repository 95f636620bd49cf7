/** Gateway API constructs: the HTTPRoute, the objects each implementation reads for session persistence, the GKE Ingress BackendConfig. */
export * from './http-route';
export * from './implementation-objects';
export * from './session-persistence';
