/**
 * `check [dir|file ...]`: validates rendered manifests (default `dist/`) strictly against the
 * Kubernetes 1.28 API schema and vendored CRD schemas, flags removed APIs, and enforces the
 * security policy. One line per problem, then a summary; exit 1 on any error.
 */
import * as fs from 'fs';
import { parseArgs } from '../args';
import { COMMAND_FLAGS } from './flags';
import { loadCatalog } from '../check/catalog';
import { locateFindings, readManifests } from '../check/check-dir';
import { checkObjects, Finding, formatFinding, oneFindingPerField } from '../check';
import { recoverOutput } from '../synth/write';
import { startSecretlint } from '../check/secretlint';

export const CHECK_USAGE = `Usage: npm run check -- [dir|file ...] [--quiet]

Validates every manifest under the given directories (default: dist/) like kubeconform -strict
against the Kubernetes 1.28 schema (schemas/kubernetes/) and vendored CRD schemas (schemas/crds/:
Argo CD Application/AppProject, ExternalSecret, PrometheusRule, Gateway API HTTPRoute, Istio
DestinationRule, AWS Load Balancer Controller TargetGroupConfiguration/LoadBalancerConfiguration,
GKE GCPSessionAffinityPolicy/HealthCheckPolicy/GCPBackendPolicy/BackendConfig), flags APIs removed
in Kubernetes up to 1.34 (and Gateway API HTTPRoute v1alpha2), and enforces the security policy
(docs/security.md).
Exit status: 0 clean, 1 problems found (or no manifests found), 2 usage error.`;

export function runCheck(argv: string[], io: { out: (s: string) => void; err: (s: string) => void }): number {
  const args = parseArgs(argv, COMMAND_FLAGS.check);
  if (args.flags.has('help')) {
    io.out(CHECK_USAGE);
    return 0;
  }
  const targets = args.positionals.length ? args.positionals : ['dist'];
  // A synth killed between its two renames left the previous output under a temporary name: put it back first.
  for (const t of targets) recoverOutput(t);
  // Nothing to check is a failure, never a silent "ok" (a wrong path in CI would pass forever).
  const missing = targets.filter((t) => !fs.existsSync(t));
  if (missing.length) {
    io.err(
      `error: no manifests found: ${missing.map((t) => `"${t}"`).join(', ')} does not exist. Run \`npm run synth\` first or pass the directory holding the rendered manifests.`,
    );
    return 1;
  }
  startSecretlint(); // loads in a worker while the schemas load and the files are read
  const start = process.hrtime.bigint();
  const catalog = loadCatalog();
  let files = 0;
  const findings: Finding[] = [];
  let objects = 0;
  for (const t of targets) {
    const read = readManifests(t);
    if (read.objects.length === 0 && read.errors.length === 0) {
      io.err(
        `error: no manifests found in "${t}" (${read.files ? 'its YAML/JSON files hold no document' : 'no .yaml, .yml or .json file'}). Run \`npm run synth\` first or pass the directory holding the rendered manifests.`,
      );
      return 1;
    }
    files += read.files;
    objects += read.objects.length;
    findings.push(...read.errors, ...locateFindings(oneFindingPerField(checkObjects(read.objects))));
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  for (const f of findings) (f.severity === 'error' ? io.err : io.out)(formatFinding(f));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const summary = `${errors ? 'FAIL' : 'ok'}: ${objects} objects in ${files} files, ${errors} error(s), ${warnings} warning(s) (schema load ${catalog.loadMs.toFixed(0)} ms, total ${ms.toFixed(0)} ms)`;
  if (errors || !args.flags.has('quiet')) (errors ? io.err : io.out)(summary);
  return errors ? 1 : 0;
}
