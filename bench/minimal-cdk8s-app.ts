/**
 * An anchor for `npm run bench`: a minimal cdk8s-plus app (one Deployment exposed by a Service),
 * synthesized to YAML the way `cdk8s synth` runs an app. usage: node build/bench/minimal-cdk8s-app.js <out-dir>
 */
import { App, Chart } from 'cdk8s';
import { Deployment } from 'cdk8s-plus-28';

const app = new App({ outdir: process.argv[2] ?? 'dist-minimal' });
const chart = new Chart(app, 'minimal');
const deployment = new Deployment(chart, 'web', {
  replicas: 2,
  containers: [{ image: 'ghcr.io/open-webui/open-webui:0.11.0', portNumber: 8080 }],
});
deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
app.synth();
