/**
 * API-server parity (src/check/apiserver.ts): each case breaks one field of a committed manifest
 * the way the API server (or its controllers) would refuse, names the Kubernetes validation
 * function it mirrors, and expects that rule at that path. The committed dist/ passes them all.
 */
import * as fs from 'fs';
import * as path from 'path';
import { load } from 'js-yaml';
import { checkObjects } from '../../src/check';

const dist = (env: string, prefix: string): any => {
  const file = fs.readdirSync(`dist/${env}`).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`no ${prefix}* in dist/${env}`);
  return load(fs.readFileSync(path.join('dist', env, file), 'utf8'));
};
const DEPLOYMENT = () => dist('production', '24-deployment-');
const POD = (d: any) => d.spec.template.spec;
const APP = (d: any) => POD(d).containers[0];
/** Index of a volume appended to the production Deployment's pod. */
const NEXT_VOLUME = () => POD(DEPLOYMENT()).volumes.length;

const found = (obj: any) => checkObjects([{ file: 'x.yaml', obj }]);

interface Case {
  mirrors: string;
  what: string;
  obj: () => any;
  rule: string;
  path: string;
  message?: RegExp;
}

const cases: Case[] = [
  // ---- ObjectMeta and names per kind
  {
    mirrors: 'ValidateStatefulSetName + history.ControllerRevisionName',
    what: 'a StatefulSet name longer than 52 (its pods are never created)',
    obj: () => ({
      ...dist('local', '21-statefulset-open-webui-redis'),
      metadata: { ...dist('local', '21-statefulset-open-webui-redis').metadata, name: 'r'.repeat(53) },
    }),
    rule: 'api-object-name',
    path: 'metadata.name',
    message: /no more than 52/,
  },
  {
    mirrors: 'ValidateJob / ValidateGeneratedSelector',
    what: 'a Job name longer than 63 (the job-name pod label)',
    obj: () => {
      const j = dist('production', '22-job-');
      j.metadata.name = `j${'x'.repeat(63)}`;
      return j;
    },
    rule: 'api-object-name',
    path: 'metadata.name',
    message: /63/,
  },
  {
    mirrors: 'ValidateNamespaceName',
    what: 'a Namespace name that is a subdomain, not a label',
    obj: () => ({
      ...dist('production', '00-namespace-'),
      metadata: { ...dist('production', '00-namespace-').metadata, name: 'a.b' },
    }),
    rule: 'api-object-name',
    path: 'metadata.name',
  },
  {
    mirrors: 'NameIsDNSSubdomain (ConfigMap)',
    what: 'an upper-case ConfigMap name',
    obj: () => ({
      ...dist('local', '08-configmap-open-webui-redis'),
      metadata: { ...dist('local', '08-configmap-open-webui-redis').metadata, name: 'Redis' },
    }),
    rule: 'api-object-name',
    path: 'metadata.name',
  },
  {
    mirrors: 'ValidateRBACName (IsValidPathSegmentName)',
    what: 'a Role name with "/"',
    obj: () => ({
      ...dist('production', '15-role-'),
      metadata: { ...dist('production', '15-role-').metadata, name: 'a/b' },
    }),
    rule: 'api-object-name',
    path: 'metadata.name',
  },
  {
    mirrors: 'ValidateAnnotations / ValidateAnnotationsSize',
    what: 'annotations over 256 KiB in total',
    obj: () => {
      const d = DEPLOYMENT();
      d.metadata.annotations = { big: 'x'.repeat(256 * 1024) };
      return d;
    },
    rule: 'api-annotations-size',
    path: 'metadata.annotations',
  },
  {
    mirrors: 'ValidateAnnotations on the pod template',
    what: 'pod template annotations over 256 KiB',
    obj: () => {
      const d = DEPLOYMENT();
      d.spec.template.metadata.annotations = Object.fromEntries(
        Array.from({ length: 30000 }, (_, i) => [`a${i}`, 'value']),
      );
      return d;
    },
    rule: 'api-annotations-size',
    path: 'spec.template.metadata.annotations',
  },
  {
    mirrors: 'etcd --max-request-bytes',
    what: 'an object over 1.5 MiB',
    obj: () => {
      const c = dist('local', '08-configmap-open-webui-redis');
      c.data = { a: 'x'.repeat(900 * 1024), b: 'y'.repeat(900 * 1024) };
      return c;
    },
    rule: 'api-object-size',
    path: '',
  },
  // ---- pod spec: volumes and mounts
  {
    mirrors: 'ValidateVolumes',
    what: 'a volume name that is not a DNS-1123 label',
    obj: () => {
      const d = DEPLOYMENT();
      POD(d).volumes.push({ name: 'Bad_Name', emptyDir: {} });
      return d;
    },
    rule: 'pod-volumes-valid',
    path: `spec.template.spec.volumes[${NEXT_VOLUME()}].name`,
  },
  {
    mirrors: 'validateVolumeSource',
    what: 'a volume with two sources',
    obj: () => {
      const d = DEPLOYMENT();
      POD(d).volumes.push({ name: 'two', emptyDir: {}, configMap: { name: 'x' } });
      return d;
    },
    rule: 'pod-volumes-valid',
    path: `spec.template.spec.volumes[${NEXT_VOLUME()}]`,
    message: /more than 1 volume type/,
  },
  {
    mirrors: 'validateKeyToPath',
    what: 'a configMap item path with ".."',
    obj: () => {
      const d = DEPLOYMENT();
      POD(d).volumes.push({ name: 'cm', configMap: { name: 'x', items: [{ key: 'a', path: '../a' }] } });
      return d;
    },
    rule: 'pod-volumes-valid',
    path: `spec.template.spec.volumes[${NEXT_VOLUME()}].configMap.items[0].path`,
  },
  {
    mirrors: 'validateProjectionSources',
    what: 'a service account token that expires in under 10 minutes',
    obj: () => {
      const d = DEPLOYMENT();
      POD(d).volumes.push({
        name: 'tok',
        projected: { sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 60 } }] },
      });
      return d;
    },
    rule: 'pod-volumes-valid',
    path: `spec.template.spec.volumes[${NEXT_VOLUME()}].projected.sources[0].serviceAccountToken.expirationSeconds`,
  },
  {
    mirrors: 'validateLocalDescendingPath',
    what: 'a subPath of ".."',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).volumeMounts[0].subPath = '..';
      return d;
    },
    rule: 'pod-volumes-valid',
    path: 'spec.template.spec.containers[0].volumeMounts[0].subPath',
  },
  {
    mirrors: 'validateLocalDescendingPath',
    what: 'an absolute subPath',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).volumeMounts[0].subPath = '/etc';
      return d;
    },
    rule: 'pod-volumes-valid',
    path: 'spec.template.spec.containers[0].volumeMounts[0].subPath',
  },
  {
    mirrors: 'validatePathNoBacksteps',
    what: 'a mountPath with ".."',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).volumeMounts[0].mountPath = '/app/../etc';
      return d;
    },
    rule: 'pod-volumes-valid',
    path: 'spec.template.spec.containers[0].volumeMounts[0].mountPath',
  },
  // ---- containers
  {
    mirrors: 'validateContainers',
    what: 'two containers with one name',
    obj: () => {
      const d = DEPLOYMENT();
      POD(d).containers.push({ ...APP(d) });
      return d;
    },
    rule: 'api-containers',
    path: 'spec.template.spec.containers[1].name',
  },
  {
    mirrors: 'validateContainersOnlyForPod',
    what: 'an image with a trailing space',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).image = `${APP(d).image} `;
      return d;
    },
    rule: 'api-containers',
    path: 'spec.template.spec.containers[0].image',
  },
  {
    mirrors: 'validateContainerPorts (IsValidPortName)',
    what: 'a port name longer than 15 (IANA_SVC_NAME)',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).ports[0].name = 'a-very-long-port-name';
      return d;
    },
    rule: 'api-container-ports',
    path: 'spec.template.spec.containers[0].ports[0].name',
  },
  {
    mirrors: 'validateContainerPorts',
    what: 'two ports with one name',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).ports.push({ ...APP(d).ports[0], containerPort: 9999 });
      return d;
    },
    rule: 'api-container-ports',
    path: 'spec.template.spec.containers[0].ports[1].name',
  },
  {
    mirrors: 'ValidateEnv (IsEnvVarName)',
    what: 'an env name starting with a digit',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).env.push({ name: '1ST', value: 'x' });
      return d;
    },
    rule: 'api-env',
    path: `spec.template.spec.containers[0].env[${DEPLOYMENT().spec.template.spec.containers[0].env.length}].name`,
  },
  {
    mirrors: 'validateEnvVarValueFrom',
    what: 'value and valueFrom together',
    obj: () => {
      const d = DEPLOYMENT();
      const e = APP(d).env.find((x: any) => x.valueFrom);
      e.value = 'also';
      return d;
    },
    rule: 'api-env',
    path: `spec.template.spec.containers[0].env[${DEPLOYMENT().spec.template.spec.containers[0].env.findIndex((x: any) => x.valueFrom)}].valueFrom`,
  },
  {
    mirrors: 'validateSecretKeySelector (IsConfigMapKey)',
    what: 'a secretKeyRef key with "/"',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).env.find((x: any) => x.valueFrom?.secretKeyRef).valueFrom.secretKeyRef.key = 'a/b';
      return d;
    },
    rule: 'api-env',
    path: `spec.template.spec.containers[0].env[${DEPLOYMENT().spec.template.spec.containers[0].env.findIndex((x: any) => x.valueFrom?.secretKeyRef)}].valueFrom.secretKeyRef.key`,
  },
  {
    mirrors: 'validateObjectFieldSelector',
    what: 'an unsupported fieldRef path',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).env.push({ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.containers' } } });
      return d;
    },
    rule: 'api-env',
    path: `spec.template.spec.containers[0].env[${DEPLOYMENT().spec.template.spec.containers[0].env.length}].valueFrom.fieldRef.fieldPath`,
  },
  // ---- probes and hooks
  {
    mirrors: 'validateHandler',
    what: 'a probe with two handlers',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).readinessProbe.tcpSocket = { port: 8080 };
      return d;
    },
    rule: 'api-probes',
    path: 'spec.template.spec.containers[0].readinessProbe',
    message: /more than 1 handler/,
  },
  {
    mirrors: 'validateHandler',
    what: 'a probe with no handler',
    obj: () => {
      const d = DEPLOYMENT();
      delete APP(d).readinessProbe.httpGet;
      return d;
    },
    rule: 'api-probes',
    path: 'spec.template.spec.containers[0].readinessProbe',
    message: /must specify a handler/,
  },
  {
    mirrors: 'validateProbe',
    what: 'a negative periodSeconds',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).readinessProbe.periodSeconds = -1;
      return d;
    },
    rule: 'api-probes',
    path: 'spec.template.spec.containers[0].readinessProbe.periodSeconds',
  },
  {
    mirrors: 'validateContainers (liveness successThreshold)',
    what: 'a liveness probe with successThreshold 2',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).livenessProbe.successThreshold = 2;
      return d;
    },
    rule: 'api-probes',
    path: 'spec.template.spec.containers[0].livenessProbe.successThreshold',
  },
  {
    mirrors: 'validateHTTPGetAction (ValidatePortNumOrName)',
    what: 'an httpGet port out of range',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).readinessProbe.httpGet.port = 70000;
      return d;
    },
    rule: 'api-probes',
    path: 'spec.template.spec.containers[0].readinessProbe.httpGet.port',
  },
  {
    mirrors: 'validateInitContainers',
    what: 'a probe on an init container',
    obj: () => {
      const d = DEPLOYMENT();
      POD(d).initContainers[0].readinessProbe = { exec: { command: ['true'] } };
      return d;
    },
    rule: 'api-probes',
    path: 'spec.template.spec.initContainers[0].readinessProbe',
  },
  // ---- security context
  {
    mirrors: 'ValidateSecurityContext',
    what: 'privileged with allowPrivilegeEscalation false',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).securityContext.privileged = true;
      return d;
    },
    rule: 'api-security-context',
    path: 'spec.template.spec.containers[0].securityContext',
  },
  {
    mirrors: 'ValidateSecurityContext (IsValidUserID)',
    what: 'a negative runAsUser',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).securityContext.runAsUser = -1;
      return d;
    },
    rule: 'api-security-context',
    path: 'spec.template.spec.containers[0].securityContext.runAsUser',
  },
  {
    mirrors: 'validateSeccompProfileField',
    what: 'a Localhost seccomp profile without localhostProfile',
    obj: () => {
      const d = DEPLOYMENT();
      APP(d).securityContext.seccompProfile = { type: 'Localhost' };
      return d;
    },
    rule: 'api-security-context',
    path: 'spec.template.spec.containers[0].securityContext.seccompProfile.localhostProfile',
  },
  // ---- pod-level
  {
    mirrors: 'ValidateDeploymentSpec (restartPolicy)',
    what: 'a Deployment with restartPolicy Never',
    obj: () => {
      const d = DEPLOYMENT();
      POD(d).restartPolicy = 'Never';
      return d;
    },
    rule: 'api-pod-spec',
    path: 'spec.template.spec.restartPolicy',
  },
  {
    mirrors: 'ValidateTolerations',
    what: 'tolerationSeconds without NoExecute',
    obj: () => {
      const d = DEPLOYMENT();
      POD(d).tolerations = [{ key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }];
      return d;
    },
    rule: 'api-pod-spec',
    path: 'spec.template.spec.tolerations[0].effect',
  },
  {
    mirrors: 'validateTopologySpreadConstraints',
    what: 'maxSkew 0',
    obj: () => {
      const d = DEPLOYMENT();
      POD(d).topologySpreadConstraints[0].maxSkew = 0;
      return d;
    },
    rule: 'api-pod-spec',
    path: 'spec.template.spec.topologySpreadConstraints[0].maxSkew',
  },
  {
    mirrors: 'ValidateNodeSelectorRequirement',
    what: 'a node affinity In with no values',
    obj: () => {
      const d = DEPLOYMENT();
      POD(d).affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: [] }] }],
          },
        },
      };
      return d;
    },
    rule: 'api-pod-spec',
    path: 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values',
  },
  // ---- workloads
  {
    mirrors: 'ValidateDeploymentSpec (selector matches template)',
    what: 'a selector that does not match the template labels',
    obj: () => {
      const d = DEPLOYMENT();
      d.spec.selector.matchLabels['app.kubernetes.io/name'] = 'other';
      return d;
    },
    rule: 'api-selector',
    path: 'spec.template.metadata.labels',
  },
  {
    mirrors: 'ValidateRollingUpdateDeployment',
    what: 'maxSurge and maxUnavailable both 0',
    obj: () => {
      const d = DEPLOYMENT();
      d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } };
      return d;
    },
    rule: 'api-deployment',
    path: 'spec.strategy.rollingUpdate.maxUnavailable',
  },
  {
    mirrors: 'ValidateDeploymentStrategy',
    what: 'rollingUpdate with type Recreate',
    obj: () => {
      const d = DEPLOYMENT();
      d.spec.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } };
      return d;
    },
    rule: 'api-deployment',
    path: 'spec.strategy.rollingUpdate',
  },
  {
    mirrors: 'ValidateStatefulSetSpec',
    what: 'activeDeadlineSeconds on a StatefulSet pod',
    obj: () => {
      const s = dist('local', '21-statefulset-open-webui-redis');
      s.spec.template.spec.activeDeadlineSeconds = 5;
      return s;
    },
    rule: 'api-statefulset',
    path: 'spec.template.spec.activeDeadlineSeconds',
  },
  {
    mirrors: 'validateJobSpec',
    what: 'a Job with restartPolicy Always',
    obj: () => {
      const j = dist('production', '22-job-');
      j.spec.template.spec.restartPolicy = 'Always';
      return j;
    },
    rule: 'api-pod-spec',
    path: 'spec.template.spec.restartPolicy',
  },
  {
    mirrors: 'validateJobSpec',
    what: 'a negative backoffLimit',
    obj: () => {
      const j = dist('production', '22-job-');
      j.spec.backoffLimit = -1;
      return j;
    },
    rule: 'api-job',
    path: 'spec.backoffLimit',
  },
  // ---- HPA, PDB
  {
    mirrors: 'validateHorizontalPodAutoscalerSpec',
    what: 'maxReplicas below minReplicas',
    obj: () => {
      const h = dist('production', '25-horizontalpodautoscaler-');
      h.spec.maxReplicas = 2;
      return h;
    },
    rule: 'api-hpa',
    path: 'spec.maxReplicas',
  },
  {
    mirrors: 'validateMetricSpec',
    what: 'a Resource metric without its resource block',
    obj: () => {
      const h = dist('production', '25-horizontalpodautoscaler-');
      h.spec.metrics = [
        { type: 'Resource', pods: { metric: { name: 'x' }, target: { type: 'AverageValue', averageValue: '1' } } },
      ];
      return h;
    },
    rule: 'api-hpa',
    path: 'spec.metrics[0].resource',
  },
  {
    mirrors: 'validateMetricTarget',
    what: 'a Utilization target without averageUtilization',
    obj: () => {
      const h = dist('production', '25-horizontalpodautoscaler-');
      delete h.spec.metrics[0].resource.target.averageUtilization;
      return h;
    },
    rule: 'api-hpa',
    path: 'spec.metrics[0].resource.target.averageUtilization',
  },
  {
    mirrors: 'validateScalingRules',
    what: 'a scaling policy period over 1800 s',
    obj: () => {
      const h = dist('production', '25-horizontalpodautoscaler-');
      h.spec.behavior = { scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 3600 }] } };
      return h;
    },
    rule: 'api-hpa',
    path: 'spec.behavior.scaleDown.policies[0].periodSeconds',
  },
  {
    mirrors: 'ValidatePodDisruptionBudgetSpec',
    what: 'minAvailable and maxUnavailable together',
    obj: () => {
      const p = dist('production', '04-poddisruptionbudget-');
      p.spec.minAvailable = 1;
      p.spec.maxUnavailable = 1;
      return p;
    },
    rule: 'api-pdb',
    path: 'spec',
  },
  {
    mirrors: 'IsNotMoreThan100Percent',
    what: 'minAvailable 150%',
    obj: () => {
      const p = dist('production', '04-poddisruptionbudget-');
      delete p.spec.maxUnavailable;
      p.spec.minAvailable = '150%';
      return p;
    },
    rule: 'api-pdb',
    path: 'spec.minAvailable',
  },
  // ---- networking
  {
    mirrors: 'ValidateIngressCreate',
    what: 'a kubernetes.io/ingress.class annotation that differs from ingressClassName',
    obj: () => {
      const i = dist('aws', '27-ingress-');
      i.metadata.annotations['kubernetes.io/ingress.class'] = 'nginx';
      return i;
    },
    rule: 'api-ingress',
    path: 'metadata.annotations["kubernetes.io/ingress.class"]',
  },
  {
    mirrors: 'validateIngressRules',
    what: 'an Ingress host that is an IP address',
    obj: () => {
      const i = dist('aws', '27-ingress-');
      i.spec.rules[0].host = '10.0.0.1';
      return i;
    },
    rule: 'api-ingress',
    path: 'spec.rules[0].host',
    message: /not an IP address/,
  },
  {
    mirrors: 'validateIngressRules (IsWildcardDNS1123Subdomain)',
    what: 'a wildcard that is not the whole first label',
    obj: () => {
      const i = dist('aws', '27-ingress-');
      i.spec.rules[0].host = 'chat*.example.com';
      return i;
    },
    rule: 'api-ingress',
    path: 'spec.rules[0].host',
  },
  {
    mirrors: 'validateHTTPIngressPath',
    what: 'a Prefix path with "//"',
    obj: () => {
      const i = dist('aws', '27-ingress-');
      i.spec.rules[0].http.paths[0].path = '//x';
      return i;
    },
    rule: 'api-ingress',
    path: 'spec.rules[0].http.paths[0].path',
  },
  {
    mirrors: 'ValidateIPBlock',
    what: 'an except that is not inside the cidr',
    obj: () => {
      const n = dist('production', '01-networkpolicy-');
      n.spec.egress.push({ to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['192.168.0.0/24'] } }] });
      return n;
    },
    rule: 'api-networkpolicy',
    path: `spec.egress[${dist('production', '01-networkpolicy-').spec.egress.length}].to[0].ipBlock.except[0]`,
  },
  {
    mirrors: 'ValidateNetworkPolicyPort',
    what: 'an endPort with a named port',
    obj: () => {
      const n = dist('production', '01-networkpolicy-');
      n.spec.egress.push({ ports: [{ port: 'http', endPort: 90 }] });
      return n;
    },
    rule: 'api-networkpolicy',
    path: `spec.egress[${dist('production', '01-networkpolicy-').spec.egress.length}].ports[0].endPort`,
  },
  {
    mirrors: 'ValidateService (validateServicePort)',
    what: 'two unnamed ports',
    obj: () => {
      const s = dist('production', '17-service-');
      s.spec.ports = [{ port: 80 }, { port: 81 }];
      return s;
    },
    rule: 'api-service',
    path: 'spec.ports[0].name',
  },
  {
    mirrors: 'validateClientIPAffinityConfig',
    what: 'a session affinity timeout over a day',
    obj: () => {
      const s = dist('production', '17-service-');
      s.spec.sessionAffinity = 'ClientIP';
      s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 90000 } };
      return s;
    },
    rule: 'api-service',
    path: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
  },
  // ---- storage and config
  {
    mirrors: 'ValidatePersistentVolumeClaimSpec -> ValidateClassName',
    what: 'a storageClassName that is not a DNS subdomain',
    obj: () => {
      const p = dist('production', '11-persistentvolumeclaim-');
      p.spec.storageClassName = 'Fast_SSD';
      return p;
    },
    rule: 'api-pvc',
    path: 'spec.storageClassName',
  },
  {
    mirrors: 'ValidatePersistentVolumeClaimSpec',
    what: 'ReadWriteOncePod with another mode',
    obj: () => {
      const p = dist('production', '11-persistentvolumeclaim-');
      p.spec.accessModes = ['ReadWriteOncePod', 'ReadWriteMany'];
      return p;
    },
    rule: 'api-pvc',
    path: 'spec.accessModes',
  },
  {
    mirrors: 'ValidateConfigMap (IsConfigMapKey)',
    what: 'a ConfigMap key with "/"',
    obj: () => {
      const c = dist('local', '08-configmap-open-webui-redis');
      c.data['a/b'] = 'x';
      return c;
    },
    rule: 'api-config-data',
    path: 'data["a/b"]',
  },
  {
    mirrors: 'ValidatePolicyRule',
    what: 'a Role rule without verbs',
    obj: () => {
      const r = dist('production', '15-role-');
      r.rules[0].verbs = [];
      return r;
    },
    rule: 'api-rbac',
    path: 'rules[0].verbs',
  },
  {
    mirrors: 'ValidateRoleBinding',
    what: 'a roleRef with the wrong apiGroup',
    obj: () => {
      const r = dist('production', '16-rolebinding-');
      r.roleRef.apiGroup = 'rbac.example.com';
      return r;
    },
    rule: 'api-rbac',
    path: 'roleRef.apiGroup',
  },
];

