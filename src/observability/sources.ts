/**
 * The availability and latency SLIs per request-metric source: PromQL over a window, and the
 * synthetic series the promtool unit tests feed the rules (shaped exactly like each exporter's
 * series, labels included). Metric names come from metrics.ts.
 */
import { METRICS } from './metrics';

/** One promtool `input_series` entry. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** Traffic of a synthetic scenario, constant for `minutes` minutes from t=0. */
export interface Traffic {
  readonly okPerMinute: number;
  readonly errorsPerMinute: number;
  /** Average latency of the requests in the latency SLI. */
  readonly latencySeconds: number;
  readonly minutes: number;
  /** Minutes between samples (long scenarios use 10). Default 1. */
  readonly stepMinutes?: number;
}

export interface RequestSli {
  readonly kind: 'ingress-nginx' | 'alb' | 'otel' | 'envoy-gateway';
  /** Share of 5xx answers over `window` (a PromQL duration such as `5m`). */
  errorRatio(window: string): string;
  /** Requests per second over `window`. */
  requestRate(window: string): string;
  /**
   * Average latency in seconds over `window`, without probes, websockets and streams; absent when
   * the source cannot leave them out (no latency recording rule, alert or panel then).
   */
  latencyAverageSeconds?: (window: string) => string;
  /** A selector that exists while the source delivers data (for `absent()`), or undefined when data legitimately stops (ALB without traffic). */
  readonly presence?: string;
  /** Labels `absent(presence)` yields (its equality matchers). */
  readonly presenceLabels?: Record<string, string>;
  /** Seconds by which the source's samples lag behind (alerts fire that much later). */
  readonly delaySeconds: number;
  /** What the latency SLI leaves out, and how (for docs and alert text); with no latency SLI, why there is none. */
  readonly latencyNote: string;
  /** Synthetic series for `traffic`, plus traffic the latency SLI must ignore (websockets, streams). */
  testSeries(traffic: Traffic): InputSeries[];
}