describe('check mirrors the API server (src/check/apiserver.ts)', () => {
  test('every committed manifest passes every API-server rule', () => {
    for (const env of fs.readdirSync('dist').filter((d) => fs.statSync(path.join('dist', d)).isDirectory()))
      for (const file of fs.readdirSync(path.join('dist', env)).filter((f) => f.endsWith('.yaml'))) {
        const obj = load(fs.readFileSync(path.join('dist', env, file), 'utf8'));
        const api = found(obj).filter((f) => f.rule.startsWith('api-') || f.rule === 'pod-volumes-valid');
        expect({ file: `${env}/${file}`, api }).toEqual({ file: `${env}/${file}`, api: [] });
      }
  });

  test.each(cases.map((c) => [`${c.mirrors}: ${c.what}`, c] as const))('%s', (_title, c) => {
    const findings = found(c.obj()).filter((f) => f.rule === c.rule);
    const at = findings.filter((f) => f.path === c.path);
    expect({ path: c.path, got: at.length ? 'found' : findings.map((f) => `${f.path}: ${f.message}`) }).toEqual({
      path: c.path,
      got: 'found',
    });
    if (c.message) expect(at.map((f) => f.message).join('\n')).toMatch(c.message);
    // Every finding names the Kubernetes function it mirrors.
    for (const f of at) expect(f.mirrors).toMatch(/validation|etcd|Controller/i);
  });
});