const sel = (labels: Record<string, string>, extra = ''): string =>
  `{${[...Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`), ...(extra ? [extra] : [])].join(',')}}`;

/** `0+bxN`: a counter growing by `perMinute` a minute, sampled every `stepMinutes`, for `t.minutes`. */
const counter = (perMinute: number, t: Traffic) => {
  const step = t.stepMinutes ?? 1;
  return `0+${perMinute * step}x${Math.ceil(t.minutes / step)}`;
};
/** A gauge holding `value` (a per-sample CloudWatch statistic) for `t.minutes`. */
const gauge = (value: number, t: Traffic) => `${value}x${Math.ceil(t.minutes / (t.stepMinutes ?? 1))}`;
/** Requests per minute of traffic the latency SLI must leave out (websockets, streams): a tenth of the rest. */
const excluded = (t: Traffic) => (t.okPerMinute + t.errorsPerMinute) / 10;

/** Routes Open WebUI serves that are not request/response: probes, the socket.io mount, streamed completions. */
export const OTEL_EXCLUDED_ROUTES = [
  '/health',
  '/health/db',
  '/ready',
  '/ws.*',
  '/api/chat/completions',
  '/api/v1/chat/completions',
  '/ollama/api/chat',
  '/ollama/api/generate',
  '/openai/chat/completions',
] as const;

export interface IngressNginxOptions {
  readonly namespace: string;
  readonly namespaceLabel: string;
  readonly ingress: string;
}

/**
 * ingress-nginx: requests by status; latency from `header_duration_seconds` (upstream time to the
 * first response header), so a streamed completion counts its time to first byte, and websocket
 * upgrades (status 101) are left out. Probes go to the pods directly, not through the controller.
 */
export function ingressNginxSli(o: IngressNginxOptions): RequestSli {
  const labels = { [o.namespaceLabel]: o.namespace, ingress: o.ingress };
  const requests = (extra = '') => `${METRICS.nginxRequests.name}${sel(labels, extra)}`;
  const latencySel = sel(labels, 'status!="101"');
  return {
    kind: 'ingress-nginx',
    errorRatio: (w) => `sum(rate(${requests('status=~"5.."')}[${w}])) / sum(rate(${requests()}[${w}]))`,
    requestRate: (w) => `sum(rate(${requests()}[${w}]))`,
    latencyAverageSeconds: (w) =>
      `sum(rate(${METRICS.nginxHeaderSum.name}${latencySel}[${w}])) / sum(rate(${METRICS.nginxHeaderCount.name}${latencySel}[${w}]))`,
    presence: requests(),
    presenceLabels: labels,
    delaySeconds: 0,
    latencyNote:
      'time to the first response header from the app (so streamed completions count their time to first byte); websocket upgrades (status 101) left out; probes do not pass the controller',
    testSeries: (t) => {
      const base = { ...labels, controller_class: 'k8s.io/ingress-nginx', method: 'GET', path: '/' };
      const s = (status: string) => sel({ ...base, status });
      const out: InputSeries[] = [
        { series: `${METRICS.nginxRequests.name}${s('200')}`, values: counter(t.okPerMinute, t) },
        { series: `${METRICS.nginxRequests.name}${s('500')}`, values: counter(t.errorsPerMinute, t) },
        {
          series: `${METRICS.nginxHeaderSum.name}${s('200')}`,
          values: counter(t.okPerMinute * t.latencySeconds, t),
        },
        { series: `${METRICS.nginxHeaderCount.name}${s('200')}`, values: counter(t.okPerMinute, t) },
        // Websocket upgrades (a tenth of the traffic) held 10 minutes each: left out of latency.
        { series: `${METRICS.nginxRequests.name}${s('101')}`, values: counter(excluded(t), t) },
        { series: `${METRICS.nginxHeaderSum.name}${s('101')}`, values: counter(excluded(t) * 600, t) },
        { series: `${METRICS.nginxHeaderCount.name}${s('101')}`, values: counter(excluded(t), t) },
      ];
      return out;
    },
  };
}

export interface AlbOptions {
  /** Regular expression for the `load_balancer` label. */
  readonly loadBalancer: string;
  readonly delaySeconds: number;
}

/**
 * ALB through cloudwatch_exporter: one gauge sample per minute holding that minute's CloudWatch
 * statistic, stamped with CloudWatch's time (`delaySeconds` in the past), so windows are
 * `sum_over_time(...[w] offset delay)`. HTTPCode_* counts exist only for minutes with errors,
 * hence `or vector(0)`. TargetResponseTime ends when the target starts its response headers
 * (streams count their time to first byte; websockets their upgrade); ALB health checks are not
 * counted by CloudWatch.
 */
export function albSli(o: AlbOptions): RequestSli {
  const lb = { load_balancer: o.loadBalancer };
  const offset = o.delaySeconds > 0 ? ` offset ${o.delaySeconds}s` : '';
  const lbSel = `{load_balancer=~${JSON.stringify(o.loadBalancer)}}`;
  const total = (name: string, w: string) => `sum(sum_over_time(${name}${lbSel}[${w}]${offset}))`;
  return {
    kind: 'alb',
    errorRatio: (w) =>
      `((${total(METRICS.albTarget5xx.name, w)} or vector(0)) + (${total(METRICS.albElb5xx.name, w)} or vector(0))) / ${total(METRICS.albRequests.name, w)}`,
    requestRate: (w) => `${total(METRICS.albRequests.name, w)} / ${durationSeconds(w)}`,
    latencyAverageSeconds: (w) =>
      `${total(METRICS.albResponseTimeSum.name, w)} / ${total(METRICS.albResponseTimeCount.name, w)}`,
    delaySeconds: o.delaySeconds,
    latencyNote:
      'ALB TargetResponseTime: until the app starts its response headers (streamed completions count their time to first byte, websockets their upgrade); CloudWatch leaves ALB health checks out',
    testSeries: (t) => {
      const name = 'app/k8s-openwebu-openwebu-0123456789/0123456789abcdef';
      const s = sel({ ...lb, load_balancer: name, job: 'aws_applicationelb' });
      const requests = t.okPerMinute + t.errorsPerMinute;
      const out: InputSeries[] = [
        { series: `${METRICS.albRequests.name}${s}`, values: gauge(requests, t) },
        { series: `${METRICS.albResponseTimeSum.name}${s}`, values: gauge(requests * t.latencySeconds, t) },
        { series: `${METRICS.albResponseTimeCount.name}${s}`, values: gauge(requests, t) },
      ];
      // CloudWatch reports HTTPCode_* only for minutes that had such answers.
      if (t.errorsPerMinute > 0) {
        out.push({ series: `${METRICS.albTarget5xx.name}${s}`, values: gauge(t.errorsPerMinute / 2, t) });
        out.push({ series: `${METRICS.albElb5xx.name}${s}`, values: gauge(t.errorsPerMinute / 2, t) });
      }
      return out;
    },
  };
}

export interface OtelOptions {
  /** The `job` label (the resource's service.name). */
  readonly job: string;
}

/**
 * Open WebUI's own metrics through a collector. Its middleware records every request including
 * probes; the latency SLI leaves out OTEL_EXCLUDED_ROUTES.
 */
export function otelSli(o: OtelOptions): RequestSli {
  const labels = { job: o.job };
  const requests = (extra = '') => `${METRICS.otelRequests.name}${sel(labels, extra)}`;
  const routes = `http_route!~${JSON.stringify(OTEL_EXCLUDED_ROUTES.join('|'))}`;
  const latencySel = sel(labels, routes);
  return {
    kind: 'otel',
    errorRatio: (w) => `sum(rate(${requests('http_status_code=~"5.."')}[${w}])) / sum(rate(${requests()}[${w}]))`,
    requestRate: (w) => `sum(rate(${requests()}[${w}]))`,
    latencyAverageSeconds: (w) =>
      `sum(rate(${METRICS.otelDurationSum.name}${latencySel}[${w}])) / sum(rate(${METRICS.otelDurationCount.name}${latencySel}[${w}])) / 1000`,
    presence: requests(),
    presenceLabels: labels,
    delaySeconds: 0,
    latencyNote: `Open WebUI's own request duration without the routes ${OTEL_EXCLUDED_ROUTES.join(', ')} (probes, socket.io, streamed completions)`,
    testSeries: (t) => {
      const s = (route: string, status: string, instance: string) =>
        sel({ ...labels, instance, http_method: 'GET', http_route: route, http_status_code: status });
      const out: InputSeries[] = [];
      // Two replicas, each with half of the traffic (their own service.instance.id).
      for (const instance of ['open-webui-7d9f8-a', 'open-webui-7d9f8-b']) {
        out.push(
          {
            series: `${METRICS.otelRequests.name}${s('/api/v1/chats/', '200', instance)}`,
            values: counter(t.okPerMinute / 2, t),
          },
          {
            series: `${METRICS.otelRequests.name}${s('/api/v1/chats/', '500', instance)}`,
            values: counter(t.errorsPerMinute / 2, t),
          },
          {
            series: `${METRICS.otelDurationSum.name}${s('/api/v1/chats/', '200', instance)}`,
            values: counter((t.okPerMinute / 2) * t.latencySeconds * 1000, t),
          },
          {
            series: `${METRICS.otelDurationCount.name}${s('/api/v1/chats/', '200', instance)}`,
            values: counter(t.okPerMinute / 2, t),
          },
          // Streamed completions (60 s) and socket.io (10 min), a tenth of the traffic each: left out of latency.
          {
            series: `${METRICS.otelDurationSum.name}${s('/api/chat/completions', '200', instance)}`,
            values: counter((excluded(t) / 2) * 60000, t),
          },
          {
            series: `${METRICS.otelDurationCount.name}${s('/api/chat/completions', '200', instance)}`,
            values: counter(excluded(t) / 2, t),
          },
          {
            series: `${METRICS.otelDurationSum.name}${s('/ws', '200', instance)}`,
            values: counter((excluded(t) / 2) * 600000, t),
          },
          {
            series: `${METRICS.otelDurationCount.name}${s('/ws', '200', instance)}`,
            values: counter(excluded(t) / 2, t),
          },
        );
      }
      return out;
    },
  };
}

export interface EnvoyGatewayOptions {
  /** `envoy_cluster_name` of the upstream cluster Envoy Gateway makes for the route rule. */
  readonly clusterName: string;
  /**
   * The `job` of Open WebUI's own OTLP metrics, when they are exported: the latency SLI reads them.
   * @default no latency SLI
   */
  readonly latencyJob?: string;
}

/**
 * Envoy Gateway: the route rule's upstream cluster stats. Errors and rate are responses by class
 * (`envoy_cluster_upstream_rq_xx`, which counts the gateway's own 503/504 too); probes go to the
 * pods directly, not through the gateway. What cluster stats cannot express: leaving websockets
 * and streamed completions out of latency. A cluster is per route rule, not per path, and
 * `upstream_rq_time` ends when the upstream response ends (envoyproxy/envoy
 * source/common/router/router.cc `Filter::onUpstreamComplete`: from the end of the request to the
 * end of the response), so a streamed answer counts its full length and the 2 s average could
 * never hold. The latency SLI therefore comes from Open WebUI's own `http.server.duration` (time
 * to the response object, without the excluded routes) when OTLP metrics are exported, and is
 * absent otherwise.
 */
export function envoyGatewaySli(o: EnvoyGatewayOptions): RequestSli {
  const cluster = { envoy_cluster_name: o.clusterName };
  const responses = (extra = '') => `${METRICS.envoyRequestsByClass.name}${sel(cluster, extra)}`;
  const otel = o.latencyJob !== undefined ? otelSli({ job: o.latencyJob }) : undefined;
  return {
    kind: 'envoy-gateway',
    errorRatio: (w) =>
      `sum(rate(${responses('envoy_response_code_class="5"')}[${w}])) / sum(rate(${responses()}[${w}]))`,
    requestRate: (w) => `sum(rate(${responses()}[${w}]))`,
    ...(otel?.latencyAverageSeconds ? { latencyAverageSeconds: otel.latencyAverageSeconds } : {}),
    presence: `${METRICS.envoyRequestsTotal.name}${sel(cluster)}`,
    presenceLabels: cluster,
    delaySeconds: 0,
    latencyNote: otel
      ? `${otel.latencyNote}: Envoy's cluster stats time whole responses (a streamed answer counts its full length) and cannot leave paths out`
      : "no latency SLI: Envoy's cluster stats time whole responses (a streamed answer counts its full length) and cannot leave paths out; export Open WebUI's OTLP metrics (observability.otel) for one",
    testSeries: (t) => {
      const out: InputSeries[] = [];
      // Two gateway proxies, each with half of the traffic.
      for (const pod of ['envoy-gateways-public-5f7d9-a', 'envoy-gateways-public-5f7d9-b']) {
        const s = (extra: Record<string, string>) =>
          sel({
            ...cluster,
            ...extra,
            namespace: 'envoy-gateway-system',
            pod,
            job: 'envoy-gateway-system/envoy-proxy',
          });
        out.push(
          {
            series: `${METRICS.envoyRequestsByClass.name}${s({ envoy_response_code_class: '2' })}`,
            values: counter(t.okPerMinute / 2, t),
          },
          {
            series: `${METRICS.envoyRequestsByClass.name}${s({ envoy_response_code_class: '5' })}`,
            values: counter(t.errorsPerMinute / 2, t),
          },
          // Websocket upgrades answer 101: responses, not errors.
          {
            series: `${METRICS.envoyRequestsByClass.name}${s({ envoy_response_code_class: '1' })}`,
            values: counter(excluded(t) / 2, t),
          },
          {
            series: `${METRICS.envoyRequestsTotal.name}${s({})}`,
            values: counter((t.okPerMinute + t.errorsPerMinute + excluded(t)) / 2, t),
          },
        );
      }
      return otel ? [...out, ...otel.testSeries(t)] : out;
    },
  };
}

/** Seconds in a PromQL duration such as `5m`, `1h`, `3d`. */
export function durationSeconds(d: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(d);
  if (!m) throw new Error(`Unsupported duration ${d}`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}
